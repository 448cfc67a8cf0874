import { audit } from '../audit/actions';
import type { ConsoleUser } from '../auth/users';
import { withTransaction, type Queryable } from '../db/client';
import { enqueue, QUEUES, type QueueName } from '../jobs/queue';
import { restartProvisioning } from '../instances/lifecycle';
import { lockInstance } from '../marketplace/activities/lockInstance';
import { translator, type Translate } from '../i18n/core';
import callsMessages from '../i18n/messages/calls';
import { kitInterfaceOfUrl } from '../kit/schemas';
import { handleProduce, type ProduceDeps } from '../marketplace/produce';
import type { RefusalMessage } from '../refusal';

/**
 * Manual re-invocation (issue 3; spec §10.2 "重新启动"): a failed inbound call whose signature was valid runs again
 * through the same code path as a live call. Each attempt is a new call-log entry linked to the original
 * (reinvoked_from) with who triggered it; the original counts as resolved once an attempt succeeds. Racing a
 * marketplace retry still gives one result, because idempotency lives in the database constraints, not here.
 *
 * A failed OUTBOUND call (Query Order, the webhook provisioner) was made by a job: re-invoking it runs that job again
 * (same queue, same data) once the job has given up. The new job's calls of the same activity are stored linked to
 * the original with who triggered it (the job's `reinvoke` data, read by lib/calls/actions.ts), so they are its
 * attempts, and the first that succeeds resolves it.
 */
/** What a re-invocation needs: what the production interface needs (lib/marketplace/route.ts produceDeps). */
export type ReinvokeDeps = ProduceDeps;

export type ReinvokeResult =
  | { id: string; ok: true; newCallId: string; resultCode: string; resultMsg: string; success: boolean }
  /** an outbound call: its job runs again in the background; its calls appear as attempts */
  | { id: string; ok: true; queued: true; jobId: string }
  /** error: why, in English (the audit log's words); why: the same as a message key, for the console in any language */
  | { id: string; ok: false; error: string; why: RefusalMessage };

/** What the job of a re-invoked outbound call carries, so the calls it makes are linked to the original. */
export interface ReinvokeMark {
  callId: string;
  activity: string | null;
  by: string;
}

interface StoredCall {
  id: string;
  direction: string;
  activity: string | null;
  signature_verdict: string | null;
  success: boolean;
  method: string;
  url: string;
  request_body: string | null;
  request_headers: Record<string, string> | null;
  /** outbound calls: the job that made the call, its state, and whether a re-run of it is still under way */
  job_id: string | null;
  job_state: string | null;
  job_queue: string | null;
  job_data: Record<string, unknown> | null;
  job_instance_id: string | null;
  job_call_id: string | null;
  /** the first job of its chain of re-runs (the job itself when it is not a re-run) */
  root_job: string | null;
  rerun_pending: boolean;
  /** one of its re-invocations succeeded */
  resolved: boolean;
}

type RefusalFacts = Pick<StoredCall, 'direction' | 'signature_verdict' | 'success' | 'request_body'> &
  Partial<Pick<StoredCall, 'activity'>> &
  Partial<Pick<StoredCall, 'job_id' | 'job_state' | 'rerun_pending' | 'resolved'>>;

type CallsMessageKey = keyof (typeof callsMessages)['en'];

/** Why a call cannot be re-invoked, as a code the console translates (`refusal.*` in lib/i18n/messages/calls). */
export type RefusalCode = 'missing' | 'signature' | 'succeeded' | 'resolved' | 'noBody' | 'secretMasked' | 'noJob' | 'jobRunning' | 'jobDone';

export function refusalCode(c: RefusalFacts | undefined): RefusalCode | undefined {
  if (!c) return 'missing';
  if (c.resolved) return 'resolved';
  if (c.direction !== 'inbound') {
    if (c.success) return 'succeeded';
    if (!c.job_id) return 'noJob';
    if (c.job_state === 'completed') return 'jobDone';
    if (c.job_state !== 'failed' || c.rerun_pending) return 'jobRunning';
    return undefined;
  }
  if (c.signature_verdict !== 'valid') return 'signature';
  if (c.success) return 'succeeded';
  if (c.request_body === null) return 'noBody';
  // the call log keeps a kit application's clientSecret masked (lib/redact.ts): sent again, it could not be decrypted
  if (c.activity === 'applicationSync' && /"clientSecret"\s*:\s*"\*+"/.test(c.request_body)) return 'secretMasked';
  return undefined;
}

