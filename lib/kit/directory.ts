import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { withTransaction } from '../db/client';
import { invalidParam, success, type ProduceResult } from '../marketplace/resultCodes';
import { encryptAtRest } from '../secrets';
import { emitDirectoryEvents, lockTenantEvents, transition, type PendingEvent } from './events';
import { decryptClientSecret } from './rsa';
import type { KitOrgInfo, KitRequest, KitUser } from './schemas';

/**
 * The kit directory's writes (spec §3.12, §7.3; issue 9), one function per interface. Idempotency and order are held
 * by the database, never by a read before a write:
 * - every row is keyed by its natural key (instance, tenant, …) and written with INSERT … ON CONFLICT, so repeats,
 *   50 concurrent duplicates and several processes give one row;
 * - every row keeps the timeStamp of the change that last wrote it, and an upsert writes only
 *   `WHERE existing.changed_at < excluded.changed_at`: an older change never overwrites a newer one, a repeat
 *   (same timeStamp) changes nothing, and both answer success;
 * - a delete leaves a tombstone (`deleted`, a user's `status`), so an add older than the delete does not resurrect it;
 * - modify (flag 2) changes the fields but not whether the row is deleted (a row it does not find is created live).
 * The instance need not exist (§3.12: a sync may come before newInstance).
 *
 * Each change runs in one transaction with the directory events it causes (lib/kit/events.ts): the tenant's event
 * counter is locked first (so a tenant's changes are applied one after another and each sees the one before), the
 * upsert RETURNs the rows it wrote with whether they were live before, and only rows that went from or to live, or
 * stayed live, become events. A repeat or an older change writes no row, and so no event.
 */

export interface KitDeps {
  pool: pg.Pool;
  /** the delivery job of the directory events is enqueued in the change's transaction */
  boss: PgBoss;
  /** lib/secrets.ts encryptionKey: the client secret is kept encrypted at rest */
  encryptionKey: string;
  /** the app's kit RSA private key (PEM), asked for only when a clientSecret is to be decrypted */
  kitPrivateKey: () => string;
}

export async function applyKitChange(req: KitRequest, deps: KitDeps): Promise<ProduceResult> {
  switch (req.name) {
    case 'tenantSync':
      return tenantSync(deps, req.body);
    case 'applicationSync':
      return applicationSync(deps, req.body);
    case 'authSync':
      return authSync(deps, req.body);
    case 'singleOrgSync':
      return singleOrgSync(deps, req.body);
    case 'allOrgSync':
      return allOrgSync(deps, req.body);
  }
}

type Body<N extends KitRequest['name']> = Extract<KitRequest, { name: N }>['body'];
type Deps = Pick<KitDeps, 'pool' | 'boss'>;

/** The change in its transaction with the events it returns, after the tenant's event counter is locked. */
function inTenantTransaction(deps: Deps, b: { instanceId: string; tenantId: string }, change: (tx: pg.PoolClient) => Promise<PendingEvent[]>): Promise<ProduceResult> {
  return withTransaction(deps.pool, async (tx) => {
    await lockTenantEvents(tx, b.instanceId, b.tenantId);
    await emitDirectoryEvents(tx, deps.boss, b.instanceId, b.tenantId, await change(tx));
    return success();
  });
}

/** `WITH prev AS (…)`: the rows as they were before the statement (the tenant's lock is held: nothing moves under it). */
const withPrev = (select: string, upsert: string, returning: string) => `WITH prev AS (${select}) ${upsert} RETURNING ${returning}`;

/** flag 0 delete: the tombstone's deleted value; flag 2 modify keeps the row's own (a new row is live). */
const DELETED_ON_CONFLICT = (table: string) => `CASE WHEN $flag = 2 THEN ${table}.deleted ELSE excluded.deleted END`;

function named(sql: string, names: string[]): string {
  return names.reduce((s, n, i) => s.replaceAll(`$${n}`, `$${i + 1}`), sql);
}

// SQL: upsert ordered by timeStamp (lib/kit/directory.ts header)
const TENANT_UPSERT = named(
  `INSERT INTO kit_tenant (instance_id, tenant_id, tenant_code, name, domain_name, order_id, test_flag, deleted, changed_at)
   VALUES ($instance, $tenant, $code, $name, $domain, $order, $test, $flag = 0, $at)
   ON CONFLICT (instance_id, tenant_id) DO UPDATE SET
     tenant_code = CASE WHEN $flag = 0 THEN kit_tenant.tenant_code ELSE excluded.tenant_code END,
     name = CASE WHEN $flag = 0 THEN kit_tenant.name ELSE excluded.name END,
     domain_name = CASE WHEN $flag = 0 THEN kit_tenant.domain_name ELSE excluded.domain_name END,
     order_id = COALESCE(excluded.order_id, kit_tenant.order_id),
     test_flag = excluded.test_flag,
     deleted = ${DELETED_ON_CONFLICT('kit_tenant')},
     changed_at = excluded.changed_at, updated_at = now()
   WHERE kit_tenant.changed_at < excluded.changed_at`,
  ['instance', 'tenant', 'code', 'name', 'domain', 'order', 'test', 'flag', 'at'],
);

