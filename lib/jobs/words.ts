import type { Translate } from '../i18n/core';
import type messages from '../i18n/messages/jobs';
import type { QueueName } from './queue';

/**
 * The attention queue's words for a background job (issue 7), pure and client-safe: what kind of work it is, which
 * attempt, when the next try is. lib/jobs/attention.ts names the kind; the console views say it with these.
 */

/** What a job does, a stable name the console translates (`kind.*` in lib/i18n/messages/jobs). */
export const JOB_KINDS = [
  'provision',
  'renewal',
  'unsubscribeRenewal',
  'trialToFormal',
  'upgrade',
  'orderNotify',
  'applyOrder',
  'freeze',
  'unfreeze',
  'release',
  'quotaExhausted',
  'quotaRestored',
  'lifecycle',
  'usagePush',
  'directoryEvents',
  'licenceEvents',
  'licenceRefresh',
  'licenceUpload',
  'alertDelivery',
  'selfCheck',
] as const;
export type JobKind = (typeof JOB_KINDS)[number];

// the queue names of lib/jobs/queue.ts QUEUES (typed, so a renamed queue fails to compile here)
const PROVISION: QueueName = 'provision';
const APPLY_ORDER: QueueName = 'apply-order';
const LIFECYCLE: QueueName = 'lifecycle';
const USAGE_PUSH: QueueName = 'usage-push';
const KIT_EVENTS: QueueName = 'kit-events';
const LICENCE_EVENTS: QueueName = 'licence-events';
const LICENCE_REFRESH: QueueName = 'licence-refresh';
const LICENCE_UPLOAD: QueueName = 'licence-upload';
const ALERT_DELIVERY: QueueName = 'alert-delivery';
const SELF_CHECK: QueueName = 'self-check';

/** apply-order's `kind`: a refreshInstance scene (spec §3.5), UPGRADE (spec §3.8) or NOTIFY (orderNotify, spec §3.10) */
const ORDER_KINDS: Record<string, JobKind> = {
  RENEWAL: 'renewal',
  RENEWAL_CHANGE: 'renewal',
  UNSUBSCRIBE_RENEWAL_PERIOD: 'unsubscribeRenewal',
  TRIAL_TO_FORMAL: 'trialToFormal',
  UPGRADE: 'upgrade',
  NOTIFY: 'orderNotify',
};
/** lifecycle's `event` (spec §3.6, §3.7) */
const EVENT_KINDS: Record<string, JobKind> = {
  freeze: 'freeze',
  unfreeze: 'unfreeze',
  release: 'release',
  quota_exhausted: 'quotaExhausted',
  quota_restored: 'quotaRestored',
};

/** The kind of a job of `queue` with `data`; the queue's general kind when its data names nothing more precise. */
export function jobKind(queue: string, data: Record<string, unknown> | null | undefined): JobKind {
  const pick = (table: Record<string, JobKind>, v: unknown) => (typeof v === 'string' && Object.hasOwn(table, v) ? table[v] : undefined);
  if (queue === PROVISION) return 'provision';
  if (queue === APPLY_ORDER) return pick(ORDER_KINDS, data?.kind) ?? 'applyOrder';
  if (queue === LIFECYCLE) return pick(EVENT_KINDS, data?.event) ?? 'lifecycle';
  if (queue === USAGE_PUSH) return 'usagePush';
  if (queue === KIT_EVENTS) return 'directoryEvents';
  if (queue === LICENCE_EVENTS) return 'licenceEvents';
  if (queue === LICENCE_REFRESH) return 'licenceRefresh';
  if (queue === LICENCE_UPLOAD) return 'licenceUpload';
  if (queue === ALERT_DELIVERY) return 'alertDelivery';
  if (queue === SELF_CHECK) return 'selfCheck';
  return 'lifecycle';
}

/**
 * Which attempt a job is at, from pg-boss 10's counters. pg-boss counts retries, not attempts: `retry_count` is 0
 * during and after the first attempt and goes up as each retry starts; `retry_limit` retries follow the first attempt.
 * So `retry_count + 1` is the attempt that last failed (state retry, failed) or is running (active), of
 * `retry_limit + 1`: "attempt 6 of 9".
 */
export function attemptOf(row: { retryCount: number; retryLimit: number }): { attempt: number; maxAttempts: number } {
  return { attempt: row.retryCount + 1, maxAttempts: row.retryLimit + 1 };
}

export type JobsT = Translate<Extract<keyof (typeof messages)['en'], string>>;

/** "2 h 13 min", "4 min 5 s", "12 s" (2 小时 13 分 …), never negative. */
export function durationText(t: JobsT, ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return t('dur.hm', { h, m });
  if (m > 0) return t('dur.ms', { m, s });
  return t('dur.s', { s });
}

/** What the console shows of an attention job. */
export interface JobProgress {
  state: 'failing' | 'gaveUp';
  running: boolean;
  attempt: number;
  maxAttempts: number;
  /** ISO time; for a failing job that is not running */
  nextTry: string | null;
}

/**
 * One line for a job: "attempt 6 of 9 failed, next try in 2 min 10 s", "attempt 7 of 9 running now",
 * "gave up after 9 attempts".
 */
export function progressText(t: JobsT, job: JobProgress, now: number): string {
  if (job.state === 'gaveUp') return t('gaveUpAfter', { n: job.attempt });
  if (job.running) return t('attemptRunning', { n: job.attempt, max: job.maxAttempts });
  const left = job.nextTry ? Date.parse(job.nextTry) - now : 0;
  const next = left >= 1000 ? t('nextTryIn', { duration: durationText(t, left) }) : t('nextTryNow');
  return t('failingLine', { attempt: t('attemptFailed', { n: job.attempt, max: job.maxAttempts }), next });
}
