import type { Queryable } from '../db/client';

/**
 * Reads of the kit directory (lib/kit/directory.ts writes it). Deleted rows are tombstones kept for ordering; these
 * reads leave them out unless asked. The client secret is never read here (it stays encrypted at rest).
 */

export interface KitTenantRow {
  instanceId: string;
  tenantId: string;
  tenantCode: string | null;
  name: string | null;
  domainName: string | null;
  orderId: string | null;
  testFlag: boolean;
  deleted: boolean;
  changedAt: Date;
}

export async function findTenant(db: Queryable, instanceId: string, tenantId: string): Promise<KitTenantRow | undefined> {
  const { rows } = await db.query<KitTenantRow>(
    `SELECT instance_id AS "instanceId", tenant_id AS "tenantId", tenant_code AS "tenantCode", name, domain_name AS "domainName",
            order_id AS "orderId", test_flag AS "testFlag", deleted, changed_at AS "changedAt"
       FROM kit_tenant WHERE instance_id = $1 AND tenant_id = $2`,
    [instanceId, tenantId],
  );
  return rows[0];
}

export interface KitApplicationRow {
  appId: string;
  clientId: string | null;
  /** which OAEP digest decrypted the secret (spec §5) */
  secretDigest: string | null;
  hasSecret: boolean;
  deleted: boolean;
  changedAt: Date;
}

export async function listApplications(db: Queryable, instanceId: string, tenantId: string, opts: { withDeleted?: boolean } = {}): Promise<KitApplicationRow[]> {
  const { rows } = await db.query<KitApplicationRow>(
    `SELECT app_id AS "appId", client_id AS "clientId", secret_digest AS "secretDigest", client_secret IS NOT NULL AS "hasSecret",
            deleted, changed_at AS "changedAt"
       FROM kit_application WHERE instance_id = $1 AND tenant_id = $2 AND ($3 OR NOT deleted) ORDER BY app_id`,
    [instanceId, tenantId, opts.withDeleted ?? false],
  );
  return rows;
}

export interface KitUserRow {
  appId: string;
  userName: string;
  name: string | null;
  orgCode: string | null;
  position: string | null;
  employeeCode: string | null;
  employeeType: number | null;
  role: string | null;
  enabled: boolean;
  mobile: string | null;
  email: string | null;
  workPlace: string | null;
  status: 'active' | 'deleted' | 'deauthorised';
  changedAt: Date;
}

export async function listUsers(
  db: Queryable,
  instanceId: string,
  tenantId: string,
  opts: { appId?: string; status?: KitUserRow['status'] | 'all' } = {},
): Promise<KitUserRow[]> {
  const { rows } = await db.query<KitUserRow>(
    `SELECT app_id AS "appId", user_name AS "userName", name, org_code AS "orgCode", position, employee_code AS "employeeCode",
            employee_type AS "employeeType", role, enabled, mobile, email, work_place AS "workPlace", status, changed_at AS "changedAt"
       FROM kit_user
      WHERE instance_id = $1 AND tenant_id = $2 AND ($3::text IS NULL OR app_id = $3) AND ($4 = 'all' OR status = $4)
      ORDER BY app_id, user_name`,
    [instanceId, tenantId, opts.appId ?? null, opts.status ?? 'active'],
  );
  return rows;
}

export interface KitOrgRow {
  orgCode: string;
  orgName: string | null;
  parentCode: string | null;
  deleted: boolean;
  changedAt: Date;
}

export async function listOrgs(db: Queryable, instanceId: string, tenantId: string, opts: { withDeleted?: boolean } = {}): Promise<KitOrgRow[]> {
  const { rows } = await db.query<KitOrgRow>(
    `SELECT org_code AS "orgCode", org_name AS "orgName", parent_code AS "parentCode", deleted, changed_at AS "changedAt"
       FROM kit_org WHERE instance_id = $1 AND tenant_id = $2 AND ($3 OR NOT deleted) ORDER BY org_code`,
    [instanceId, tenantId, opts.withDeleted ?? false],
  );
  return rows;
}

/** The instances under which a live (not deleted) tenant of this id exists, for the read API to pick one. */
export async function tenantInstances(db: Queryable, tenantId: string): Promise<string[]> {
  const { rows } = await db.query<{ instanceId: string }>(
    `SELECT instance_id AS "instanceId" FROM kit_tenant WHERE tenant_id = $1 AND NOT deleted ORDER BY instance_id`,
    [tenantId],
  );
  return rows.map((r) => r.instanceId);
}

export interface UsersPageQuery {
  limit: number;
  /** keyset: strictly after this (appId, userName) */
  after?: [string, string];
  appId?: string;
  orgCode?: string;
  enabled?: boolean;
  /** deleted and deauthorised users too */
  includeInactive?: boolean;
}

/** One page of a tenant's users in (appId, userName) order, by keyset on the primary key; `limit + 1` rows tell whether more follow. */
export async function pageUsers(db: Queryable, instanceId: string, tenantId: string, q: UsersPageQuery): Promise<{ users: KitUserRow[]; more: boolean }> {
  const { rows } = await db.query<KitUserRow>(
    `SELECT app_id AS "appId", user_name AS "userName", name, org_code AS "orgCode", position, employee_code AS "employeeCode",
            employee_type AS "employeeType", role, enabled, mobile, email, work_place AS "workPlace", status, changed_at AS "changedAt"
       FROM kit_user
      WHERE instance_id = $1 AND tenant_id = $2
        AND ($3::text IS NULL OR (app_id, user_name) > ($3::text, $4::text))
        AND ($5::text IS NULL OR app_id = $5) AND ($6::text IS NULL OR org_code = $6) AND ($7::boolean IS NULL OR enabled = $7)
        AND ($8 OR status = 'active')
      ORDER BY app_id, user_name
      LIMIT $9`,
    [instanceId, tenantId, q.after?.[0] ?? null, q.after?.[1] ?? null, q.appId ?? null, q.orgCode ?? null, q.enabled ?? null, q.includeInactive ?? false, q.limit + 1],
  );
  return { users: rows.slice(0, q.limit), more: rows.length > q.limit };
}
