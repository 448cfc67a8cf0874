import type pg from 'pg';
import { runLifecycle, type LifecycleStep } from '../marketplace/lifecycle';
import { runV1LicenceLifecycle, runV1Lifecycle } from '../marketplace/v1/lifecycle';
import { bindingSteps, newDepartment, newKitTenant, playKitSteps, singleOrgSyncStep, testAccountUser, authSyncStep } from '../marketplace/kitScenario';
import { kitInterfaceOfUrl } from '../kit/schemas';
import { audit } from '../audit/actions';
import { log } from '../log';
import type { ConsoleUser } from '../auth/users';
import type { AppConfig } from '../config';
import type { PrismaClient } from '../db/client';
import { decryptAtRest, encryptAtRest } from '../secrets';
import { fingerprint } from '../settings';
import { Refusal, refusal, type RefusalKey, type RefusalMessage } from '../refusal';
import { cleanParams, isDebugActivity, validateForm, validateTargetUrl, type DebugActivity, type FieldErrors, type TargetError } from './catalog';
import type { Check } from './judge';
import { isOwnProductionUrl, resolveTarget, sendDebugCall, toExchange, type DebugTarget, type Exchange } from './send';
import { addResult, addUnsent, deleteCase, finishRun, insertCase, startRun, updateCase } from './actions';
import { allCases, getCase, lastInstanceId, runResults, type ResultRow, type StoredCase } from './queries';
import { openParams, sealParams } from './secrets';

/**
 * The debugger's actions as the console calls them: send one call, save/edit/delete cases, run one case or all of
 * them, run a whole lifecycle. Each is recorded (debug_run / debug_result) and audited.
 */
export interface DebuggerDeps {
  /** the debugger's own tables */
  prisma: PrismaClient;
  /** the audit log (lib/audit/actions.ts) */
  pool: pg.Pool;
  config: AppConfig;
  encryptionKey: string;
  /** the built-in emulator: the lifecycle registers fresh orders there when it targets this app */
  emulatorUrl?: string;
  /** this app's kit public key (SPKI PEM): the debugger encrypts applicationSync's clientSecret to it (spec §3.12, §5) */
  kitPublicKey: () => string;
}

/** Problems outside the activity's fields: name, url, key, activity (`gen.*` of lib/i18n/messages/debugger). */
type General = Partial<Record<'name' | 'url' | 'key' | 'activity', TargetError | 'required' | 'tooLong' | 'unknown' | 'noKey' | 'keyRequired' | 'publicKeyUnknown'>>;

/** A target that cannot be used: the key's problem by the key, the unknown public key by the URL. */
const targetProblem = (error: 'noKey' | 'keyRequired' | 'publicKeyUnknown'): General => (error === 'publicKeyUnknown' ? { url: error } : { key: error });

/**
 * An invalid Refusal naming every field at fault: the general ones (`name`, `url`, `key`, `activity`) first, then the
 * activity's own fields, each with its message of the debugger catalogue (`gen.*`, `err.*`).
 */
function invalid(errors: FieldErrors, general: General = {}): Refusal {
  const fields: Record<string, RefusalMessage> = {};
  for (const [k, code] of Object.entries(general)) fields[k] = { key: `debugger.gen.${code}` as RefusalKey };
  for (const [k, e] of Object.entries(errors)) fields[k] = { key: `debugger.err.${e.code}`, vars: e.vars };
  const [first] = Object.values(fields);
  return new Refusal('invalid', first ?? { key: 'debugger.gen.unknown' }, fields);
}

const caseNotFound = (id: string) => refusal('notFound', 'debugger.err.caseNotFound', { id });

const MAX_KEY = 256;

export interface SendRequest {
  activity?: unknown;
  params?: unknown;
  url?: unknown;
  key?: unknown;
}

function readTarget(input: { url?: unknown; key?: unknown }): { url?: string; key?: string; general: General } {
  const general: General = {};
  const url = typeof input.url === 'string' && input.url.trim() !== '' ? input.url.trim() : undefined;
  const key = typeof input.key === 'string' && input.key !== '' ? input.key : undefined;
  const urlError = validateTargetUrl(url);
  if (urlError) general.url = urlError;
  if (key && key.length > MAX_KEY) general.key = 'keyTooLong';
  return { url, key, general };
}

function readParams(params: unknown): Record<string, unknown> {
  return params && typeof params === 'object' && !Array.isArray(params) ? (params as Record<string, unknown>) : {};
}

