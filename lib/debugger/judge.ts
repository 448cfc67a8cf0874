import { KIT_INTERFACES, isKitInterface } from '../marketplace/names';
import { verifyBodySign } from '../marketplace/signature';
import { wireActivity } from './catalog';

/**
 * The debugger's verdict: does an answer have what the marketplace requires (spec §3.1-3.10, §6, §7.2, §10.1)?
 * Pure: the same request and answer always give the same checks. Each check says pass, fail, warn (the spec is
 * unsure, the marketplace may not mind) or skip (cannot be judged, e.g. no answer), with a reason key and values
 * that the console translates.
 */

export type CheckId =
  | 'answer'
  | 'http200'
  | 'within5s'
  | 'json'
  | 'contentType'
  | 'resultCode'
  | 'success'
  | 'resultMsg'
  | 'instanceId'
  | 'info'
  | 'appInfo'
  | 'usageInfo'
  | 'ascii'
  | 'bodySign'
  | 'license';
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';
export interface Check {
  id: CheckId;
  status: CheckStatus;
  /** a message key under `reason.` in lib/i18n/messages/debugger.ts */
  reason: string;
  vars?: Record<string, string | number>;
}
export interface Verdict {
  /** no check failed */
  pass: boolean;
  resultCode?: string;
  checks: Check[];
}

export interface JudgedRequest {
  /** the exact body sent */
  body: string;
}
export interface JudgedResponse {
  /** 0 when no answer arrived */
  status: number;
  /** names in lower case */
  headers: Record<string, string>;
  rawBody: string;
  durationMs: number;
  /** transport failure: timeout, connection refused … */
  error?: string;
}

/** spec §7.2: the marketplace waits 5 s. */
export const MARKETPLACE_TIMEOUT_MS = 5000;

/** spec §6, the codes documented for the V2 basic interfaces, with the activities each may answer. */
const CREATE = ['newInstance'];
/** spec §3.12: a kit sync must not depend on the instance existing, so "instance not found" is no answer to one. */
const KIT: string[] = [...KIT_INTERFACES];
const DOCUMENTED: Record<string, { meaning: string; only?: string[]; not?: string[] }> = {
  '000000': { meaning: 'success' },
  '000001': { meaning: 'authentication failed' },
  '000002': { meaning: 'invalid parameter' },
  '000003': { meaning: 'instance not found', not: [...CREATE, ...KIT] },
  // spec §6 create/upgrade; §3.4 / §12.7: queryInstance answers it while the instance is provisioned (the marketplace polls)
  '000004': { meaning: 'processing', only: ['newInstance', 'upgradeInstance', 'queryInstance', 'getLicenseAsync', 'upgrade'] },
  '000005': { meaning: 'other internal error' },
  '000100': { meaning: 'no resource available', only: CREATE },
  '000101': { meaning: 'mobile number missing or in use', only: CREATE },
  '000102': { meaning: 'e-mail missing or in use', only: CREATE },
  '000103': { meaning: 'already purchased', only: CREATE },
  '000104': { meaning: 'internal service error', only: CREATE },
  '000105': { meaning: 'account already has the benefit', only: CREATE },
  '000106': { meaning: 'sold out', only: CREATE },
  '000107': { meaning: 'mail domain already exists', only: CREATE },
  // spec §6, §9.2: the online licence's refusals
  '000900': { meaning: 'licence quota of the order used up', only: ['getLicenseAsync'] },
  '000901': { meaning: 'outside the order validity', only: ['getLicenseAsync'] },
  '000902': { meaning: 'a period licence needs expireTime', only: ['getLicenseAsync'] },
  '000903': { meaning: 'device fingerprint required', only: ['getLicenseAsync'] },
};

/** spec §6: success is 000000, or 000004 where the activity may finish asynchronously (V1's upgrade too). */
const ASYNC_OK = new Set(['newInstance', 'upgradeInstance', 'getLicenseAsync', 'upgrade']);

const APP_INFO_MAX: Record<string, number> = { frontEndUrl: 512, adminUrl: 512, userName: 128, password: 128, memo: 1024 };

/**
 * `activity` is the debugger's name: a V1 one (`v1.newInstance`, spec §4) is judged as the marketplace's V1 debug tool
 * does: a valid Body-Sign is required, and newInstance must answer appInfo.frontEndUrl with its instanceId.
 */
