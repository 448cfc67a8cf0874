import { randomUUID } from 'node:crypto';
import {
  isProduceSuccess,
  resultCodeOf,
  sendProduceCall,
  type ProduceCallOptions,
  type ProduceCallResult,
} from './call';

/**
 * Marketplace behaviours around single calls: retries (spec §7.1) and queryInstance polling after 000004 (spec §3.4).
 */

export interface RetryPolicy {
  attempts: number;
  intervalMs: number;
}

export interface RetryOutcome {
  ok: boolean;
  /** every attempt, in order */
  attempts: ProduceCallResult[];
  last: ProduceCallResult;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Calls until success or `attempts` calls were made, `intervalMs` apart. Every attempt is signed afresh (new nonce and
 * timestamp); newInstance gets a new random businessId on every attempt (spec §3.3, §7.3), the first attempt keeps
 * the caller's businessId if it gave one.
 */
export async function callWithRetries(opts: ProduceCallOptions, policy: RetryPolicy = { attempts: 3, intervalMs: 1000 }): Promise<RetryOutcome> {
  const attempts: ProduceCallResult[] = [];
  const n = Math.max(1, policy.attempts);
  for (let i = 0; i < n; i++) {
    if (i > 0) await sleep(policy.intervalMs);
    const body = { ...opts.body };
    if (body.activity === 'newInstance' && (i > 0 || typeof body.businessId !== 'string')) body.businessId = randomUUID();
    const { timestamp, nonce, ...rest } = opts;
    const attemptOpts: ProduceCallOptions = { ...rest, body, ...(i === 0 && timestamp ? { timestamp } : {}), ...(i === 0 && nonce ? { nonce } : {}) };
    const result = await sendProduceCall(attemptOpts);
    attempts.push(result);
    if (isProduceSuccess(body.activity, result)) return { ok: true, attempts, last: result };
  }
  return { ok: false, attempts, last: attempts[attempts.length - 1]! };
}

export interface InstanceInfo {
  instanceId: string;
  appInfo?: Record<string, unknown>;
  usageInfo?: Record<string, unknown>[];
}

export interface PollOutcome {
  ok: boolean;
  polls: ProduceCallResult[];
  /** the entry for the instance once ready */
  info?: InstanceInfo;
  /** why polling ended without success */
  reason?: string;
}

/** The info[] entry for instanceId when the answer is 000000 with appInfo or usageInfo (spec §3.4). */
export function readyInstanceInfo(r: ProduceCallResult, instanceId: string): InstanceInfo | undefined {
  if (r.status !== 200 || resultCodeOf(r) !== '000000') return undefined;
  const info = (r.json as { info?: unknown }).info;
  if (!Array.isArray(info)) return undefined;
  const entry = info.find((e): e is InstanceInfo => !!e && typeof e === 'object' && (e as InstanceInfo).instanceId === instanceId);
  return entry && (entry.appInfo || entry.usageInfo) ? entry : undefined;
}

/**
 * Polls queryInstance until it answers 000000 with the instance's appInfo (or usageInfo for pay-per-use), as the
 * marketplace does after a 000004 create (spec §3.4: "keeps polling … until it gets success with appInfo").
 */
export async function pollQueryInstance(
  url: string,
  key: string,
  instanceId: string,
  opts: { timeoutMs?: number; intervalMs?: number; testFlag?: '0' | '1' } = {},
): Promise<PollOutcome> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const polls: ProduceCallResult[] = [];
  for (;;) {
    const r = await sendProduceCall({
      url,
      key,
      body: { activity: 'queryInstance', instanceId },
      ...(opts.testFlag ? { testFlag: opts.testFlag } : {}),
    });
    polls.push(r);
    const info = readyInstanceInfo(r, instanceId);
    if (info) return { ok: true, polls, info };
    if (Date.now() + (opts.intervalMs ?? 1000) > deadline) {
      const last = r.error ?? `HTTP ${r.status} resultCode ${resultCodeOf(r) ?? '(none)'}`;
      return { ok: false, polls, reason: `not ready within ${opts.timeoutMs ?? 30_000} ms; last answer: ${last}` };
    }
    await sleep(opts.intervalMs ?? 1000);
  }
}