/** Send: one signed call from the form (spec §10.1 "调试"), judged, recorded as a run of its own, audited. */
export async function debugSend(
  deps: DebuggerDeps,
  user: ConsoleUser,
  input: SendRequest,
): Promise<{ runId: string; exchange: Exchange } | Refusal> {
  if (!isDebugActivity(input.activity)) return invalid({}, { activity: 'unknown' });
  const activity = input.activity;
  const { url, key, general } = readTarget(input);
  const params = readParams(input.params);
  const errors = validateForm(activity, params);
  if (Object.keys(errors).length || Object.keys(general).length) return invalid(errors, general);
  const resolved = resolveTarget(deps.config, activity, { url, key });
  if (!resolved.ok) return invalid({}, targetProblem(resolved.error));
  const target = resolved.target;
  const out = await sendDebugCall({ activity, params, target, kitPublicKey: deps.kitPublicKey, lastInstanceId: () => lastInstanceId(deps.prisma, target.url) });
  if (!out.ok) return invalid(out.errors);
  const runId = await startRun(deps.prisma, 'send', user.email);
  await addResult(deps.prisma, runId, out.exchange);
  await finishRun(deps.prisma, runId);
  await audit(deps.pool, {
    user,
    action: 'debug.send',
    target: `${activity} → ${target.url}`,
    outcome: 'success',
    detail: { runId, key: target.keyLabel, pass: out.exchange.verdict.pass, resultCode: out.exchange.verdict.resultCode ?? null },
  });
  return { runId, exchange: out.exchange };
}

export interface CaseRequest {
  name?: unknown;
  activity?: unknown;
  params?: unknown;
  url?: unknown;
  /** absent: keep the stored key (edit) / none (create); "": forget it; a string: the key, stored encrypted */
  key?: unknown;
}

/** Validates and stores a case (create, or edit when id is given). A typed key is kept only encrypted. */
export async function saveCase(
  deps: DebuggerDeps,
  user: ConsoleUser,
  input: CaseRequest,
  id?: string,
): Promise<{ id: string } | Refusal> {
  const existing = id !== undefined ? await getCase(deps.prisma, id) : undefined;
  if (id !== undefined && !existing) return caseNotFound(id);
  const general: General = {};
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name) general.name = 'required';
  else if (name.length > 100) general.name = 'tooLong';
  if (!isDebugActivity(input.activity)) return invalid({}, { ...general, activity: 'unknown' });
  const activity = input.activity;
  const target = readTarget(input);
  Object.assign(general, target.general);
  // a case for another URL must keep a key of its own (lib/debugger/send.ts resolveTarget)
  const keepsKey = input.key !== '' && (!!target.key || !!existing?.keyEnc);
  if (!general.url && !keepsKey && !isOwnProductionUrl(deps.config, target.url)) general.key = 'keyRequired';
  // applicationSync encrypts to this app's public key only (lib/debugger/send.ts resolveTarget)
  if (!general.url && activity === 'applicationSync' && !isOwnProductionUrl(deps.config, target.url)) general.url = 'publicKeyUnknown';
  const params = readParams(input.params);
  const errors = validateForm(activity, params);
  if (Object.keys(errors).length || Object.keys(general).length) return invalid(errors, general);

  let keyEnc = existing?.keyEnc ?? null;
  let keyFingerprint = existing?.keyFingerprint ?? null;
  if (input.key === '') {
    keyEnc = null;
    keyFingerprint = null;
  } else if (target.key) {
    keyEnc = encryptAtRest(deps.encryptionKey, target.key);
    keyFingerprint = fingerprint(target.key);
  }
  const row = { name, activity, targetUrl: target.url ?? null, keyEnc, keyFingerprint, params: sealParams(deps.encryptionKey, activity, cleanParams(activity, params), existing?.params) };
  if (existing) {
    await updateCase(deps.prisma, existing.id, row);
    await audit(deps.pool, { user, action: 'debug.case.update', target: `debug case ${existing.id}`, outcome: 'success', detail: { name, activity, url: row.targetUrl, key: keyFingerprint } });
    return { id: existing.id };
  }
  const newId = await insertCase(deps.prisma, row, user.email);
  await audit(deps.pool, { user, action: 'debug.case.create', target: `debug case ${newId}`, outcome: 'success', detail: { name, activity, url: row.targetUrl, key: keyFingerprint } });
  return { id: newId };
}

