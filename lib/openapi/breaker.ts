/**
 * Circuit breakers for the outbound APIs (issue 12): when the marketplace's Query Order (or the usage push, the licence
 * APIs, the seller's webhook) keeps failing, calling it from every retrying job makes the outage worse and fills the
 * queue. After `failures` consecutive failures that a retry could help with (no answer, 5xx, 429) the breaker opens:
 * no call is made for `probeMs`; then one call is let through as a probe (half-open): its success closes the breaker,
 * its failure opens it for another `probeMs`. A business answer (an unknown order, a refused record) is the API
 * working: it closes the breaker too.
 *
 * One breaker per API per process (a cluster's processes each probe on their own). A call refused by an open breaker
 * throws CircuitOpenError; the job worker puts its job back to wait until `retryAt` without counting an attempt
 * (lib/jobs/worker.ts).
 */

export const BREAKER_APIS = ['queryOrder', 'usagePush', 'licence', 'webhook'] as const;
export type BreakerApi = (typeof BREAKER_APIS)[number];

export type BreakerState = 'closed' | 'open' | 'halfOpen';

export interface BreakerSettings {
  /** consecutive retryable failures that open the breaker (BREAKER_FAILURES, default 5) */
  failures: number;
  /** how long an open breaker refuses calls before it lets one probe through (BREAKER_PROBE_SECONDS, default 30) */
  probeMs: number;
}

export interface BreakerSnapshot {
  api: BreakerApi;
  state: BreakerState;
  /** consecutive retryable failures so far */
  failures: number;
  /** when it last opened (ISO) */
  openedAt: string | null;
  /** when the next probe may go (ISO), while open */
  retryAt: string | null;
  /** the last failure's reason, as the call log has it */
  lastError: string | null;
  /** calls refused while open, since it last closed */
  refused: number;
}

export class CircuitOpenError extends Error {
  /**
   * Recognised by its name and fields, not its class: each Next bundle has its own copy of this module, and the
   * process's breakers (created by whichever copy asked first, processBreakers below) throw that copy's class.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'CircuitOpenError' && typeof (value as { retryAt?: unknown }).retryAt === 'number';
  }

  constructor(
    readonly api: BreakerApi,
    /** when a call may be tried again (ms since epoch) */
    readonly retryAt: number,
  ) {
    super(`the ${api} circuit is open after repeated failures: not called until ${new Date(retryAt).toISOString()}`);
    this.name = 'CircuitOpenError';
  }
}


export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private failures = 0;
  private openedAt: number | null = null;
  private retryAt = 0;
  private probing = false;
  private lastError: string | null = null;
  private refused = 0;

  constructor(
    readonly api: BreakerApi,
    private readonly settings: () => BreakerSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Before a call: throws CircuitOpenError while the breaker is open (or a probe is already in flight); otherwise the
   * call may go, and the caller reports its outcome with `succeeded` or `failed`.
   */
  acquire(): void {
    const now = this.now();
    if (this.state === 'closed') return;
    if (this.state === 'open' && now >= this.retryAt) this.state = 'halfOpen';
    if (this.state === 'halfOpen' && !this.probing) {
      this.probing = true;
      return;
    }
    this.refused++;
    // while a probe is in flight the others wait for the next possible probe, not a moment: a backlog of waiting jobs
    // would otherwise be fetched again and again, and the jobs behind it never (pg-boss fetches the oldest first)
    throw new CircuitOpenError(this.api, this.state === 'open' ? this.retryAt : now + this.settings().probeMs);
  }

  /**
   * Someone asked for the work now (Retry now on a job waiting for this circuit): an open circuit lets its next call
   * through as the probe at once instead of at `retryAt`. A closed or probing circuit is left as it is.
   */
  probeNow(): void {
    if (this.state === 'open') this.retryAt = Math.min(this.retryAt, this.now());
  }

  /** The API answered (success, or a business refusal a retry would not change). */
  succeeded(): void {
    const reopened = this.state !== 'closed';
    this.state = 'closed';
    this.failures = 0;
    this.probing = false;
    this.refused = 0;
    this.openedAt = null;
    if (reopened) for (const listener of processBreakers().closed) listener(this.api);
  }

  /** The API failed in a way a retry might help with (no answer, 5xx, 429). */
  failed(reason: string): void {
    this.lastError = reason.slice(0, 300);
    this.failures++;
    const wasProbe = this.probing;
    this.probing = false;
    if (wasProbe || this.state === 'halfOpen' || this.failures >= this.settings().failures) {
      const now = this.now();
      if (this.state === 'closed') this.openedAt = now;
      this.state = 'open';
      this.retryAt = now + this.settings().probeMs;
    }
  }

  snapshot(): BreakerSnapshot {
    const state = this.state === 'open' && this.now() >= this.retryAt ? 'halfOpen' : this.state;
    return {
      api: this.api,
      state,
      failures: this.failures,
      openedAt: this.openedAt === null ? null : new Date(this.openedAt).toISOString(),
      retryAt: this.state === 'open' ? new Date(this.retryAt).toISOString() : null,
      lastError: this.lastError,
      refused: this.refused,
    };
  }
}

