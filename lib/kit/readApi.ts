import type { Queryable } from '../db/client';
import { machineError } from '../machine/route';
import { findTenant, tenantInstances, type KitTenantRow } from './queries';
import { parseInstanceId } from './read';

/**
 * The tenant a read-API request names (GET /api/v1/tenants/{tenantId}…, issue 9). A tenant is readable once a
 * tenantSync added it and until one deleted it. A tenantId is the marketplace's and may exist under several instances
 * (one buyer, several purchases): `?instanceId=` picks one; without it a tenantId under one instance is that one, and
 * under several the answer is 409 `ambiguousTenant` naming them (never a guess). Answers the tenant or the Response.
 */
export async function resolveTenant(db: Queryable, tenantId: string, query: URLSearchParams): Promise<KitTenantRow | Response> {
  const instanceId = parseInstanceId(query);
  if ('error' in instanceId) return machineError({ status: 400, key: 'invalidQuery', message: instanceId.error });
  let chosen = instanceId.ok;
  if (!chosen) {
    const instances = await tenantInstances(db, tenantId);
    if (instances.length > 1) {
      return machineError({
        status: 409,
        key: 'ambiguousTenant',
        message: `Tenant ${tenantId} exists under several instances (${instances.slice(0, 20).join(', ')}): name one with ?instanceId=.`,
      });
    }
    chosen = instances[0];
  }
  const tenant = chosen ? await findTenant(db, chosen, tenantId) : undefined;
  if (!tenant || tenant.deleted) return machineError({ status: 404, key: 'notFound', message: `No tenant ${tenantId}${instanceId.ok ? ` under instance ${instanceId.ok}` : ''}.` });
  return tenant;
}
