import { z } from 'zod';
import type { InstanceStatus } from './transitions';

/**
 * The instance list's filters, as they travel in the URL (`/instances?q=…&status=…`) and to the console API: one
 * parser for the page, the API and the browser, so a link reproduces the view. Unknown or malformed values are
 * dropped rather than refused: a hand-edited URL still shows a list.
 */
export const INSTANCE_STATUSES: InstanceStatus[] = ['provisioning', 'active', 'frozen', 'released', 'failed'];
/** spec §3.11 chargingMode */
export const CHARGING_MODES = ['PERIOD', 'ONE_TIME', 'ON_DEMAND', 'ON_DEMAND_PKG'] as const;
export const SORTS = ['created', 'expire', 'status', 'id'] as const;
export type InstanceSort = (typeof SORTS)[number];
export const DEFAULT_LIMIT = 25;

export interface InstanceFilters {
  /** instance id, order id (any order of the instance) or customer id, exactly or by prefix; or part of the customer's name */
  q?: string;
  status?: InstanceStatus;
  chargingMode?: string;
  /** marketplace test instances (testFlag) or real ones */
  test?: 'test' | 'real';
  sort?: InstanceSort;
  dir?: 'asc' | 'desc';
  /** 1-based */
  page?: number;
  limit?: number;
}

const schema = z.object({
  q: z.string().trim().max(128).optional().catch(undefined),
  status: z.enum(INSTANCE_STATUSES as [InstanceStatus, ...InstanceStatus[]]).optional().catch(undefined),
  chargingMode: z.enum(CHARGING_MODES).optional().catch(undefined),
  test: z.enum(['test', 'real']).optional().catch(undefined),
  sort: z.enum(SORTS).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(100).optional().catch(undefined),
});

type ParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

export function parseInstanceFilters(params: ParamsLike): InstanceFilters {
  const get = (k: string) => {
    const v = params instanceof URLSearchParams ? params.get(k) : params[k];
    const one = Array.isArray(v) ? v[0] : v;
    return one === '' || one === null ? undefined : one;
  };
  const parsed = schema.parse(Object.fromEntries(Object.keys(schema.shape).map((k) => [k, get(k)])));
  const out: InstanceFilters = {};
  for (const [k, v] of Object.entries(parsed)) if (v !== undefined && v !== '') (out as Record<string, unknown>)[k] = v;
  return out;
}

/** The console API's query: the same tolerant parse (lib/console/route.ts hands it the query as an object of strings). */
export const instanceQuerySchema = z.record(z.string(), z.string()).transform((q) => parseInstanceFilters(q));

/** The filters as a query string, defaults left out, in a stable order (it is also the react-query key). */
export function filtersToSearch(f: InstanceFilters): string {
  const p = new URLSearchParams();
  for (const k of ['q', 'status', 'chargingMode', 'test', 'sort', 'dir', 'page', 'limit'] as const) {
    const v = f[k];
    if (v === undefined || v === '' || (k === 'page' && v === 1) || (k === 'limit' && v === DEFAULT_LIMIT)) continue;
    p.set(k, String(v));
  }
  return p.toString();
}