export async function removeCase(deps: DebuggerDeps, user: ConsoleUser, id: string): Promise<{ deleted: string } | Refusal> {
  const c = await getCase(deps.prisma, id);
  if (!c) return caseNotFound(id);
  await deleteCase(deps.prisma, id);
  await audit(deps.pool, { user, action: 'debug.case.delete', target: `debug case ${id}`, outcome: 'success', detail: { name: c.name, activity: c.activity } });
  return { deleted: id };
}

export interface RunOutcome {
  runId: string;
  passed: number;
  failed: number;
  results: ResultRow[];
}

/** queryInstance answering 000004 is polled for up to this long, as the marketplace polls (spec §3.4). */
export const CASE_POLL_MS = 20_000;

/**
 * Runs saved cases one after the other, in the order they were saved, each with the 5 s timeout: sequentially,
 * because a later case may use the instance id an earlier newInstance answered ({{lastInstanceId}}).
 */
async function executeCases(deps: DebuggerDeps, runId: string, cases: StoredCase[], opts: { pollIntervalMs?: number } = {}): Promise<void> {
  // per target URL: the instance id answered by the newest newInstance, this run first, then earlier runs
  const last = new Map<string, string>();
  for (const c of cases) {
    const meta = { caseId: c.id, caseName: c.name };
    const unsent = (targetUrl: string, reason: string, vars?: Check['vars']) =>
      addUnsent(deps.prisma, runId, { activity: c.activity, targetUrl, ...meta }, { id: 'answer', status: 'fail', reason, ...(vars ? { vars } : {}) });
    if (!isDebugActivity(c.activity)) {
      await unsent(c.targetUrl ?? '', 'invalidCase', { field: 'activity' });
      continue;
    }
    let key: string | undefined;
    if (c.keyEnc) {
      try {
        key = decryptAtRest(deps.encryptionKey, c.keyEnc);
      } catch {
        await unsent(c.targetUrl ?? '', 'keyUnreadable');
        continue;
      }
    }
    const resolved = resolveTarget(deps.config, c.activity, { url: c.targetUrl, key });
    if (!resolved.ok) {
      await unsent(c.targetUrl ?? '', resolved.error);
      continue;
    }
    const target = resolved.target;
    const params = openParams(deps.encryptionKey, c.activity, c.params);
    if (!params) {
      await unsent(target.url, 'secretUnreadable');
      continue;
    }
    const out = await sendDebugCall({
      activity: c.activity,
      params,
      target,
      kitPublicKey: deps.kitPublicKey,
      lastInstanceId: async () => last.get(target.url) ?? (await lastInstanceId(deps.prisma, target.url)),
      pollPendingMs: CASE_POLL_MS,
      pollIntervalMs: opts.pollIntervalMs,
    });
    if (!out.ok) {
      const [field, e] = Object.entries(out.errors)[0]!;
      await unsent(target.url, e.code === 'noLastInstance' ? 'noLastInstance' : 'invalidCase', { field });
      continue;
    }
    if (out.exchange.instanceId) last.set(target.url, out.exchange.instanceId);
    await addResult(deps.prisma, runId, out.exchange, meta);
  }
}

/** Who started a run: a console user, or the self-check's schedule (no user: the run's and the audit's actor). */
type RunBy = { user: ConsoleUser } | { actor: typeof SELF_CHECK_ACTOR };

/** `triggered_by` of a scheduled run and the audit entry's actor: no console user started it. */
export const SELF_CHECK_ACTOR = 'schedule';

const RUN_AUDIT = {
  case: 'debug.case.run',
  run_all: 'debug.run_all',
  scheduled: 'debug.self_check',
} as const;

async function runCases(deps: DebuggerDeps, by: RunBy, trigger: keyof typeof RUN_AUDIT, cases: StoredCase[], opts?: { pollIntervalMs?: number }): Promise<RunOutcome> {
  const runId = await startRun(deps.prisma, trigger, 'user' in by ? by.user.email : by.actor);
  await executeCases(deps, runId, cases, opts);
  const counts = await finishRun(deps.prisma, runId);
  await audit(deps.pool, {
    ...by,
    action: RUN_AUDIT[trigger],
    target: trigger === 'case' ? `debug case ${cases[0]?.id}` : `${cases.length} debug cases`,
    outcome: 'success',
    detail: { runId, ...counts },
  });
  return { runId, ...counts, results: await runResults(deps.prisma, runId) };
}

