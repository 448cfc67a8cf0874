import { hasRole, type Role } from '../auth/roles';
import type { PrismaClient, Queryable } from '../db/client';
import { isPersonalName } from '../redact';

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

// ---------------------------------------------------------------------------------------------------------------------
// The console's Tenants page (issue 9): tenants by instance and customer, one tenant's directory and sync history.

/** An application as the console shows it: the client id, never the secret (only whether there is one). */
export interface KitApplicationView {
  appId: string;
  clientId: string | null;
  hasSecret: boolean;
  changedAt: Date;
}

export interface KitTenantSummary extends Omit<KitTenantRow, 'deleted'> {
  customerId: string | null;
  customerName: string | null;
  applications: KitApplicationView[];
  /** distinct userNames with an active authorisation to any application */
  userCount: number;
  orgCount: number;
}

export interface TenantFilters {
  instanceId?: string;
  /** a customer id (exact) or the start of a customer's name (any case) */
  customer?: string;
}

/** The tenants the kit synced (deleted ones left out), newest change first, up to 500. */
export async function listTenants(prisma: PrismaClient, db: Queryable, filters: TenantFilters = {}): Promise<KitTenantSummary[]> {
  let instanceIds: string[] | undefined;
  if (filters.customer) {
    const c = filters.customer;
    const found = await prisma.instance.findMany({
      where: { OR: [{ customerId: c }, { customer: { customerName: { startsWith: c, mode: 'insensitive' } } }] },
      select: { id: true },
    });
    instanceIds = found.map((i) => i.id);
    if (filters.instanceId) instanceIds = instanceIds.filter((id) => id === filters.instanceId);
    if (instanceIds.length === 0) return [];
  } else if (filters.instanceId) instanceIds = [filters.instanceId];
  const tenants = await prisma.kitTenant.findMany({
    where: { deleted: false, ...(instanceIds ? { instanceId: { in: instanceIds } } : {}) },
    orderBy: [{ changedAt: 'desc' }, { instanceId: 'asc' }, { tenantId: 'asc' }],
    take: 500,
  });
  if (tenants.length === 0) return [];
  const ids = [...new Set(tenants.map((t) => t.instanceId))];
  const [instances, apps, users, orgs] = await Promise.all([
    prisma.instance.findMany({ where: { id: { in: ids } }, select: { id: true, customerId: true, customer: { select: { customerName: true } } } }),
    // SQL: whether a secret is stored is answered by the database (IS NOT NULL): its ciphertext is never read here
    db.query<KitApplicationView & { instanceId: string; tenantId: string }>(
      `SELECT instance_id AS "instanceId", tenant_id AS "tenantId", app_id AS "appId", client_id AS "clientId",
              client_secret IS NOT NULL AS "hasSecret", changed_at AS "changedAt"
         FROM kit_application WHERE instance_id = ANY($1) AND NOT deleted ORDER BY app_id`,
      [ids],
    ),
    // SQL: COUNT(DISTINCT user_name) per tenant (a user authorised to two applications is one user); groupBy cannot
    db.query<{ instanceId: string; tenantId: string; n: number }>(
      `SELECT instance_id AS "instanceId", tenant_id AS "tenantId", COUNT(DISTINCT user_name)::int AS n
         FROM kit_user WHERE instance_id = ANY($1) AND status = 'active' GROUP BY instance_id, tenant_id`,
      [ids],
    ),
    prisma.kitOrg.groupBy({ by: ['instanceId', 'tenantId'], where: { instanceId: { in: ids }, deleted: false }, _count: { _all: true } }),
  ]);
  const key = (r: { instanceId: string; tenantId: string }) => `${r.instanceId}\u0000${r.tenantId}`;
  const inst = new Map(instances.map((i) => [i.id, i]));
  const userCounts = new Map(users.rows.map((r) => [key(r), r.n]));
  const orgCounts = new Map(orgs.map((r) => [key(r), r._count._all]));
  const appsOf = new Map<string, KitApplicationView[]>();
  for (const { instanceId, tenantId, ...a } of apps.rows) {
    const k = key({ instanceId, tenantId });
    appsOf.set(k, [...(appsOf.get(k) ?? []), a]);
  }
  return tenants.map((t) => ({
    instanceId: t.instanceId,
    tenantId: t.tenantId,
    tenantCode: t.tenantCode,
    name: t.name,
    domainName: t.domainName,
    orderId: t.orderId,
    testFlag: t.testFlag,
    changedAt: t.changedAt,
    customerId: inst.get(t.instanceId)?.customerId ?? null,
    customerName: inst.get(t.instanceId)?.customer?.customerName ?? null,
    applications: appsOf.get(key(t)) ?? [],
    userCount: userCounts.get(key(t)) ?? 0,
    orgCount: orgCounts.get(key(t)) ?? 0,
  }));
}

export interface OrgNode {
  orgCode: string;
  orgName: string | null;
  children: OrgNode[];
}

/**
 * The org tree from its rows: a node whose parent is unknown (or which would close a cycle) is a root. Children in
 * orgCode order. Pure, for the page and its unit test.
 */
