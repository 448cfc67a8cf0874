/**
 * Repeated signature failures are made cheap (issue 6): the raw-body check (one HMAC per key) is always made, so a
 * correctly signed call is never refused, but the fallback that parses and re-serialises the body (spec §3.2 "sorted"
 * variant) is skipped for an address that keeps failing, and for everybody while failures pour in from many
 * addresses at once (the address comes from X-Forwarded-For, which a caller can forge). The marketplace signs the
 * bytes it sends, so the raw check is the one its calls pass.
 *
 * Per process and in memory on purpose: it protects this process's CPU, and must cost nothing on the hot path.
 */
export interface ThrottleOptions {
  /** failures an address may make per window before its sorted fallback is skipped */
  perAddress: number;
  /** failures all addresses together may make per window before everybody's sorted fallback is skipped */
  overall: number;
  windowMs: number;
  /** addresses remembered at most (the oldest window is forgotten first) */
  maxAddresses: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { perAddress: 10, overall: 200, windowMs: 60_000, maxAddresses: 10_000 };

interface Window {
  start: number;
  failures: number;
}

export class SignatureFailureThrottle {
  private readonly byAddress = new Map<string, Window>();
  private overall: Window = { start: 0, failures: 0 };

  constructor(private readonly opts: ThrottleOptions = DEFAULT_THROTTLE) {}

  /** Whether the expensive fallback may be tried for a call from `address` now. */
  allowsFallback(address: string | undefined, now: number): boolean {
    if (this.current(this.overall, now).failures >= this.opts.overall) return false;
    const w = this.byAddress.get(address ?? '');
    return !w || this.current(w, now).failures < this.opts.perAddress;
  }

  /** Whether `address` has used up its failures in this window (the call log then keeps less of its bodies). */
  isThrottled(address: string | undefined, now: number): boolean {
    const w = this.byAddress.get(address ?? '');
    return !!w && this.current(w, now).failures >= this.opts.perAddress;
  }

  recordFailure(address: string | undefined, now: number): void {
    this.current(this.overall, now).failures++;
    const key = address ?? '';
    let w = this.byAddress.get(key);
    if (!w) {
      if (this.byAddress.size >= this.opts.maxAddresses) this.byAddress.delete(this.byAddress.keys().next().value!);
      w = { start: now, failures: 0 };
      this.byAddress.set(key, w);
    }
    this.current(w, now).failures++;
  }

  private current(w: Window, now: number): Window {
    if (now - w.start >= this.opts.windowMs) {
      w.start = now;
      w.failures = 0;
    }
    return w;
  }
}
