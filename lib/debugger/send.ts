import { randomUUID } from 'node:crypto';
import { PRODUCE_HEADERS, sendProduceCall, type ProduceCallResult } from '../marketplace/call';
import { kitBody, sendKitCall } from '../marketplace/kit';
import { encryptClientSecret } from '../kit/rsa';
import { sleep } from '../marketplace/retries';
import { redactBody } from '../redact';
import { keysFor, type AppConfig } from '../config';
import { fingerprint } from '../settings';
import { sendV1Call } from '../marketplace/v1/call';
import {
  buildBody,
  buildV1Params,
  isV1DebugActivity,
  buildKitFields,
  checkResolvedLengths,
  cleanParams,
  fillPlaceholders,
  interfaceTypeOf,
  isKitActivity,
  placeholdersIn,
  validateForm,
  type DebugActivity,
  type FieldErrors,
} from './catalog';
import { judge, type Verdict } from './judge';

/**
 * One debugging call (spec §10.1 "调试"): the form's values with their placeholders filled, signed as the marketplace
 * signs (spec §3.2; the kit interfaces in headers, spec §3.12), sent with the marketplace's 5 s timeout, and judged.
 */

export interface DebugTarget {
  url: string;
  key: string;
  /** which key signed: the variable it came from, or "typed key <fingerprint>"; never the key */
  keyLabel: string;
  /** this app's own production URL */
  own: boolean;
}

/** This app's production URL as the marketplace calls it (the one the settings page tells sellers to register). */
export function appProductionUrl(config: AppConfig): string {
  return `${config.publicUrl}/api/produce`;
}

export type TargetOutcome = { ok: true; target: DebugTarget } | { ok: false; error: 'noKey' | 'keyRequired' | 'publicKeyUnknown' };

/** Whether a typed URL is this app's own production URL (then the configured key may sign for it). */
export function isOwnProductionUrl(config: AppConfig, url: string | null | undefined): boolean {
  if (!url) return true;
  try {
    const a = new URL(url);
    const b = new URL(appProductionUrl(config));
    return a.origin === b.origin && a.pathname.replace(/\/+$/, '') === b.pathname && !a.search && !a.hash;
  } catch {
    return false;
  }
}

/**
 * The URL (typed, else this app's) and key (typed, else the one configured for the activity's interface type).
 * The configured key signs only calls to this app's own production URL (issue 6): a call it signed for another URL
 * could be replayed here by whoever owns that URL. Another URL needs a typed key.
 */
export function resolveTarget(config: AppConfig, activity: DebugActivity, typed: { url?: string | null; key?: string | null }): TargetOutcome {
  const own = isOwnProductionUrl(config, typed.url);
  // applicationSync's clientSecret is encrypted to the target's public key (spec §3.12): only this app's is known here
  if (activity === 'applicationSync' && !own) return { ok: false, error: 'publicKeyUnknown' };
  const url = typed.url || appProductionUrl(config);
  if (typed.key) return { ok: true, target: { url, key: typed.key, keyLabel: `typed key ${fingerprint(typed.key)}`, own } };
  if (!own) return { ok: false, error: 'keyRequired' };
  const configured = keysFor(config, interfaceTypeOf(activity))[0];
  if (!configured) return { ok: false, error: 'noKey' };
  return { ok: true, target: { url, key: configured.key, keyLabel: configured.label, own } };
}

export interface Exchange {
  activity: DebugActivity;
  target: { url: string; keyLabel: string; own: boolean };
  /** a V1 call is a GET whose fields are its query (body empty) */
  request: { method: 'POST' | 'GET'; url: string; headers: Record<string, string>; body: string; curl: string };
  /** the answer; `masked` when secret fields (appInfo.password …) were masked in `body` */
  response: { status: number; headers: Record<string, string>; body: string; durationMs: number; masked?: boolean; error?: string };
  verdict: Verdict;
  /** the instanceId a successful newInstance answered */
  instanceId?: string;
  /** queryInstance calls made while the answer was 000004 (the marketplace polls, spec §3.4) */
  polls?: number;
}

export type SendOutcome = { ok: true; exchange: Exchange } | { ok: false; errors: FieldErrors };

export interface SendInput {
  activity: DebugActivity;
  params: Record<string, unknown>;
  target: DebugTarget;
  /** {{lastInstanceId}}: the instance id answered by the latest newInstance to this target */
  lastInstanceId: () => Promise<string | undefined>;
  /** this app's kit public key (SPKI PEM): applicationSync's clientSecret is encrypted to it (spec §3.12, §5) */
  kitPublicKey?: () => string;
  /** keep polling a queryInstance that answers 000004, as the marketplace does (default: no) */
  pollPendingMs?: number;
  pollIntervalMs?: number;
}

