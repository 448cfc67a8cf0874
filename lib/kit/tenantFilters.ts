import { z } from 'zod';
import type { TenantUserFilters } from './queries';

/**
 * The user filters of a tenant's page, tolerantly (an unknown value is no filter): the API's query schema and the
 * page's reading of its URL. Pure, shared by server and client.
 */
export function parseTenantUserFilters(q: Record<string, string | string[] | undefined> | URLSearchParams): TenantUserFilters {
  const get = (k: string) => {
    const v = q instanceof URLSearchParams ? q.get(k) : q[k];
    const s = Array.isArray(v) ? v[v.length - 1] : v;
    return s?.trim() || undefined;
  };
  const role = get('role');
  const enabled = get('enabled');
  const status = get('status');
  const page = Number(get('page'));
  return {
    q: get('q')?.slice(0, 255),
    appId: get('appId')?.slice(0, 64),
    role: role === 'user' || role === 'admin' ? role : undefined,
    enabled: enabled === 'true' ? true : enabled === 'false' ? false : undefined,
    status: status === 'active' || status === 'deleted' || status === 'deauthorised' || status === 'all' ? status : undefined,
    page: Number.isInteger(page) && page > 1 && page < 100_000 ? page : undefined,
  };
}

/** The search of a tenant page's URL for these filters (defaults left out). */
export function tenantUserSearch(f: TenantUserFilters): string {
  const sp = new URLSearchParams();
  if (f.q) sp.set('q', f.q);
  if (f.appId) sp.set('appId', f.appId);
  if (f.role) sp.set('role', f.role);
  if (f.enabled !== undefined) sp.set('enabled', String(f.enabled));
  if (f.status) sp.set('status', f.status);
  if (f.page && f.page > 1) sp.set('page', String(f.page));
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export const TenantUserQuery = z.record(z.string(), z.string()).transform((q) => parseTenantUserFilters(q));

/** The console page of one tenant. */
export const tenantHref = (r: { instanceId: string; tenantId: string }) => `/tenants/${encodeURIComponent(r.instanceId)}/${encodeURIComponent(r.tenantId)}`;