export function judge(debugActivity: string, request: JudgedRequest, response: JudgedResponse, opts: { key?: string } = {}): Verdict {
  const activity = wireActivity(debugActivity);
  const v1 = activity !== debugActivity;
  const checks: Check[] = [];
  const add = (id: CheckId, status: CheckStatus, reason: string, vars?: Check['vars']) => checks.push({ id, status, reason, ...(vars ? { vars } : {}) });
  const ms = Math.round(response.durationMs);

  // transport (spec §7.2): an answer within 5 s, HTTP 200
  if (response.status === 0) {
    const timedOut = /timeout|aborted/i.test(response.error ?? '');
    add('answer', 'fail', timedOut ? 'timeout' : 'network', { ms, error: response.error ?? 'no answer' });
    for (const id of ['http200', 'within5s', 'json', 'resultCode', 'success'] as const) add(id, 'skip', 'noAnswer');
    return finish(checks);
  }
  add('answer', 'pass', 'answered', { ms });
  if (response.status === 200) add('http200', 'pass', 'status200');
  else add('http200', 'fail', 'statusNot200', { status: response.status });
  if (ms <= MARKETPLACE_TIMEOUT_MS) add('within5s', 'pass', 'fast', { ms });
  else add('within5s', 'fail', 'slow', { ms });

  // spec §3.1: a JSON object
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(response.rawBody);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      json = parsed as Record<string, unknown>;
      add('json', 'pass', 'jsonObject');
    } else add('json', 'fail', 'notObject');
  } catch (e) {
    add('json', 'fail', 'notJson', { error: (e as Error).message.slice(0, 120) });
  }
  const contentType = response.headers['content-type'] ?? '';
  if (/^application\/json/i.test(contentType)) add('contentType', 'pass', 'jsonContentType', { type: contentType });
  else add('contentType', 'warn', 'contentTypeNotJson', { type: contentType || '(none)' });

  // spec §12.11 / §3.4 memo: non-ASCII escaped as \uXXXX
  const nonAscii = /[^\x00-\x7f]/.exec(response.rawBody);
  // where and which character, not the text around it: the answer may hold a password the page shows masked
  if (nonAscii) {
    const code = 'U+' + nonAscii[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    add('ascii', 'fail', 'nonAscii', { char: code, offset: nonAscii.index });
  }
  else add('ascii', 'pass', 'asciiOnly');

  judgeBodySign(response, opts.key, add, { v1, kit: !v1 && isKitInterface(activity) });

  if (!json) {
    add('resultCode', 'skip', 'noJson');
    add('success', 'skip', 'noJson');
    return finish(checks);
  }

  // spec §6: a documented resultCode, one this activity may answer
  const code = json.resultCode;
  let codeText: string | undefined;
  if (code === undefined) add('resultCode', 'fail', 'codeMissing');
  else if (typeof code !== 'string') add('resultCode', 'fail', 'codeNotString', { type: typeof code });
  else {
    codeText = code;
    const doc = DOCUMENTED[code];
    if (!doc) add('resultCode', 'fail', 'codeUndocumented', { code });
    else if ((doc.only && !doc.only.includes(activity)) || doc.not?.includes(activity)) add('resultCode', 'fail', 'codeNotForActivity', { code, activity });
    else add('resultCode', 'pass', 'codeDocumented', { code, meaning: doc.meaning });
  }

  // spec §3.3-3.10: resultMsg is optional (M/O column "O", max 255); every documented example carries it
  const msg = json.resultMsg;
  if (msg === undefined) add('resultMsg', 'warn', 'msgMissing');
  else if (typeof msg !== 'string') add('resultMsg', 'fail', 'msgNotString');
  else if (msg.length > 255) add('resultMsg', 'fail', 'msgTooLong', { length: msg.length });
  else add('resultMsg', 'pass', 'msgPresent');

  const succeeded = codeText === '000000' || (codeText === '000004' && ASYNC_OK.has(activity));
  if (codeText === undefined) add('success', 'skip', 'noCode');
  else if (codeText === '000000') add('success', 'pass', 'codeSuccess', { code: codeText });
  else if (succeeded) add('success', 'pass', 'codeAsync', { code: codeText });
  else if (codeText === '000004') add('success', 'fail', 'codePending', { code: codeText });
  else add('success', 'fail', 'codeFailure', { code: codeText, msg: typeof msg === 'string' ? msg.slice(0, 200) : '' });

  if (succeeded && (activity === 'newInstance' || (v1 && activity === 'getLicense'))) judgeNewInstance(json, add);
  if (codeText === '000000' && v1 && activity === 'newInstance') judgeV1AppInfo(json, add);
  if (codeText === '000000' && v1 && activity === 'getLicense') judgeLicence(json, add);
  if (codeText === '000000' && activity === 'queryInstance') judgeQueryInstance(request, json, add);
  return finish(checks);
}

