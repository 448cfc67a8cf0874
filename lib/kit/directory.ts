import type pg from 'pg';
import { withTransaction, type Queryable } from '../db/client';
import { invalidParam, success, type ProduceResult } from '../marketplace/resultCodes';
import { encryptAtRest } from '../secrets';
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
 */

export interface KitDeps {
  pool: pg.Pool;
  /** lib/secrets.ts encryptionKey: the client secret is kept encrypted at rest */
  encryptionKey: string;
  /** the app's kit RSA private key (PEM), asked for only when a clientSecret is to be decrypted */
  kitPrivateKey: () => string;
}

export async function applyKitChange(req: KitRequest, deps: KitDeps): Promise<ProduceResult> {
  switch (req.name) {
    case 'tenantSync':
      return tenantSync(deps.pool, req.body);
    case 'applicationSync':
      return applicationSync(deps, req.body);
    case 'authSync':
      return authSync(deps.pool, req.body);
    case 'singleOrgSync':
      return singleOrgSync(deps.pool, req.body);
    case 'allOrgSync':
      return allOrgSync(deps.pool, req.body);
  }
}

type Body<N extends KitRequest['name']> = Extract<KitRequest, { name: N }>['body'];

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

export async function tenantSync(db: Queryable, b: Body<'tenantSync'>): Promise<ProduceResult> {
  await db.query(TENANT_UPSERT, [b.instanceId, b.tenantId, b.tenantCode, b.name, b.domainName ?? null, b.orderId ?? null, b.testFlag, b.flag, b.timeStamp]);
  return success();
}

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
  await deps.pool.query(APPLICATION_UPSERT, [
    b.instanceId,
    b.tenantId,
    b.appId,
    b.clientId,
    secret ? encryptAtRest(deps.encryptionKey, secret.plain) : null,
    secret?.digest ?? null,
    b.testFlag,
    b.flag,
    b.timeStamp,
  ]);
  return success();
}

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

export async function authSync(db: Queryable, b: Body<'authSync'>): Promise<ProduceResult> {
  await db.query(USERS_UPSERT, [
    b.instanceId,
    b.tenantId,
    b.appId,
    JSON.stringify(lastOfEach(b.userList, (u: KitUser) => u.userName)),
    USER_STATUS[b.flag],
    b.testFlag,
    b.timeStamp,
    b.flag === 1 || b.flag === 2, // add and modify write the fields; delete and cancel only the status
    b.flag === 2,
  ]);
  return success();
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

export async function singleOrgSync(db: Queryable, b: Body<'singleOrgSync'>): Promise<ProduceResult> {
  await db.query(ORG_UPSERT, [b.instanceId, b.tenantId, b.orgCode, b.orgName, b.parentCode ?? null, b.flag, b.timeStamp]);
  return success();
}

/**
 * The tenant's whole tree, replaced in one transaction: the full-sync marker decides first (an older or repeated
 * full sync changes nothing, and its row lock orders concurrent ones), then every listed node is upserted and every
 * live node not listed is deleted, each only where the node's own change is older (a singleOrgSync newer than this
 * full sync stands).
 */
export async function allOrgSync(pool: pg.Pool, b: Body<'allOrgSync'>): Promise<ProduceResult> {
  const orgs = lastOfEach(b.orgInfoList, (o: KitOrgInfo) => o.orgCode);
  await withTransaction(pool, async (tx) => {
    const marker = await tx.query(
      `INSERT INTO kit_org_tree (instance_id, tenant_id, changed_at, org_count) VALUES ($1, $2, $3, $4)
       ON CONFLICT (instance_id, tenant_id) DO UPDATE SET changed_at = excluded.changed_at, org_count = excluded.org_count, updated_at = now()
       WHERE kit_org_tree.changed_at < excluded.changed_at`,
      [b.instanceId, b.tenantId, b.timeStamp, orgs.length],
    );
    if (marker.rowCount === 0) return; // an older (or the same) full sync: the tree it describes is not the latest
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
  });
  return success();
}

/** One entry per key, the last given winning (one statement may not write a row twice). */
function lastOfEach<T>(list: T[], key: (t: T) => string): T[] {
  return [...new Map(list.map((t) => [key(t), t])).values()];
}