const TENANT_EVENT_UPSERT = withPrev(
  `SELECT deleted FROM kit_tenant WHERE instance_id = $1 AND tenant_id = $2`,
  TENANT_UPSERT,
  `tenant_code AS "tenantCode", name, domain_name AS "domainName", order_id AS "orderId", test_flag AS "testFlag", deleted, (SELECT NOT deleted FROM prev) AS "wasLive"`,
);

export function tenantSync(deps: Deps, b: Body<'tenantSync'>): Promise<ProduceResult> {
  return inTenantTransaction(deps, b, async (tx) => {
    const { rows } = await tx.query<{ deleted: boolean; wasLive: boolean | null } & Record<string, unknown>>(TENANT_EVENT_UPSERT, [
      b.instanceId, b.tenantId, b.tenantCode, b.name, b.domainName ?? null, b.orderId ?? null, b.testFlag, b.flag, b.timeStamp,
    ]);
    return rows.flatMap(({ deleted, wasLive, ...tenant }) => event(transition('tenant', wasLive ?? undefined, !deleted), tenant, b.timeStamp));
  });
}

const event = (type: PendingEvent['type'] | undefined, data: Record<string, unknown>, changedAt: Date): PendingEvent[] => (type ? [{ type, data, changedAt }] : []);

const APPLICATION_UPSERT = named(
  `INSERT INTO kit_application (instance_id, tenant_id, app_id, client_id, client_secret, secret_digest, test_flag, deleted, changed_at)
   VALUES ($instance, $tenant, $app, $client, $secret, $digest, $test, $flag = 0, $at)
   ON CONFLICT (instance_id, tenant_id, app_id) DO UPDATE SET
     client_id = CASE WHEN $flag = 0 THEN kit_application.client_id ELSE excluded.client_id END,
     client_secret = COALESCE(excluded.client_secret, kit_application.client_secret),
     secret_digest = COALESCE(excluded.secret_digest, kit_application.secret_digest),
     test_flag = excluded.test_flag,
     deleted = ${DELETED_ON_CONFLICT('kit_application')},
     changed_at = excluded.changed_at, updated_at = now()
   WHERE kit_application.changed_at < excluded.changed_at`,
  ['instance', 'tenant', 'app', 'client', 'secret', 'digest', 'test', 'flag', 'at'],
);

export const UNDECRYPTABLE_SECRET = "clientSecret cannot be decrypted with this app's key (upload the public key from Settings)";

export async function applicationSync(deps: KitDeps, b: Body<'applicationSync'>): Promise<ProduceResult> {
  // a delete needs no secret: it is not decrypted (nor refused for one that does not decrypt)
  let secret: { plain: string; digest: 'sha256' | 'sha1' } | undefined;
  if (b.flag !== 0) {
    secret = decryptClientSecret(deps.kitPrivateKey(), b.clientSecret);
    if (!secret) return invalidParam(UNDECRYPTABLE_SECRET);
  }
  const values = [b.instanceId, b.tenantId, b.appId, b.clientId, secret ? encryptAtRest(deps.encryptionKey, secret.plain) : null, secret?.digest ?? null, b.testFlag, b.flag, b.timeStamp];
  return inTenantTransaction(deps, b, async (tx) => {
    const { rows } = await tx.query<{ deleted: boolean; wasLive: boolean | null } & Record<string, unknown>>(APPLICATION_EVENT_UPSERT, values);
    return rows.flatMap(({ deleted, wasLive, ...app }) => event(transition('application', wasLive ?? undefined, !deleted), app, b.timeStamp));
  });
}

// the secret never goes into an event: only whether there is one
const APPLICATION_EVENT_UPSERT = withPrev(
  `SELECT deleted FROM kit_application WHERE instance_id = $1 AND tenant_id = $2 AND app_id = $3`,
  APPLICATION_UPSERT,
  `app_id AS "appId", client_id AS "clientId", client_secret IS NOT NULL AS "hasSecret", test_flag AS "testFlag", deleted, (SELECT NOT deleted FROM prev) AS "wasLive"`,
);