function finish(checks: Check[]): Verdict {
  const code = checks.find((c) => c.id === 'resultCode' && c.vars?.code !== undefined)?.vars?.code;
  return { pass: checks.every((c) => c.status !== 'fail'), ...(code !== undefined ? { resultCode: String(code) } : {}), checks };
}

type Add = (id: CheckId, status: CheckStatus, reason: string, vars?: Check['vars']) => void;

/** spec §3.3: instanceId M, String 64 — also with 000004, or the marketplace has nothing to poll. */
function judgeNewInstance(json: Record<string, unknown>, add: Add) {
  const id = json.instanceId;
  if (id === undefined || id === null || id === '') add('instanceId', 'fail', 'instanceIdMissing');
  else if (typeof id !== 'string') add('instanceId', 'fail', 'instanceIdNotString');
  else if (id.length > 64) add('instanceId', 'fail', 'instanceIdTooLong', { length: id.length });
  else add('instanceId', 'pass', 'instanceIdPresent', { instanceId: id });
}

/** spec §4.4: a V1 newInstance answers appInfo itself, with frontEndUrl (what the marketplace's V1 debug tool checks). */
function judgeV1AppInfo(json: Record<string, unknown>, add: Add) {
  const app = json.appInfo;
  const instanceId = typeof json.instanceId === 'string' ? json.instanceId : '';
  if (!app || typeof app !== 'object' || Array.isArray(app)) add('appInfo', 'fail', app === undefined ? 'appInfoMissing' : 'appInfoNotObject', { instanceId });
  else if (typeof (app as Record<string, unknown>).frontEndUrl !== 'string' || (app as Record<string, unknown>).frontEndUrl === '') add('appInfo', 'fail', 'frontEndUrlMissing', { instanceId });
  else add('appInfo', 'pass', 'appInfoComplete');
}

/** spec §4.12: getLicense answers the licence itself (`license`, a string). */
function judgeLicence(json: Record<string, unknown>, add: Add) {
  const l = json.license;
  if (typeof l !== 'string' || l === '') add('license', 'fail', 'licenseMissing');
  else add('license', 'pass', 'licensePresent', { length: l.length });
}