export function orgTree(rows: { orgCode: string; orgName: string | null; parentCode: string | null }[]): OrgNode[] {
  const nodes = new Map(rows.map((r) => [r.orgCode, { orgCode: r.orgCode, orgName: r.orgName, children: [] as OrgNode[] }]));
  const parentOf = new Map(rows.map((r) => [r.orgCode, r.parentCode]));
  /** whether following parents from code reaches code again */
  const inCycle = (code: string) => {
    const seen = new Set<string>();
    for (let p = parentOf.get(code); p && nodes.has(p); p = parentOf.get(p)) {
      if (p === code) return true;
      if (seen.has(p)) return false;
      seen.add(p);
    }
    return false;
  };
  const roots: OrgNode[] = [];
  for (const r of [...rows].sort((a, b) => a.orgCode.localeCompare(b.orgCode))) {
    const node = nodes.get(r.orgCode)!;
    const parent = r.parentCode && r.parentCode !== r.orgCode ? nodes.get(r.parentCode) : undefined;
    if (parent && !inCycle(r.orgCode)) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** A user's mobile and e-mail (names lib/redact.ts isPersonalName knows) as "***" for a viewer; support and admins see them. */
export function maskPersonal<T extends object>(row: T, role: Role): T {
  if (hasRole(role, 'support')) return row;
  const out = { ...row } as Record<string, unknown>;
  for (const k of Object.keys(out)) if (isPersonalName(k) && typeof out[k] === 'string' && out[k] !== '') out[k] = '***';
  return out as T;
}

export const USER_PAGE = 50;

export interface TenantUserFilters {
  /** the start of a userName or a name, any case */
  q?: string;
  appId?: string;
  role?: 'user' | 'admin';
  enabled?: boolean;
  /** active (default), deleted, deauthorised or all */
  status?: KitUserRow['status'] | 'all';
  page?: number;
}

export interface TenantCall {
  id: string;
  createdAt: Date;
  activity: string | null;
  appId: string | null;
  success: boolean;
  resultCode: string | null;
}

export interface TenantDetail {
  tenant: KitTenantRow & { customerId: string | null; customerName: string | null };
  applications: KitApplicationView[];
  /** one row per application and user: `total` rows (the pages), `people` distinct user names among them */
  users: { rows: Omit<KitUserRow, never>[]; total: number; people: number; page: number; limit: number };
  orgs: OrgNode[];
  orgCount: number;
  /** the kit calls about this tenant, newest first (up to 100) */
  calls: TenantCall[];
}

/** One tenant's directory as the console shows it to `role` (mobile and e-mail masked for viewers); undefined when unknown. */
export async function getTenantDetail(
  prisma: PrismaClient,
  db: Queryable,
  instanceId: string,
  tenantId: string,
  filters: TenantUserFilters,
  role: Role,
): Promise<TenantDetail | undefined> {
  const tenant = await findTenant(db, instanceId, tenantId);
  if (!tenant) return undefined;
  const page = Math.max(1, filters.page ?? 1);
  const where = {
    instanceId,
    tenantId,
    ...(filters.status && filters.status !== 'all' ? { status: filters.status } : filters.status === 'all' ? {} : { status: 'active' }),
    ...(filters.appId ? { appId: filters.appId } : {}),
    ...(filters.role ? { role: filters.role } : {}),
    ...(filters.enabled !== undefined ? { enabled: filters.enabled } : {}),
    ...(filters.q
      ? { OR: [{ userName: { startsWith: filters.q, mode: 'insensitive' as const } }, { name: { contains: filters.q, mode: 'insensitive' as const } }] }
      : {}),
  };
  const [instance, applications, users, total, people, orgs, calls] = await Promise.all([
    prisma.instance.findUnique({ where: { id: instanceId }, select: { customerId: true, customer: { select: { customerName: true } } } }),
    listApplications(db, instanceId, tenantId),
    prisma.kitUser.findMany({
      where,
      orderBy: [{ userName: 'asc' }, { appId: 'asc' }],
      skip: (page - 1) * USER_PAGE,
      take: USER_PAGE,
      select: {
        appId: true, userName: true, name: true, orgCode: true, position: true, employeeCode: true, employeeType: true, role: true,
        enabled: true, mobile: true, email: true, workPlace: true, status: true, changedAt: true,
      },
    }),
    prisma.kitUser.count({ where }),
    // a user authorised to two applications is two rows but one person
    prisma.kitUser.groupBy({ by: ['userName'], where }).then((g) => g.length),
    prisma.kitOrg.findMany({ where: { instanceId, tenantId, deleted: false }, select: { orgCode: true, orgName: true, parentCode: true } }),
    prisma.call.findMany({
      where: { tenantId, instanceId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 100,
      select: { id: true, createdAt: true, activity: true, appId: true, success: true, resultCode: true },
    }),
  ]);
  return {
    tenant: { ...tenant, customerId: instance?.customerId ?? null, customerName: instance?.customer?.customerName ?? null },
    applications: applications.map(({ appId, clientId, hasSecret, changedAt }) => ({ appId, clientId, hasSecret, changedAt })),
    users: { rows: users.map((u) => maskPersonal(u as KitUserRow, role)), total, people, page, limit: USER_PAGE },
    orgs: orgTree(orgs),
    orgCount: orgs.length,
    calls: calls.map((c) => ({ ...c, id: c.id.toString() })),
  };
}
