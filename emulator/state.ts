import type { AkSk } from './aksk';
import { createIdpState, type IdpState } from './idp';
import { createLicenceStore, type LicenceStore } from './licences';
import { createOrderStore, type OrderStore } from './orders';
import { createUsageStore, type UsageStore } from './usage';

/** Which open API a call or fault is about. */
export type OpenApiName = 'orderQuery' | 'usage' | 'licenceActivate' | 'licenceHeartbeat';

/**
 * A test-injected fault: the next `remaining` calls to `api` (default: every open API) wait `delayMs`, then answer
 * HTTP `status` if given (else proceed normally). Used to exercise the app's retry/backoff (spec §7) and crash windows.
 */
export interface Fault {
  api?: OpenApiName;
  remaining: number;
  status?: number;
  /** the answer's error code (usage) / resultCode (Query Order); default MKT.0199 for a 4xx, MKT.0999 otherwise */
  errorCode?: string;
  delayMs?: number;
}

export interface RecordedCall {
  /** ISO time the call arrived */
  at: string;
  method: string;
  /** path + query */
  url: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  api: OpenApiName | 'control' | 'unknown';
  status: number;
  responseBody: string;
  /** AK that signed it, when the AK/SK check passed */
  ak?: string;
  /** why it was refused, or which fault answered it */
  note?: string;
  durationMs: number;
}

export interface EmulatorState {
  credentials: AkSk[];
  /** the key bound to the basic interfaces; verifies usage-push body signatures (spec §8.1) */
  marketplaceKey?: string;
  orders: OrderStore;
  usage: UsageStore;
  /** the tenant IdP the emulator plays for joint-operation sign-on (emulator/idp.ts), served under /idp */
  idp: IdpState;
  /** licence codes (spec §9.1), with their activations and heartbeats */
  licences: LicenceStore;
  /** which licence API paths exist (default both): a marketplace that retired v1 is played with ['v2'] */
  licencePathVersions: ('v1' | 'v2')[];
  faults: Fault[];
  calls: RecordedCall[];
  /** clock, replaceable in tests */
  now: () => Date;
  /** allowed X-Sdk-Date skew (default 15 min) */
  maxSkewMs?: number;
  /** calls kept in `calls`, oldest dropped first (the app runs the emulator in-process for long) */
  maxCalls: number;
}

export interface CreateEmulatorStateOptions {
  /** default 5000 */
  maxCalls?: number;
  credentials?: AkSk[];
  marketplaceKey?: string;
  /** preload the spec §3.11 mock orders (default true) */
  preloadMocks?: boolean;
  now?: () => Date;
  maxSkewMs?: number;
}

export const DEFAULT_CREDENTIALS: AkSk = { ak: 'emulator-ak', sk: 'emulator-sk' };

export function createEmulatorState(opts: CreateEmulatorStateOptions = {}): EmulatorState {
  const now = opts.now ?? (() => new Date());
  return {
    credentials: opts.credentials ?? [DEFAULT_CREDENTIALS],
    ...(opts.marketplaceKey !== undefined ? { marketplaceKey: opts.marketplaceKey } : {}),
    orders: createOrderStore({ preloadMocks: opts.preloadMocks ?? true, now: now() }),
    usage: createUsageStore(),
    idp: createIdpState(),
    licences: createLicenceStore({ preloadMocks: opts.preloadMocks ?? true, now: now() }),
    licencePathVersions: ['v1', 'v2'],
    faults: [],
    calls: [],
    now,
    maxCalls: opts.maxCalls ?? 5000,
    ...(opts.maxSkewMs !== undefined ? { maxSkewMs: opts.maxSkewMs } : {}),
  };
}

/** Queues a fault; e.g. `injectFault(state, { api: 'usage', count: 1, status: 400, errorCode: 'MKT.0101' })`. */
export function injectFault(
  state: EmulatorState,
  f: { api?: OpenApiName; count?: number; status?: number; errorCode?: string; delayMs?: number },
): Fault {
  const fault: Fault = {
    remaining: f.count ?? 1,
    ...(f.api ? { api: f.api } : {}),
    ...(f.status !== undefined ? { status: f.status } : {}),
    ...(f.errorCode !== undefined ? { errorCode: f.errorCode } : {}),
    ...(f.delayMs !== undefined ? { delayMs: f.delayMs } : {}),
  };
  state.faults.push(fault);
  return fault;
}

/** Consumes one use of the first pending fault matching `api`; spent faults are dropped. */
export function takeFault(state: EmulatorState, api: OpenApiName): Fault | undefined {
  const i = state.faults.findIndex((f) => f.remaining > 0 && (f.api === undefined || f.api === api));
  if (i < 0) return undefined;
  const fault = state.faults[i]!;
  fault.remaining--;
  if (fault.remaining <= 0) state.faults.splice(i, 1);
  return fault;
}