/** spec §3.4: info[] with an entry per requested id: instanceId, appInfo (frontEndUrl …) and, when given, usageInfo. */
function judgeQueryInstance(request: JudgedRequest, json: Record<string, unknown>, add: Add) {
  let requested: string[] = [];
  try {
    const body = JSON.parse(request.body) as { instanceId?: unknown };
    if (typeof body.instanceId === 'string') requested = body.instanceId.split(',').map((s) => s.trim()).filter(Boolean);
  } catch {
    // a request that is not JSON: judge the info array alone
  }
  const info = json.info;
  if (!Array.isArray(info) || info.length === 0) {
    add('info', 'fail', Array.isArray(info) ? 'infoEmpty' : 'infoMissing');
    return;
  }
  const entries = info.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object' && !Array.isArray(e));
  const badEntry = info.findIndex((e) => !e || typeof e !== 'object' || Array.isArray(e) || typeof (e as Record<string, unknown>).instanceId !== 'string');
  if (badEntry >= 0) {
    add('info', 'fail', 'infoEntryNoId', { index: badEntry });
    return;
  }
  const ids = new Set(entries.map((e) => e.instanceId as string));
  const missing = requested.find((id) => !ids.has(id));
  const long = [...ids].find((id) => id.length > 64);
  if (missing) add('info', 'fail', 'infoMissingId', { instanceId: missing });
  else if (long) add('info', 'fail', 'instanceIdTooLong', { length: long.length });
  else add('info', 'pass', 'infoComplete', { count: entries.length });

  // appInfo: required unless usage is delivered otherwise (spec §3.4); frontEndUrl is mandatory inside it
  let appProblem: { reason: string; vars: Record<string, string | number> } | undefined;
  for (const e of entries) {
    const id = e.instanceId as string;
    const app = e.appInfo;
    if (app === undefined) {
      appProblem ??= { reason: 'appInfoMissing', vars: { instanceId: id } };
      continue;
    }
    if (!app || typeof app !== 'object' || Array.isArray(app)) {
      appProblem ??= { reason: 'appInfoNotObject', vars: { instanceId: id } };
      continue;
    }
    const a = app as Record<string, unknown>;
    if (typeof a.frontEndUrl !== 'string' || a.frontEndUrl === '') {
      appProblem ??= { reason: 'frontEndUrlMissing', vars: { instanceId: id } };
      continue;
    }
    for (const [field, max] of Object.entries(APP_INFO_MAX)) {
      const v = a[field];
      if (v === undefined) continue;
      if (typeof v !== 'string') appProblem ??= { reason: 'appFieldNotString', vars: { instanceId: id, field } };
      else if (v.length > max) appProblem ??= { reason: 'appFieldTooLong', vars: { instanceId: id, field, max } };
    }
  }
  if (appProblem) add('appInfo', 'fail', appProblem.reason, appProblem.vars);
  else add('appInfo', 'pass', 'appInfoComplete');

  // usageInfo, when present (required for pay-per-use, spec §3.4): usageValue ≤ 4 decimals, statisticalTime 17 digits
  const withUsage = entries.filter((e) => e.usageInfo !== undefined);
  if (!withUsage.length) return;
  let usageProblem: { reason: string; vars: Record<string, string | number> } | undefined;
  for (const e of withUsage) {
    const id = e.instanceId as string;
    if (!Array.isArray(e.usageInfo)) {
      usageProblem ??= { reason: 'usageNotArray', vars: { instanceId: id } };
      continue;
    }
    for (const u of e.usageInfo as unknown[]) {
      const r = (u ?? {}) as Record<string, unknown>;
      if (typeof r.usageValue !== 'number' || !Number.isFinite(r.usageValue) || Math.round(r.usageValue * 1e4) / 1e4 !== r.usageValue) {
        usageProblem ??= { reason: 'usageValueInvalid', vars: { instanceId: id } };
      } else if (typeof r.statisticalTime !== 'string' || !/^\d{17}$/.test(r.statisticalTime)) {
        usageProblem ??= { reason: 'statisticalTimeInvalid', vars: { instanceId: id } };
      }
    }
  }
  if (usageProblem) add('usageInfo', 'fail', usageProblem.reason, usageProblem.vars);
  else add('usageInfo', 'pass', 'usageInfoComplete');
}

/**
 * spec §3.1 / §13.3: V2 pages do not require a Body-Sign header, one requirements page does: absent, a warning (a V1
 * answer needs one, spec §4.3: absent, a failure).
 * Present: it must be Base64(HMAC-SHA256(key, exact body)) in the V1 format (spec §4.3), or the marketplace may refuse it.
 */

function judgeBodySign(response: JudgedResponse, key: string | undefined, add: Add, family: { v1: boolean; kit: boolean }) {
  const header = response.headers['body-sign'];
  if (header === undefined) {
    // spec §4.3: a V1 answer without one is refused; §3.12: the V2 kit answers carry none (only the V1 kit's do)
    if (family.v1) add('bodySign', 'fail', 'bodySignRequired');
    else if (family.kit) add('bodySign', 'skip', 'bodySignNotKit');
    else add('bodySign', 'warn', 'bodySignMissing');
    return;
  }
  const verdict = verifyBodySign(key ?? '', header, response.rawBody);
  if (verdict === 'malformed') add('bodySign', 'fail', 'bodySignMalformed');
  else if (!key) add('bodySign', 'skip', 'bodySignNoKey');
  else if (verdict === 'valid') add('bodySign', 'pass', 'bodySignValid');
  else add('bodySign', 'fail', 'bodySignInvalid');
}