/** authSync flag → the user's status; modify (2) keeps an existing user's own. */
const USER_STATUS: Record<0 | 1 | 2 | 3, string> = { 0: 'deleted', 1: 'active', 2: 'active', 3: 'deauthorised' };

// SQL: up to 500 users in one statement, as one JSON parameter (json_to_recordset, like lib/usage/ingest.ts)
const USERS_UPSERT = named(
  `INSERT INTO kit_user (instance_id, tenant_id, app_id, user_name, name, org_code, position, employee_code, employee_type,
                         role, enabled, mobile, email, work_place, status, test_flag, changed_at)
   SELECT $instance, $tenant, $app, u."userName", u.name, u."orgCode", u.position, u."employeeCode", u."employeeType",
          u.role, u.enable, u.mobile, u.email, u."workPlace", $status, $test, $at
     FROM json_to_recordset($users::json) AS u("userName" text, name text, "orgCode" text, position text,
          "employeeCode" text, "employeeType" smallint, role text, enable boolean, mobile text, email text, "workPlace" text)
   ON CONFLICT (instance_id, tenant_id, app_id, user_name) DO UPDATE SET
     name = CASE WHEN $fields THEN excluded.name ELSE kit_user.name END,
     org_code = CASE WHEN $fields THEN excluded.org_code ELSE kit_user.org_code END,
     position = CASE WHEN $fields THEN excluded.position ELSE kit_user.position END,
     employee_code = CASE WHEN $fields THEN excluded.employee_code ELSE kit_user.employee_code END,
     employee_type = CASE WHEN $fields THEN excluded.employee_type ELSE kit_user.employee_type END,
     role = CASE WHEN $fields THEN excluded.role ELSE kit_user.role END,
     enabled = CASE WHEN $fields THEN excluded.enabled ELSE kit_user.enabled END,
     mobile = CASE WHEN $fields THEN excluded.mobile ELSE kit_user.mobile END,
     email = CASE WHEN $fields THEN excluded.email ELSE kit_user.email END,
     work_place = CASE WHEN $fields THEN excluded.work_place ELSE kit_user.work_place END,
     status = CASE WHEN $keep THEN kit_user.status ELSE excluded.status END,
     test_flag = excluded.test_flag,
     changed_at = excluded.changed_at, updated_at = now()
   WHERE kit_user.changed_at < excluded.changed_at`,
  ['instance', 'tenant', 'app', 'users', 'status', 'test', 'at', 'fields', 'keep'],
);

const USERS_EVENT_UPSERT = withPrev(
  `SELECT user_name, status FROM kit_user WHERE instance_id = $1 AND tenant_id = $2 AND app_id = $3
      AND user_name IN (SELECT u."userName" FROM json_to_recordset($4::json) AS u("userName" text))`,
  USERS_UPSERT,
  `app_id AS "appId", user_name AS "userName", name, org_code AS "orgCode", position, employee_code AS "employeeCode",
   employee_type AS "employeeType", role, enabled, mobile, email, work_place AS "workPlace", status,
   (SELECT p.status = 'active' FROM prev p WHERE p.user_name = kit_user.user_name) AS "wasLive"`,
);

export function authSync(deps: Deps, b: Body<'authSync'>): Promise<ProduceResult> {
  const users = lastOfEach(b.userList, (u: KitUser) => u.userName);
  return inTenantTransaction(deps, b, async (tx) => {
    const { rows } = await tx.query<{ userName: string; status: 'active' | 'deleted' | 'deauthorised'; wasLive: boolean | null } & Record<string, unknown>>(USERS_EVENT_UPSERT, [
      b.instanceId,
      b.tenantId,
      b.appId,
      JSON.stringify(users),
      USER_STATUS[b.flag],
      b.testFlag,
      b.timeStamp,
      b.flag === 1 || b.flag === 2, // add and modify write the fields; delete and cancel only the status
      b.flag === 2,
    ]);
    // the events in the order of the call's userList
    const order = new Map(users.map((u, i) => [u.userName, i]));
    rows.sort((x, y) => order.get(x.userName)! - order.get(y.userName)!);
    return rows.flatMap(({ wasLive, ...user }) =>
      event(transition('user', wasLive ?? undefined, user.status === 'active', user.status === 'deauthorised' ? 'deauthorised' : 'deleted'), user, b.timeStamp),
    );
  });
}