/** "Run all": every saved case, as the marketplace replays them twice a day (spec §1.2, §10.1). */
export async function runAllCases(deps: DebuggerDeps, user: ConsoleUser, opts?: { pollIntervalMs?: number }): Promise<RunOutcome> {
  return runCases(deps, { user }, 'run_all', await allCases(deps.prisma), opts);
}

/**
 * The self-check (lib/selfcheck/run.ts): every saved case exactly as Run all runs them, recorded as a run of trigger
 * `scheduled` by the schedule, audited as `debug.self_check`. No saved case: no run (undefined), since the
 * marketplace's dial test would have nothing to replay either.
 */
export async function runScheduledCases(deps: DebuggerDeps, opts?: { pollIntervalMs?: number }): Promise<RunOutcome | undefined> {
  const cases = await allCases(deps.prisma);
  return cases.length ? runCases(deps, { actor: SELF_CHECK_ACTOR }, 'scheduled', cases, opts) : undefined;
}

export async function runOneCase(deps: DebuggerDeps, user: ConsoleUser, id: string): Promise<RunOutcome | Refusal> {
  const c = await getCase(deps.prisma, id);
  return c ? runCases(deps, { user }, 'case', [c]) : caseNotFound(id);
}

export interface LifecycleStepView {
  name: string;
  pass: boolean;
  /** the player's own summary (HTTP status, result code, polls …) */
  detail: string;
  /** how many calls the step made (queryInstance polls, retries) */
  calls: number;
  /** the step's last call, judged */
  exchange?: Exchange;
}

/**
 * spec §1.2: purchase → query until ready → renew → freeze → unfreeze → upgrade → release, with the repeats of §7.3.
 * `generation: 'v1'` plays the V1 interfaces instead (spec §4, lib/marketplace/v1/lifecycle.ts): the instance's life,
 * then licence V1, every answer's Body-Sign required.
 */
export async function debugLifecycle(
  deps: DebuggerDeps,
  user: ConsoleUser,
  input: { url?: unknown; key?: unknown; generation?: 'v2' | 'v1' },
  onStep: (step: LifecycleStepView) => void,
  opts: { poll?: { timeoutMs: number; intervalMs: number } } = {},
): Promise<{ runId: string; pass: boolean; passed: number; failed: number } | Refusal> {
  const { url, key, general } = readTarget(input);
  if (Object.keys(general).length) return invalid({}, general);
  const v1 = input.generation === 'v1';
  const resolved = resolveTarget(deps.config, v1 ? 'v1.newInstance' : 'newInstance', { url, key });
  if (!resolved.ok) return invalid({}, targetProblem(resolved.error));
  const target: DebugTarget = resolved.target;
  // the kit syncs are signed with the kit key (the typed key, if any, signs both)
  const kitTarget = resolveTarget(deps.config, 'tenantSync', { url, key });
  const runId = await startRun(deps.prisma, 'lifecycle', user.email);
  let summary: { runId: string; pass: boolean; passed: number; failed: number } = { runId, pass: false, passed: 0, failed: 0 };
  // steps are recorded one after the other, in the order they ended
  let recorded = Promise.resolve();
  const record = async (step: LifecycleStep) => {
    const lastCall = step.calls.at(-1);
    const kit = lastCall ? kitInterfaceOfUrl(lastCall.request.url)?.name : undefined;
    const activity = lastCall ? (kit && isDebugActivity(kit) ? kit : activityOf(lastCall.request)) : undefined;
    const signer = kit && kitTarget.ok ? kitTarget.target : target;
    const exchange = lastCall && activity ? toExchange(activity, signer, lastCall, signer.key) : undefined;
    // a step passes when the player's expectation holds (same instance id, ready after polling …) and its last answer does
    const view: LifecycleStepView = { name: step.name, pass: step.pass && (exchange?.verdict.pass ?? true), detail: step.detail, calls: step.calls.length, ...(exchange ? { exchange } : {}) };
    if (exchange) await addResult(deps.prisma, runId, { ...exchange, verdict: { ...exchange.verdict, pass: view.pass } }, { step: step.name });
    else {
      const check: Check = { id: 'answer', status: view.pass ? 'pass' : 'fail', reason: 'stepWithoutCall', vars: { detail: step.detail.slice(0, 200) } };
      await addUnsent(deps.prisma, runId, { activity: 'lifecycle', targetUrl: target.url, step: step.name }, check);
    }
    // the page may have gone (the stream closed): the run is still recorded to the end
    try {
      onStep(view);
    } catch (err) {
      log.warn('debugger lifecycle: step not shown', { runId, step: step.name, error: (err as Error).message });
    }
  };
  let lifeOk = false;
  const played = (s: LifecycleStep) => {
    recorded = recorded
      .then(() => record(s))
      .catch((err: Error) => log.error('debugger lifecycle: step not recorded', { runId, step: s.name, err, cause: err.stack }));
  };
  try {
    if (v1) {
      const life = await runV1Lifecycle({ url: target.url, key: target.key, testFlag: '1', onStep: played });
      const licence = await runV1LicenceLifecycle({ url: target.url, key: target.key, testFlag: '1', onStep: (s) => played({ ...s, name: `licence: ${s.name}` }) });
      lifeOk = life.ok && licence.ok;
    } else {
      const life = await runLifecycle({
        url: target.url,
        key: target.key,
        testFlag: '1',
        ...(target.own && deps.emulatorUrl ? { emulatorUrl: deps.emulatorUrl } : {}),
        poll: opts.poll ?? { timeoutMs: 30_000, intervalMs: 500 },
        beforeRelease: ({ instanceId, record: recordStep }) => kitSyncs(deps, target, kitTarget, instanceId, recordStep),
        onStep: played,
      });
      lifeOk = life.ok;
    }
  } finally {
    // a run always ends with its counts and its audit entry, also when the player threw
    await recorded;
    const counts = await finishRun(deps.prisma, runId);
    const pass = lifeOk && counts.failed === 0;
    await audit(deps.pool, { user, action: 'debug.lifecycle', target: target.url, outcome: 'success', detail: { runId, pass, key: target.keyLabel, ...(v1 ? { generation: 'v1' } : {}), ...counts } });
    summary = { runId, pass, ...counts };
  }
  return summary;
}

