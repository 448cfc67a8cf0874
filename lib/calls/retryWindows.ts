/**
 * How long the marketplace keeps retrying a failed production-interface call, by activity (spec §7.1), and what
 * happens when it stops: a purchase or upgrade order is judged failed and refunded (auto-unsubscribed); for the
 * other activities the message is abandoned and stays failed in 生产接口消息 (spec §10.2) until restarted by hand.
 */

export interface RetryWindow {
  /** how long after the first failed call the marketplace stops retrying */
  ms: number;
  /** what the marketplace does when the window is over */
  afterwards: 'refund' | 'abandon';
  /** the spec's wording, for people */
  description: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const RETRY_WINDOWS: Readonly<Record<string, RetryWindow>> = {
  // spec §7.1: 3 hours, then the order is judged failed and refunded
  newInstance: { ms: 3 * HOUR, afterwards: 'refund', description: 'retried for 3 hours, then the order is refunded' },
  upgradeInstance: { ms: 3 * HOUR, afterwards: 'refund', description: 'retried for 3 hours, then the upgrade order is refunded' },
  orderNotify: { ms: 3 * HOUR, afterwards: 'abandon', description: 'retried for 3 hours' },
  // spec §4.8: the V1 upgrade, likewise
  upgrade: { ms: 3 * HOUR, afterwards: 'refund', description: 'retried for 3 hours, then the upgrade order is refunded' },
  // spec §7.1: renewals, expiries, status changes and releases: 1 hour, then the message stays failed
  refreshInstance: { ms: HOUR, afterwards: 'abandon', description: 'retried for 1 hour, then the message stays failed' },
  updateInstanceStatus: { ms: HOUR, afterwards: 'abandon', description: 'retried for 1 hour, then the message stays failed' },
  releaseInstance: { ms: HOUR, afterwards: 'abandon', description: 'retried for 1 hour, then the message stays failed' },
  expireInstance: { ms: HOUR, afterwards: 'abandon', description: 'retried for 1 hour, then the message stays failed' },
  // the V1 status change (spec §4.9), like its V2 twin updateInstanceStatus
  instanceStatus: { ms: HOUR, afterwards: 'abandon', description: 'retried for 1 hour, then the message stays failed' },
  // spec §4.12: licence V1's getLicense, hourly for 3 hours; then the order waits at 商家实施交付License for a manual
  // delivery (not refunded, but a failed order: more than 5 a month delist the product). Its lifecycle calls are
  // taken to be retried as their instance twins are (the spec gives no window for them).
  getLicense: { ms: 3 * HOUR, afterwards: 'abandon', description: 'retried hourly for 3 hours, then the order waits for a manual licence delivery' },
  refreshLicense: { ms: HOUR, afterwards: 'abandon', description: 'retried for 1 hour, then the message stays failed' },
  expireLicense: { ms: HOUR, afterwards: 'abandon', description: 'retried for 1 hour, then the message stays failed' },
  releaseLicense: { ms: HOUR, afterwards: 'abandon', description: 'retried for 1 hour, then the message stays failed' },
  // spec §7.1 / §9.1: licence codes 2.0, 60 times every 2 minutes
  refreshLicenseCode: { ms: 60 * 2 * MINUTE, afterwards: 'abandon', description: 'retried 60 times every 2 minutes' },
  updateLicenseCodeStatus: { ms: 60 * 2 * MINUTE, afterwards: 'abandon', description: 'retried 60 times every 2 minutes' },
  releaseLicenseCode: { ms: 60 * 2 * MINUTE, afterwards: 'abandon', description: 'retried 60 times every 2 minutes' },
};

/**
 * The retry window of an activity; undefined where the spec documents none (queryInstance is polled until it
 * succeeds, changeInstanceCheck is a synchronous check, kit syncs are re-triggered by people).
 */
export function retryWindowFor(activity: string | null | undefined): RetryWindow | undefined {
  return activity && Object.hasOwn(RETRY_WINDOWS, activity) ? RETRY_WINDOWS[activity] : undefined;
}

/** When the marketplace gives up: the first failed call plus the window. */
export function deadlineFor(activity: string | null | undefined, firstFailureAt: Date): Date | undefined {
  const w = retryWindowFor(activity);
  return w ? new Date(firstFailureAt.getTime() + w.ms) : undefined;
}

/** The time left in whole hours, minutes and seconds (never negative). */
export function remainingParts(ms: number): { h: number; m: number; s: number } {
  const total = Math.max(0, Math.floor(ms / 1000));
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}

/** "2 h 13 min", "4 min 5 s", "12 s": the time left, for a countdown. */
export function formatRemaining(ms: number): string {
  const { h, m, s } = remainingParts(ms);
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

/** The countdown's words: "refund in 2 h 13 min", "abandoned in 4 min 5 s", "window over". */
export function countdownText(afterwards: RetryWindow['afterwards'], deadline: number, now: number): string {
  const left = deadline - now;
  if (left <= 0) return 'window over';
  return `${afterwards === 'refund' ? 'refund' : 'abandoned'} in ${formatRemaining(left)}`;
}