const ORG_UPSERT = named(
  `INSERT INTO kit_org (instance_id, tenant_id, org_code, org_name, parent_code, deleted, changed_at)
   VALUES ($instance, $tenant, $code, $name, $parent, $flag = 0, $at)
   ON CONFLICT (instance_id, tenant_id, org_code) DO UPDATE SET
     org_name = CASE WHEN $flag = 0 THEN kit_org.org_name ELSE excluded.org_name END,
     parent_code = CASE WHEN $flag = 0 THEN kit_org.parent_code ELSE excluded.parent_code END,
     deleted = ${DELETED_ON_CONFLICT('kit_org')},
     changed_at = excluded.changed_at, updated_at = now()
   WHERE kit_org.changed_at < excluded.changed_at`,
  ['instance', 'tenant', 'code', 'name', 'parent', 'flag', 'at'],
);

const ORG_EVENT_UPSERT = withPrev(
  `SELECT deleted FROM kit_org WHERE instance_id = $1 AND tenant_id = $2 AND org_code = $3`,
  ORG_UPSERT,
  `org_code AS "orgCode", org_name AS "orgName", parent_code AS "parentCode", deleted, (SELECT NOT deleted FROM prev) AS "wasLive"`,
);

export function singleOrgSync(deps: Deps, b: Body<'singleOrgSync'>): Promise<ProduceResult> {
  return inTenantTransaction(deps, b, async (tx) => {
    const { rows } = await tx.query<{ deleted: boolean; wasLive: boolean | null } & Record<string, unknown>>(ORG_EVENT_UPSERT, [
      b.instanceId, b.tenantId, b.orgCode, b.orgName, b.parentCode ?? null, b.flag, b.timeStamp,
    ]);
    return rows.flatMap(({ deleted, wasLive, ...org }) => event(transition('org', wasLive ?? undefined, !deleted), org, b.timeStamp));
  });
}

/**
 * The tenant's whole tree, replaced in one transaction: the full-sync marker decides first (an older or repeated
 * full sync changes nothing, and its row lock orders concurrent ones), then every listed node is upserted and every
 * live node not listed is deleted, each only where the node's own change is older (a singleOrgSync newer than this
 * full sync stands).
 */
export function allOrgSync(deps: Deps, b: Body<'allOrgSync'>): Promise<ProduceResult> {
  const orgs = lastOfEach(b.orgInfoList, (o: KitOrgInfo) => o.orgCode);
  return inTenantTransaction(deps, b, async (tx) => {
    const marker = await tx.query(
      `INSERT INTO kit_org_tree (instance_id, tenant_id, changed_at, org_count) VALUES ($1, $2, $3, $4)
       ON CONFLICT (instance_id, tenant_id) DO UPDATE SET changed_at = excluded.changed_at, org_count = excluded.org_count, updated_at = now()
       WHERE kit_org_tree.changed_at < excluded.changed_at`,
      [b.instanceId, b.tenantId, b.timeStamp, orgs.length],
    );
    if (marker.rowCount === 0) return []; // an older (or the same) full sync: the tree it describes is not the latest
    await tx.query(
      `INSERT INTO kit_org (instance_id, tenant_id, org_code, org_name, parent_code, deleted, changed_at)
       SELECT $1, $2, o."orgCode", o."orgName", o."parentCode", false, $3
         FROM json_to_recordset($4::json) AS o("orgCode" text, "orgName" text, "parentCode" text)
       ON CONFLICT (instance_id, tenant_id, org_code) DO UPDATE SET
         org_name = excluded.org_name, parent_code = excluded.parent_code, deleted = false,
         changed_at = excluded.changed_at, updated_at = now()
       WHERE kit_org.changed_at < excluded.changed_at`,
      [b.instanceId, b.tenantId, b.timeStamp, JSON.stringify(orgs)],
    );
    await tx.query(
      `UPDATE kit_org SET deleted = true, changed_at = $3, updated_at = now()
        WHERE instance_id = $1 AND tenant_id = $2 AND NOT deleted AND changed_at < $3 AND NOT (org_code = ANY($4::text[]))`,
      [b.instanceId, b.tenantId, b.timeStamp, orgs.map((o) => o.orgCode)],
    );
    // one event for the whole tree (not one per node): the SaaS reads it at GET /api/v1/tenants/{tenantId}/orgs
    return event('org.tree_replaced', { orgCount: orgs.length }, b.timeStamp);
  });
}

/** One entry per key, the last given winning (one statement may not write a row twice). */
function lastOfEach<T>(list: T[], key: (t: T) => string): T[] {
  return [...new Map(list.map((t) => [key(t), t])).values()];
}