/**
 * The kit syncs of the new instance, in the marketplace's trigger order (spec §3.12 "Triggers"): the credential
 * application (tenantSync add, applicationSync add, allOrgSync), a test account (authSync add), a department edit
 * (singleOrgSync add). No deletes: the marketplace deletes a tenant and its application when the buyer unbinds or the
 * instance is gone, after releaseInstance, not before it. applicationSync needs the target's public key: only this
 * app's is known, so another URL gets the others.
 */
async function kitSyncs(
  deps: DebuggerDeps,
  target: DebugTarget,
  kitTarget: ReturnType<typeof resolveTarget>,
  instanceId: string,
  record: (step: LifecycleStep) => void,
): Promise<void> {
  if (!kitTarget.ok) {
    record({ name: 'kit syncs', pass: false, detail: `not sent: ${kitTarget.error === 'noKey' ? 'no kit key is configured (MARKETPLACE_KEY_KIT or MARKETPLACE_KEY)' : kitTarget.error}`, calls: [] });
    return;
  }
  const tenant = newKitTenant({ instanceId, tenantCode: `debug-${instanceId.slice(0, 8).toLowerCase()}`, name: 'Debugger test tenant', domainName: 'https://example.tenantaccount.com' });
  const steps = [
    ...bindingSteps(tenant).filter((s) => target.own || s.interface !== 'applicationSync'),
    authSyncStep(tenant, [testAccountUser(tenant)], 1, 'add: test account'),
    singleOrgSyncStep(tenant, newDepartment(tenant), 1, 'add: department edit'),
  ];
  await playKitSteps({ url: kitTarget.target.url, key: kitTarget.target.key, publicKeyPem: target.own ? deps.kitPublicKey() : '', steps, onStep: record });
}

/** The debugger's name of a call's activity: in its body, or a V1 GET's query (`v1.<activity>`). */
function activityOf(request: { body: string; url: string; method?: string }): DebugActivity | undefined {
  if (request.method === 'GET') {
    const a = `v1.${new URL(request.url).searchParams.get('activity') ?? ''}`;
    return isDebugActivity(a) ? a : undefined;
  }
  try {
    const a = (JSON.parse(request.body) as { activity?: unknown }).activity;
    return isDebugActivity(a) ? a : undefined;
  } catch {
    return undefined;
  }
}