/** Why a call cannot be re-invoked, in the words of the console's messages (any language). */
export function refusalMessage(t: Translate<CallsMessageKey>, code: RefusalCode, verdict: string | null): string {
  if (code === 'resolved') return t('refusal.resolvedByRerun');
  return t(`refusal.${code}`, { verdict: verdict ?? t('refusal.notChecked') });
}

/** The same as a message key of lib/refusal.ts's catalogues. */
function refusalKey(code: RefusalCode, verdict: string | null): RefusalMessage {
  return code === 'resolved' ? { key: 'calls.refusal.resolvedByRerun' } : { key: `calls.refusal.${code}`, vars: { verdict: verdict ?? 'not checked' } };
}

/** Why a call cannot be re-invoked, in English (API answers, the audit log), or undefined when it can. */
export function refusal(c: RefusalFacts | undefined): string | undefined {
  const code = refusalCode(c);
  return code && refusalMessage(translator(callsMessages, 'en'), code, c?.signature_verdict ?? null);
}

export async function reinvokeCalls(deps: ReinvokeDeps, ids: string[], user: ConsoleUser): Promise<ReinvokeResult[]> {
  const results: ReinvokeResult[] = [];
  for (const id of ids) results.push(await reinvokeOne(deps, id, user));
  return results;
}

/** A stored call with what decides whether it can be re-invoked. */
// SQL: EXISTS over the job chain (rerun_of) and the call's attempts, in one statement
async function loadCall(db: Queryable, id: string): Promise<StoredCall | undefined> {
  if (!/^\d{1,19}$/.test(id)) return undefined;
  const { rows } = await db.query<StoredCall>(
    `SELECT c.id::text, c.direction, c.activity, c.signature_verdict, c.success, c.method, c.url, c.request_body, c.request_headers,
            c.job_id, j.state AS job_state, j.queue AS job_queue, j.data AS job_data, j.instance_id AS job_instance_id,
            j.call_id::text AS job_call_id, COALESCE(j.rerun_of, j.id) AS root_job,
            -- re-runs are keyed on the first job of the chain: every failed call of a job (one per attempt) and of its
            -- re-runs leads to the same job, which must run again once at a time, and not after it has succeeded
            (j.id IS NOT NULL AND EXISTS (
               SELECT 1 FROM job r WHERE r.rerun_of = COALESCE(j.rerun_of, j.id) AND r.state IN ('created', 'active', 'retry')
            )) AS rerun_pending,
            (EXISTS (SELECT 1 FROM call a WHERE a.reinvoked_from = c.id AND a.success)
              OR (j.id IS NOT NULL AND EXISTS (
                    SELECT 1 FROM job r WHERE r.rerun_of = COALESCE(j.rerun_of, j.id) AND r.state = 'completed'))) AS resolved
       FROM call c LEFT JOIN job j ON j.id = c.job_id
      WHERE c.id = $1`,
    [id],
  );
  return rows[0];
}

/** Why a call cannot be re-invoked now (for the call page), or undefined when it can. */
export async function reinvokeRefusal(db: Queryable, id: string): Promise<RefusalCode | undefined> {
  return refusalCode(await loadCall(db, id));
}