export async function sendDebugCall(input: SendInput): Promise<SendOutcome> {
  const errors = validateForm(input.activity, input.params);
  if (Object.keys(errors).length) return { ok: false, errors };
  const template = cleanParams(input.activity, input.params);
  let last: string | undefined;
  if (Object.values(template).some((v) => placeholdersIn(v).includes('lastInstanceId'))) {
    last = await input.lastInstanceId();
    if (!last) {
      const field = Object.keys(template).find((k) => placeholdersIn(template[k]!).includes('lastInstanceId'))!;
      return { ok: false, errors: { [field]: { code: 'noLastInstance' } } };
    }
  }
  const resolved: Record<string, string> = {};
  for (const [k, v] of Object.entries(template)) resolved[k] = fillPlaceholders(v, (name) => (name === 'uuid' ? randomUUID() : last!));
  const lengthErrors = checkResolvedLengths(input.activity, resolved);
  if (Object.keys(lengthErrors).length) return { ok: false, errors: lengthErrors };

  const activity = input.activity;
  if (isKitActivity(activity)) {
    const fields = buildKitFields(activity, resolved);
    if (typeof fields.clientSecret === 'string') {
      if (!input.kitPublicKey) throw new Error('applicationSync needs this app’s kit public key (SendInput.kitPublicKey)');
      fields.clientSecret = encryptClientSecret(input.kitPublicKey(), fields.clientSecret);
    }
    // the kit's testFlag is an Integer, 1: debugging data; timeStamp the time of sending in UTC+8 (spec §3.12)
    const r = await sendKitCall({ url: input.target.url, name: activity, key: input.target.key, body: kitBody(activity, fields, { testFlag: 1 }) });
    return { ok: true, exchange: toExchange(activity, input.target, r, input.target.key) };
  }
  if (isV1DebugActivity(activity)) {
    // spec §4.1: a GET, every value URL-encoded, timeStamp the time of sending (UTC), the authToken last
    const r = await sendV1Call({ url: input.target.url, key: input.target.key, params: buildV1Params(activity, resolved) });
    return { ok: true, exchange: toExchange(activity, input.target, r, input.target.key) };
  }
  const body = buildBody(activity, resolved);
  const send = () => sendProduceCall({ url: input.target.url, key: input.target.key, body });
  let r = await send();
  let polls = 0;
  if (input.activity === 'queryInstance' && input.pollPendingMs) {
    const deadline = Date.now() + input.pollPendingMs;
    while (pendingQuery(r) && Date.now() + (input.pollIntervalMs ?? 1000) < deadline) {
      await sleep(input.pollIntervalMs ?? 1000);
      r = await send();
      polls++;
    }
  }
  return { ok: true, exchange: { ...toExchange(input.activity, input.target, r, input.target.key), ...(polls ? { polls } : {}) } };
}

/** The body with secret fields masked, or undefined when it has none (then the exact bytes are shown). */
function maskSecrets(raw: string): string | undefined {
  try {
    JSON.parse(raw);
  } catch {
    return undefined;
  }
  // the text as it came with secret values masked (lib/redact.ts), whole: it is shown, not stored
  const redacted = redactBody(raw, Number.POSITIVE_INFINITY);
  return redacted !== null && redacted !== raw ? redacted : undefined;
}

function pendingQuery(r: ProduceCallResult): boolean {
  return r.status === 200 && (r.json as { resultCode?: unknown } | undefined)?.resultCode === '000004';
}

/** One call and its answer as the debugger shows it, judged (also used for the lifecycle's calls). */
export function toExchange(activity: DebugActivity, target: Pick<DebugTarget, 'url' | 'keyLabel' | 'own'>, r: ProduceCallResult, key: string): Exchange {
  const get = r.request.method === 'GET';
  // a V1 GET is judged on its parameters, as a body would be (queryInstance's requested ids …)
  const judgedBody = get ? JSON.stringify(Object.fromEntries(new URL(r.request.url).searchParams)) : r.request.body;
  const verdict = judge(activity, { body: judgedBody }, { status: r.status, headers: r.headers, rawBody: r.rawBody, durationMs: r.durationMs, error: r.error }, { key });
  // the checks ran on the exact bytes; what leaves the server has passwords masked (secrets are never shown in full)
  const masked = maskSecrets(r.rawBody);
  const response = { status: r.status, headers: r.headers, body: masked ?? r.rawBody, durationMs: r.durationMs, ...(masked ? { masked: true } : {}), ...(r.error ? { error: r.error } : {}) };
  const answered = (r.json as { instanceId?: unknown } | undefined)?.instanceId;
  const instanceId =
    (activity === 'newInstance' || activity === 'v1.newInstance' || activity === 'v1.getLicense') && verdict.checks.some((c) => c.id === 'instanceId' && c.status === 'pass') && typeof answered === 'string' ? answered : undefined;
  return {
    activity,
    target: { url: target.url, keyLabel: target.keyLabel, own: target.own },
    request: {
      method: get ? 'GET' : 'POST',
      url: r.request.url,
      headers: { ...(r.request.headers ?? (get ? { Accept: 'application/json' } : PRODUCE_HEADERS)) },
      body: r.request.body,
      curl: r.request.curl,
    },
    response,
    verdict,
    ...(instanceId ? { instanceId } : {}),
  };
}
