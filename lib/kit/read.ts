/**
 * The kit directory as the seller's SaaS reads it (GET /api/v1/tenants/{tenantId}…, issue 9): pure shaping and query
 * parsing, no database. Field names follow SCIM 2.0 (RFC 7643) and WorkOS Directory Sync where natural: `userName`,
 * `displayName`, `active`, `title`, `employeeNumber`, `emails[]`, `phoneNumbers[]`; groups (orgs) with `parentCode`.
 * The client secret never appears: an application says `hasSecret`.
 */
import type { KitApplicationRow, KitOrgRow, KitTenantRow, KitUserRow } from './queries';

export const MAX_USERS_PAGE = 200;
export const DEFAULT_USERS_PAGE = 50;

export interface UsersQuery {
  instanceId?: string;
  limit: number;
  /** keyset: the last (appId, userName) of the previous page */
  after?: [string, string];
  appId?: string;
  orgCode?: string;
  enabled?: boolean;
  includeInactive: boolean;
}

export type Parsed<T> = { ok: T } | { error: string };

/** An opaque cursor: base64url of the JSON [appId, userName] of the page's last user. */
export function encodeCursor(appId: string, userName: string): string {
  return Buffer.from(JSON.stringify([appId, userName]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(v) && v.length === 2 && v.every((s) => typeof s === 'string' && s.length <= 255) ? [v[0], v[1]] : undefined;
  } catch {
    return undefined;
  }
}

const bool = (name: string, v: string | null): Parsed<boolean | undefined> =>
  v === null ? { ok: undefined } : v === 'true' ? { ok: true } : v === 'false' ? { ok: false } : { error: `${name} must be true or false` };

const idParam = (name: string, v: string | null): Parsed<string | undefined> =>
  v === null ? { ok: undefined } : v === '' || v.length > 64 ? { error: `${name} must be 1 to 64 characters` } : { ok: v };

/** `instanceId` of any of the three routes: absent, or 1 to 64 characters. */
export function parseInstanceId(q: URLSearchParams): Parsed<string | undefined> {
  return idParam('instanceId', q.get('instanceId'));
}

/** The users route's query, each fault naming its parameter. */
export function parseUsersQuery(q: URLSearchParams): Parsed<UsersQuery> {
  const instanceId = parseInstanceId(q);
  if ('error' in instanceId) return instanceId;
  let limit = DEFAULT_USERS_PAGE;
  const rawLimit = q.get('limit');
  if (rawLimit !== null) {
    if (!/^\d{1,4}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_USERS_PAGE) return { error: `limit must be an integer from 1 to ${MAX_USERS_PAGE}` };
    limit = Number(rawLimit);
  }
  let after: [string, string] | undefined;
  const cursor = q.get('cursor');
  if (cursor !== null) {
    after = decodeCursor(cursor);
    if (!after) return { error: 'cursor is not one this API gave' };
  }
  const appId = idParam('appId', q.get('appId'));
  if ('error' in appId) return appId;
  const orgCode = idParam('orgCode', q.get('orgCode'));
  if ('error' in orgCode) return orgCode;
  const enabled = bool('enabled', q.get('enabled'));
  if ('error' in enabled) return enabled;
  const includeInactive = bool('includeInactive', q.get('includeInactive'));
  if ('error' in includeInactive) return includeInactive;
  return {
    ok: { instanceId: instanceId.ok, limit, after, appId: appId.ok, orgCode: orgCode.ok, enabled: enabled.ok, includeInactive: includeInactive.ok ?? false },
  };
}

export function tenantJson(t: KitTenantRow, apps: KitApplicationRow[]) {
  return {
    id: t.tenantId,
    instanceId: t.instanceId,
    tenantCode: t.tenantCode,
    name: t.name,
    domainName: t.domainName,
    orderId: t.orderId,
    testFlag: t.testFlag,
    updatedAt: t.changedAt.toISOString(),
    applications: apps.map((a) => ({ appId: a.appId, clientId: a.clientId, hasSecret: a.hasSecret, updatedAt: a.changedAt.toISOString() })),
  };
}

export function userJson(u: KitUserRow) {
  return {
    id: `${u.appId}:${u.userName}`,
    appId: u.appId,
    userName: u.userName,
    displayName: u.name,
    /** SCIM's active: authorised (not deleted or deauthorised) and enabled */
    active: u.status === 'active' && u.enabled,
    enabled: u.enabled,
    status: u.status,
    role: u.role,
    title: u.position,
    employeeNumber: u.employeeCode,
    employeeType: u.employeeType,
    orgCode: u.orgCode,
    workPlace: u.workPlace,
    emails: u.email ? [{ value: u.email, primary: true }] : [],
    phoneNumbers: u.mobile ? [{ value: u.mobile, type: 'mobile' }] : [],
    updatedAt: u.changedAt.toISOString(),
  };
}

export interface OrgNode {
  orgCode: string;
  name: string | null;
  parentCode: string | null;
  updatedAt: string;
  children?: OrgNode[];
}

export function orgJson(o: KitOrgRow): OrgNode {
  return { orgCode: o.orgCode, name: o.orgName, parentCode: o.parentCode, updatedAt: o.changedAt.toISOString() };
}

/**
 * The flat list as a forest: a node whose parent is not in the list (or is itself) is a root. A cycle (the marketplace
 * should never send one) cannot hang or lose nodes: the first node of a cycle met is made a root, each node appears once.
 */
export function orgTree(orgs: KitOrgRow[]): OrgNode[] {
  const byCode = new Map(orgs.map((o) => [o.orgCode, o]));
  const children = new Map<string, KitOrgRow[]>();
  for (const o of orgs) {
    if (o.parentCode && o.parentCode !== o.orgCode && byCode.has(o.parentCode)) {
      const list = children.get(o.parentCode) ?? [];
      list.push(o);
      children.set(o.parentCode, list);
    }
  }
  const seen = new Set<string>();
  const build = (root: KitOrgRow): OrgNode => {
    // iterative, so a deep tree cannot overflow the stack
    const top: OrgNode = { ...orgJson(root), children: [] };
    seen.add(root.orgCode);
    const stack: [KitOrgRow, OrgNode][] = [[root, top]];
    while (stack.length) {
      const [row, node] = stack.pop()!;
      for (const c of children.get(row.orgCode) ?? []) {
        if (seen.has(c.orgCode)) continue;
        seen.add(c.orgCode);
        const child: OrgNode = { ...orgJson(c), children: [] };
        node.children!.push(child);
        stack.push([c, child]);
      }
    }
    return top;
  };
  const roots = orgs.filter((o) => !o.parentCode || o.parentCode === o.orgCode || !byCode.has(o.parentCode)).map(build);
  for (const o of orgs) if (!seen.has(o.orgCode)) roots.push(build(o));
  return roots;
}