async function reinvokeOne(deps: ReinvokeDeps, id: string, user: ConsoleUser): Promise<ReinvokeResult> {
  const stored = await loadCall(deps.pool, id);
  const why = refusal(stored);
  if (why) {
    await audit(deps.pool, { user, action: 'call.reinvoke', target: `call ${id}`, outcome: 'denied', detail: { reason: why } });
    return { id, ok: false, error: why, why: refusalKey(refusalCode(stored)!, stored?.signature_verdict ?? null) };
  }
  if (stored!.direction !== 'inbound') return rerunJob(deps, stored!, user);
  // a kit call (spec §3.12, §4.11) is re-invoked as one, of its generation: its interface is in its path
  const kit = kitInterfaceOfUrl(stored!.url);
  const out = await handleProduce(
    {
      method: stored!.method,
      url: stored!.url,
      query: {},
      headers: stored!.request_headers ?? {},
      rawBody: stored!.request_body!,
      clientAddress: `console:${user.email}`,
      kit: kit?.name,
      kitV1: kit?.v1,
    },
    deps,
    { of: BigInt(id), by: user.email },
  );
  const { rows: created } = await deps.pool.query<{ id: string; success: boolean }>(
    'SELECT id::text, success FROM call WHERE reinvoked_from = $1 ORDER BY call.id DESC LIMIT 1',
    [id],
  );
  const attempt = created[0];
  await audit(deps.pool, {
    user,
    action: 'call.reinvoke',
    target: `call ${id}`,
    outcome: attempt?.success ? 'success' : 'failure',
    detail: { activity: stored!.activity, resultCode: out.result.resultCode, newCallId: attempt?.id },
  });
  return {
    id,
    ok: true,
    newCallId: attempt?.id ?? '',
    resultCode: out.result.resultCode,
    resultMsg: out.result.resultMsg,
    success: attempt?.success ?? false,
  };
}

/**
 * Runs the job of a failed outbound call again: a new job of the same queue with the same data, marked with the call
 * it re-invokes. A provision job needs its instance still failed (a marketplace retry may have restarted it already),
 * and turns it back to provisioning, as "retry provisioning" does; the instance row lock keeps the two from racing.
 */
// SQL: FOR UPDATE on the chain's first job, with the job enqueued in the same pg transaction
async function rerunJob(deps: ReinvokeDeps, call: StoredCall, user: ConsoleUser): Promise<ReinvokeResult> {
  const mark: ReinvokeMark = { callId: call.id, activity: call.activity, by: user.email };
  const queue = call.job_queue as QueueName;
  const data = { ...(call.job_data ?? {}), reinvoke: mark };
  const outcome = await withTransaction(deps.pool, async (client): Promise<{ jobId: string } | { refused: string; why?: RefusalMessage }> => {
    // the same checks again, holding the chain's first job row: a concurrent re-invocation waits here, then sees ours
    await client.query('SELECT 1 FROM job WHERE id = $1 FOR UPDATE', [call.root_job]);
    const again = await loadCall(client, call.id);
    const why = refusal(again);
    if (why) return { refused: why, why: refusalKey(refusalCode(again)!, again?.signature_verdict ?? null) };
    if (queue === QUEUES.provision) {
      const instanceId = String(call.job_data?.instanceId ?? call.job_instance_id ?? '');
      const instance = await lockInstance(client, instanceId);
      if (!instance) return { refused: `its instance ${instanceId} no longer exists` };
      if (instance.status !== 'failed') return { refused: `its instance is ${instance.status} now, not failed: there is nothing to provision again` };
      const jobId = await restartProvisioning(client, deps.boss, instanceId, { callId: call.job_call_id, extra: { reinvoke: mark }, rerunOf: call.root_job! });
      return { jobId };
    }
    const meta = { instanceId: call.job_instance_id ?? undefined, callId: call.job_call_id, rerunOf: call.root_job! };
    return { jobId: await enqueue(client, deps.boss, queue, data, meta) };
  });
  if ('refused' in outcome) {
    await audit(deps.pool, { user, action: 'call.reinvoke', target: `call ${call.id}`, outcome: 'denied', detail: { reason: outcome.refused } });
    return { id: call.id, ok: false, error: outcome.refused, why: outcome.why ?? { key: 'calls.err.reinvoke', vars: { reason: outcome.refused } } };
  }
  await audit(deps.pool, {
    user,
    action: 'call.reinvoke',
    target: `call ${call.id}`,
    outcome: 'success',
    detail: { activity: call.activity, queue, jobId: outcome.jobId, rerunOf: call.job_id },
  });
  return { id: call.id, ok: true, queued: true, jobId: outcome.jobId };
}
