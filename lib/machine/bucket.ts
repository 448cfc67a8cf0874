/**
 * Per-key token buckets for the machine APIs (issue 8). Pure apart from the map it keeps: time comes in as `now`.
 *
 * Each key's bucket holds up to `burst` tokens and refills at `perSecond`; a request takes one. The buckets live in
 * this process's memory: with several processes behind a balancer a key gets the limit in each of them, and a restart
 * forgets them. That is acceptable for a limit meant to stop a runaway client, not to meter usage.
 */
export interface Verdict {
  ok: boolean;
  /** whole seconds until a token is back, when refused */
  retryAfterSeconds?: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    /** buckets kept at most; the oldest-touched go first (a full bucket forgotten is the same as a fresh one) */
    private readonly maxKeys = 10_000,
  ) {}

  take(key: string, now: number = Date.now()): Verdict {
    if (this.perSecond <= 0) return { ok: true }; // 0 switches the limit off
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (Math.max(0, now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond)) };
  }
}