/** The open circuit that stopped a piece of work: the error itself, or the one a wrapping error carries (`circuit`). */
export function circuitOf(err: unknown): CircuitOpenError | undefined {
  if (err instanceof CircuitOpenError) return err;
  const carried = (err as { circuit?: unknown } | null)?.circuit;
  return carried instanceof CircuitOpenError ? carried : undefined;
}

const DEFAULTS: BreakerSettings = { failures: 5, probeMs: 30_000 };

/**
 * The process's breakers and their settings, kept on globalThis like the runtime (lib/runtime.ts): Next bundles
 * instrumentation.ts, whose runtime runs the job workers, apart from the route handlers, each bundle with its own copy
 * of this module, and GET /api/health and the Overview must see the breakers the workers trip.
 */
const BREAKERS_KEY = Symbol.for('koogallery.breakers');
type BreakersHolder = { [BREAKERS_KEY]?: { settings: BreakerSettings; breakers: Map<BreakerApi, CircuitBreaker>; closed: Set<(api: BreakerApi) => void> } };
function processBreakers() {
  const g = globalThis as BreakersHolder;
  return (g[BREAKERS_KEY] ??= { settings: DEFAULTS, breakers: new Map(), closed: new Set() });
}

/**
 * Calls `listener` whenever one of the process's breakers closes after being open (its probe answered): the job
 * workers release the jobs waiting for it (lib/jobs/worker.ts). Returns the unsubscribe. A listener must not throw.
 */
export function onBreakerClosed(listener: (api: BreakerApi) => void): () => void {
  const { closed } = processBreakers();
  closed.add(listener);
  return () => closed.delete(listener);
}

/** The process's settings (lib/runtime.ts sets them from BREAKER_FAILURES / BREAKER_PROBE_SECONDS). */
export function configureBreakers(settings: Partial<BreakerSettings>): void {
  processBreakers().settings = { ...DEFAULTS, ...settings };
}

/** The process's breaker of an API. */
export function breakerFor(api: BreakerApi): CircuitBreaker {
  const held = processBreakers();
  let b = held.breakers.get(api);
  if (!b) {
    b = new CircuitBreaker(api, () => held.settings);
    held.breakers.set(api, b);
  }
  return b;
}

/** Every breaker's state, for the health answer and the Overview. */
export function breakerSnapshots(): BreakerSnapshot[] {
  return BREAKER_APIS.map((api) => breakerFor(api).snapshot());
}

/** Runs `call` through the API's breaker: refused while open; its outcome counted as `classify` says. */
export async function throughBreaker<T>(api: BreakerApi, call: () => Promise<T>, classify: (r: T) => { retryableFailure: boolean; reason?: string }): Promise<T> {
  const b = breakerFor(api);
  b.acquire();
  let r: T;
  try {
    r = await call();
  } catch (err) {
    b.failed((err as Error).message);
    throw err;
  }
  const c = classify(r);
  if (c.retryableFailure) b.failed(c.reason ?? 'failed');
  else b.succeeded();
  return r;
}
