import type { Failure } from '@/lib/calls/queries';
import type { RefusalCode, ReinvokeResult } from '@/lib/calls/reinvoke';
import { remainingParts } from '@/lib/calls/retryWindows';
import type { Translate } from '@/lib/i18n/core';
import type messages from '@/lib/i18n/messages/calls';

/** Translations of the call log, in the shape the helpers below need. */
export type CallsT = Translate<Extract<keyof (typeof messages)['en'], string>>;

/** "2 h 13 min", "4 min 5 s", "12 s" (or 2 小时 13 分 …): the time left, for a countdown (cf. lib/calls/retryWindows formatRemaining). */
export function remainingText(t: CallsT, ms: number): string {
  const { h, m, s } = remainingParts(ms);
  if (h > 0) return t('dur.hm', { h, m });
  if (m > 0) return t('dur.ms', { m, s });
  return t('dur.s', { s });
}

/** The countdown's words: "refund in 2 h 13 min", "abandoned in 4 min 5 s", "window over". */
export function countdownWords(t: CallsT, afterwards: 'refund' | 'abandon', deadline: number, now: number): { text: string; over: boolean } {
  const left = deadline - now;
  if (left <= 0) return { text: t('countdown.over'), over: true };
  return { text: t(afterwards === 'refund' ? 'countdown.refund' : 'countdown.abandon', { left: remainingText(t, left) }), over: false };
}

const WINDOW_KEYS: Record<string, `window.${string}` & keyof (typeof messages)['en']> = {
  newInstance: 'window.refundOrder',
  upgradeInstance: 'window.refundUpgrade',
  upgrade: 'window.refundUpgrade',
  orderNotify: 'window.threeHours',
  refreshInstance: 'window.staysFailed',
  updateInstanceStatus: 'window.staysFailed',
  releaseInstance: 'window.staysFailed',
  expireInstance: 'window.staysFailed',
  instanceStatus: 'window.staysFailed',
  refreshLicenseCode: 'window.licence',
  updateLicenseCodeStatus: 'window.licence',
  releaseLicenseCode: 'window.licence',
  getLicense: 'window.licenceV1',
  refreshLicense: 'window.staysFailed',
  expireLicense: 'window.staysFailed',
  releaseLicense: 'window.staysFailed',
};

/** The spec's retry window of an activity in words (spec §7.1); `fallback` (the English description) for one not listed. */
export function retryWindowText(t: CallsT, activity: string | null | undefined, fallback: string): string {
  return activity && Object.hasOwn(WINDOW_KEYS, activity) ? t(WINDOW_KEYS[activity]!) : fallback;
}

const VERDICTS = ['valid', 'invalid', 'expired', 'replayed', 'missing', 'no_key', 'not_applicable'] as const;

/** A signature verdict in words, or as stored when unknown. */
export function verdictText(t: CallsT, verdict: string): string {
  return (VERDICTS as readonly string[]).includes(verdict) ? t(`verdict.${verdict as (typeof VERDICTS)[number]}`) : verdict;
}

/** Why a call cannot be re-invoked, in words (cf. lib/calls/reinvoke.ts refusalMessage); `resolvedBy` names the attempt that settled it. */
export function reinvokeRefusalText(t: CallsT, code: RefusalCode, verdict: string | null, resolvedBy?: string): string {
  if (code === 'resolved') return resolvedBy ? t('refusal.resolved', { id: resolvedBy }) : t('refusal.resolvedByRerun');
  return t(`refusal.${code}`, { verdict: verdict ?? t('refusal.notChecked') });
}

/** How long the marketplace retries a failed call, and what happens then (the Failures view). */
export function windowText(t: CallsT, f: Pick<Failure, 'retryWindowMs' | 'activity' | 'afterwards'>): string {
  if (f.retryWindowMs === null) return f.activity === 'queryInstance' ? t('polled') : t('noRetry');
  const h = f.retryWindowMs / 3_600_000;
  return t(f.afterwards === 'refund' ? 'retriedRefunded' : 'retriedAbandoned', { h });
}

/** The result code of a call, or the HTTP status of an outbound call that has none. */
export function resultOf(c: { resultCode: string | null; responseStatus: number | null }): string | null {
  return c.resultCode ?? (c.responseStatus ? `HTTP ${c.responseStatus}` : null);
}

/** "Re-invoked 2: 1 succeeded, 1 still failing." */
export function bulkSummary(t: CallsT, results: readonly ReinvokeResult[]): { text: string; ok: boolean } {
  const succeeded = results.filter((r) => r.ok && 'success' in r && r.success).length;
  const queued = results.filter((r) => r.ok && 'queued' in r).length;
  const refused = results.filter((r) => !r.ok).length;
  const failing = results.length - succeeded - queued - refused;
  return {
    text: t(refused ? 'bulkSummaryRefused' : 'bulkSummary', { n: results.length, succeeded, failing, refused }),
    ok: failing + refused === 0,
  };
}
