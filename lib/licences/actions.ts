import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { audit } from '../audit/actions';
import { hasRole, type Role } from '../auth/roles';
import type { ConsoleUser } from '../auth/users';
import { withTransaction, type Queryable } from '../db/client';
import { signLicenceKey, type LicencePayload } from './key';
import { parseDeliveryId } from './queries';
import { fieldRefusal, isRefusal, refusal, type Refusal } from '../refusal';
import { decideDeliveryKeyed, type DeliveryAction, type DeliveryStatus } from './transitions';
import { checkDecisionInput, checkDeliverInput, checkFileName, checkFileSize, checkProductId, checkProductSettings, failed } from './validation';

/**
 * Console actions on licence deliveries (spec §9.4). Each checks the role it needs itself, validates its input before
 * writing anything (an invalid Refusal naming the field), applies the transition of lib/licences/transitions.ts under
 * the delivery's row lock, writes the step as a licence_event in the same transaction, and one audit-log entry:
 * success, failure with the reason, or denied.
 *
 * Roles: support delivers, records the buyer's decision and downloads (a licence is the buyer's asset, not a secret
 * of ours: support staff hand it over again when a buyer asks); marking products is for admins.
 */
export const LICENCE_ROLE = { mark: 'admin', issue: 'support', deliver: 'support', decide: 'support', download: 'support' } as const satisfies Record<string, Role>;

/**
 * The licence delivery queue (spec §9.4): every applied order of an instance of a licence product is one delivery.
 * Deliveries are derived from instance_order, never typed in: `syncLicenceQueue` inserts the missing ones with
 * ON CONFLICT on instance_order_id, so retries, concurrent callers and products marked after the fact all end up
 * with exactly one delivery per order (house style 4).
 */

/**
 * instance_order kinds that need a licence: a purchase, or a change of what the licence says (expiry, SKU). Not an
 * unsubscribed renewal period: that is a refund, which the marketplace's service supervision does not deliver or
 * accept (spec §9.4), and a shorter licence would not withdraw the one delivered before (it verifies offline).
 */
export const LICENCE_ORDER_KINDS = ['NEW', 'TRIAL_TO_FORMAL', 'RENEWAL', 'RENEWAL_CHANGE', 'UPGRADE'] as const;

/** The product of an applied order: the instance's, else what the order says (before provisioning has set it). */
const PRODUCT_OF = 'COALESCE(i.product_id, io.product_id, ol.product_id)';

/**
 * Creates the missing deliveries (each with its first "awaiting" event), optionally only for one instance or one
 * product; returns how many were created. Safe to run at any time, from any number of processes.
 */
// SQL: ON CONFLICT (instance_order_id) idempotency, as a named statement planned once per connection
export async function syncLicenceQueue(db: Queryable, scope: { instanceId?: string; productId?: string } = {}): Promise<number> {
  // a named statement, planned once per connection: it runs after every provisioning and order job
  const { rowCount } = await db.query({
    name: 'licences.sync',
    text: `WITH candidates AS (
       SELECT io.id, io.instance_id, io.order_id, io.order_line_id, io.kind, ${PRODUCT_OF} AS product_id
         FROM instance_order io
         JOIN instance i ON i.id = io.instance_id
         LEFT JOIN order_line ol ON ol.order_line_id = io.order_line_id
        WHERE io.kind = ANY($1::varchar[])
          -- with no licence product marked (most sellers), nothing is read: a one-time check
          AND EXISTS (SELECT 1 FROM licence_product)
          AND ($2::varchar IS NULL OR io.instance_id = $2)
          AND NOT EXISTS (SELECT 1 FROM licence_delivery d WHERE d.instance_order_id = io.id)
     ), created AS (
       INSERT INTO licence_delivery (instance_order_id, instance_id, order_id, order_line_id, kind, product_id, generation)
       SELECT c.id, c.instance_id, c.order_id, c.order_line_id, c.kind, c.product_id, lp.generation
         FROM candidates c JOIN licence_product lp ON lp.product_id = c.product_id
        WHERE $3::varchar IS NULL OR c.product_id = $3
       ON CONFLICT (instance_order_id) DO NOTHING
       RETURNING id, created_at
     )
     INSERT INTO licence_event (delivery_id, step, at) SELECT id, 'awaiting', created_at FROM created`,
    values: [LICENCE_ORDER_KINDS, scope.instanceId ?? null, scope.productId ?? null],
  });
  return rowCount ?? 0;
}

type Actor = Pick<ConsoleUser, 'id' | 'email' | 'role'>;

/** What an action gives: its value, or the Refusal (forbidden, invalid input naming the field, notFound, conflict). */
export type LicenceResult<T = object> = T | Refusal;
/** what a step returns: the result, and what the audit entry says about it */
type Outcome<T> = { result: LicenceResult<T>; detail?: Record<string, unknown> };

const refused = (r: Refusal, detail?: Record<string, unknown>): { result: Refusal; detail?: Record<string, unknown> } => ({ result: r, detail });

async function guarded<T>(
  pool: pg.Pool,
  user: Actor,
  action: string,
  target: string,
  needed: Role,
  run: () => Promise<Outcome<T>>,
): Promise<LicenceResult<T>> {
  const entry = { user, action: `licence.${action}`, target };
  if (!hasRole(user.role, needed)) {
    await audit(pool, { ...entry, outcome: 'denied', detail: { role: user.role, needed } });
    return refusal('forbidden', 'errors.needsRole', { role: needed });
  }
  let r: Outcome<T>;
  try {
    r = await run();
  } catch (err) {
    await audit(pool, { ...entry, outcome: 'failure', detail: { reason: (err as Error).message } });
    throw err;
  }
  const { detail, result } = r;
  if (isRefusal(result)) {
    // bad input is refused before anything is tried: nothing to audit (as for the instance actions)
    if (result.kind !== 'invalid') await audit(pool, { ...entry, outcome: 'failure', detail: { ...detail, reason: result.message } });
    return result;
  }
  await audit(pool, { ...entry, outcome: 'success', detail });
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Licence products

/**
 * Marks a product as a licence product and brings its existing orders into the queue (once). Optionally with its
 * generation (manual by default; online for 在线开通 products, spec §9.2, which a getLicenseAsync also sets) and whether
 * its online licences need a device fingerprint (spec §6 000903); marking again changes only what is given.
 */
// SQL: ON CONFLICT (product_id), so that marking twice is one mark (xmax = 0: this statement inserted the row)
export async function markLicenceProduct(
  pool: pg.Pool,
  user: Actor,
  rawProductId: unknown,
  settings: { generation?: unknown; deviceFingerprintRequired?: unknown } = {},
): Promise<LicenceResult<{ productId: string; queued: number }>> {
  const checked = checkProductId(rawProductId);
  const checkedSettings = checkProductSettings(settings);
  const target = failed(checked) ? 'product/?' : `product/${checked.value}`;
  return guarded<{ productId: string; queued: number }>(pool, user, 'product.mark', target, LICENCE_ROLE.mark, async () => {
    if (failed(checked)) return refused(checked);
    if (failed(checkedSettings)) return refused(checkedSettings);
    const productId = checked.value;
    const { generation, deviceFingerprintRequired } = checkedSettings.value;
    const inserted = await pool.query<{ inserted: boolean }>(
      `INSERT INTO licence_product (product_id, marked_by, generation, device_fingerprint_required)
       VALUES ($1, $2, COALESCE($3, 'manual'), COALESCE($4, false))
       ON CONFLICT (product_id) DO UPDATE SET generation = COALESCE($3, licence_product.generation),
              device_fingerprint_required = COALESCE($4, licence_product.device_fingerprint_required)
       RETURNING (xmax = 0) AS inserted`,
      [productId, user.email, generation, deviceFingerprintRequired],
    );
    // also when it was marked already: a concurrent or earlier mark may have missed orders stored since
    const queued = await syncLicenceQueue(pool, { productId });
    return {
      result: { productId, queued },
      detail: { alreadyMarked: inserted.rows[0]?.inserted === false, queued, ...(generation ? { generation } : {}), ...(deviceFingerprintRequired !== null ? { deviceFingerprintRequired } : {}) },
    };
  });
}

/**
 * Unmarks a product. Deliveries on which nothing has been done yet (awaiting, no licence, no step but "awaiting")
 * are removed; the others stay with their history. Marking the product again brings the removed ones back.
 */
// SQL: both deletes in one pg transaction (a set-based DELETE … NOT EXISTS)
export async function unmarkLicenceProduct(pool: pg.Pool, user: Actor, rawProductId: unknown): Promise<LicenceResult<{ productId: string; removed: number }>> {
  const checked = checkProductId(rawProductId);
  const target = failed(checked) ? 'product/?' : `product/${checked.value}`;
  return guarded<{ productId: string; removed: number }>(pool, user, 'product.unmark', target, LICENCE_ROLE.mark, async () => {
    if (failed(checked)) return refused(checked);
    const productId = checked.value;
    return withTransaction(pool, async (client): Promise<Outcome<{ productId: string; removed: number }>> => {
      const del = await client.query(`DELETE FROM licence_product WHERE product_id = $1`, [productId]);
      if (del.rowCount === 0) return refused(refusal('notFound', 'licences.err.productNotMarked', { productId }));
      const removed = await client.query(
        `DELETE FROM licence_delivery d
          WHERE d.product_id = $1 AND d.status = 'awaiting' AND d.current_licence_id IS NULL
            AND NOT EXISTS (SELECT 1 FROM licence_event e WHERE e.delivery_id = d.id AND e.step <> 'awaiting')
            AND NOT EXISTS (SELECT 1 FROM licence_request r WHERE r.delivery_id = d.id)`,
        [productId],
      );
      return { result: { productId, removed: removed.rowCount ?? 0 }, detail: { removed: removed.rowCount ?? 0 } };
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Deliveries

export interface LockedDelivery {
  id: string;
  status: DeliveryStatus;
  instance_id: string;
  order_id: string;
  order_line_id: string;
  product_id: string;
  current_licence_id: string | null;
  delivered_at: Date | null;
  instance_status: string;
  sku_code: string | null;
  linear_value: number | null;
  expire_time: Date | null;
}

type Locked = LockedDelivery;

// SQL: FOR UPDATE OF d, in the step's pg transaction
export async function lockDelivery(client: Queryable, id: string): Promise<Locked | undefined> {
  const { rows } = await client.query<Locked>(
    `SELECT d.id::text, d.status, d.instance_id, d.order_id, d.order_line_id, d.product_id, d.current_licence_id, d.delivered_at,
            i.status::text AS instance_status, COALESCE(ol.sku_code, i.sku_code) AS sku_code,
            COALESCE(ol.linear_value, i.linear_value) AS linear_value, COALESCE(io.expire_time, ol.expire_time, i.expire_time) AS expire_time
       FROM licence_delivery d
       JOIN instance_order io ON io.id = d.instance_order_id
       JOIN instance i ON i.id = d.instance_id
       LEFT JOIN order_line ol ON ol.order_line_id = d.order_line_id
      WHERE d.id = $1
      FOR UPDATE OF d`,
    [id],
  );
  return rows[0];
}

/** A step's statements are SQL on `client`: the transaction that holds the delivery's lock (lockDelivery). */
type Step<T> = (client: pg.PoolClient, d: Locked) => Promise<Outcome<T>>;

/** Locks the delivery, asks the transition function, and runs the step in one transaction. */
function onDelivery<T>(
  pool: pg.Pool,
  user: Actor,
  audited: string,
  rawId: string,
  needed: Role,
  action: DeliveryAction,
  step: Step<T>,
  /** what is wrong with the input, found before anything is locked or written */
  invalid?: Refusal,
) {
  const id = parseDeliveryId(rawId);
  return guarded<T>(pool, user, audited, `licence/${rawId.slice(0, 40)}`, needed, async () => {
    if (invalid) return refused(invalid);
    if (!id) return refused(refusal('notFound', 'licences.err.deliveryNotFound', { id: rawId }));
    return withTransaction(pool, async (client): Promise<Outcome<T>> => {
      const d = await lockDelivery(client, id);
      if (!d) return refused(refusal('notFound', 'licences.err.deliveryNotFound', { id }));
      const decision = decideDeliveryKeyed(d.status, action, {
        hasLicence: d.current_licence_id !== null,
        instanceReleased: d.instance_status === 'released',
      });
      if (decision.kind === 'refuse') return refused(decision.refusal, { status: d.status });
      return step(client, d);
    });
  });
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);

/** Stores a licence as the delivery's current one, with its step (`generated` for a key, `uploaded` for a file) by `by`. */
export async function storeLicence(
  client: pg.PoolClient,
  d: Pick<Locked, 'id'>,
  by: string,
  l: { id: string; kind: 'key' | 'file'; fileName: string; content: Buffer; payload: LicencePayload | null },
) {
  const hash = sha256(l.content);
  await client.query(
    `INSERT INTO licence (id, delivery_id, kind, file_name, content, sha256, size, payload, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [l.id, d.id, l.kind, l.fileName, l.content, hash, l.content.length, l.payload ? JSON.stringify(l.payload) : null, by],
  );
  await client.query(`UPDATE licence_delivery SET current_licence_id = $2, updated_at = now() WHERE id = $1`, [d.id, l.id]);
  const detail = { licenceId: l.id, kind: l.kind, fileName: l.fileName, sha256: hash, size: l.content.length };
  await client.query(`INSERT INTO licence_event (delivery_id, step, by, detail) VALUES ($1, $2, $3, $4)`, [
    d.id,
    l.kind === 'key' ? 'generated' : 'uploaded',
    by,
    JSON.stringify(detail),
  ]);
  return detail;
}

export type IssuedLicence = { licenceId: string; sha256: string; fileName: string };

/** The payload of a delivery's built-in licence key (lib/licences/key.ts): what its order bought, until when. */
export function deliveryLicencePayload(d: LockedDelivery, licenceId: string, now: Date): LicencePayload {
  return {
    v: 1,
    licenceId,
    instanceId: d.instance_id,
    orderId: d.order_id,
    orderLineId: d.order_line_id,
    productId: d.product_id,
    skuCode: d.sku_code,
    linearValue: d.linear_value,
    expireTime: d.expire_time ? new Date(d.expire_time).toISOString() : null,
    issuedAt: now.toISOString(),
  };
}

/** A delivery's licence file name: `licence-<order>-<first 8 of the licence id>.lic`. */
export function licenceFileName(d: Pick<LockedDelivery, 'order_id'>, licenceId: string, ext = 'lic'): string {
  return `licence-${safeName(d.order_id)}-${licenceId.slice(0, 8)}.${ext}`;
}

/** Generates a licence key signed with the app's Ed25519 key (lib/licences/key.ts) for the delivery's order. */
export function generateLicence(pool: pg.Pool, signingKey: string, user: Actor, rawId: string, now: Date = new Date()): Promise<LicenceResult<IssuedLicence>> {
  return onDelivery<IssuedLicence>(pool, user, 'generate', rawId, LICENCE_ROLE.issue, 'issue', async (client, d) => {
    const licenceId = randomUUID();
    const payload = deliveryLicencePayload(d, licenceId, now);
    const key = signLicenceKey(payload, signingKey);
    const fileName = licenceFileName(d, licenceId);
    const detail = await storeLicence(client, d, user.email, { id: licenceId, kind: 'key', fileName, content: Buffer.from(key + '\n', 'utf8'), payload });
    return { result: { licenceId, sha256: detail.sha256, fileName }, detail };
  });
}

/** Stores an uploaded licence file (at most 1 MiB) as the delivery's licence, with its name and SHA-256. */
export function uploadLicence(pool: pg.Pool, user: Actor, rawId: string, file: { name: unknown; content: Buffer }): Promise<LicenceResult<IssuedLicence>> {
  const name = checkFileName(file.name);
  const size = checkFileSize(file.content.length);
  const invalid = failed(name) ? name : failed(size) ? size : undefined;
  return onDelivery<IssuedLicence>(
    pool,
    user,
    'upload',
    rawId,
    LICENCE_ROLE.issue,
    'issue',
    async (client, d) => {
      const fileName = failed(name) ? '' : name.value;
      const licenceId = randomUUID();
      const detail = await storeLicence(client, d, user.email, { id: licenceId, kind: 'file', fileName, content: file.content, payload: null });
      return { result: { licenceId, sha256: detail.sha256, fileName }, detail };
    },
    invalid,
  );
}

/** Confirms delivery (spec §9.4 确认服务完成) with the actual service start time and a note; again after a rejection. */
export function confirmDelivery(pool: pg.Pool, user: Actor, rawId: string, body: Record<string, unknown>, now: Date = new Date()): Promise<LicenceResult<{ status: DeliveryStatus }>> {
  const input = checkDeliverInput(body, now);
  const step: Step<{ status: DeliveryStatus }> = async (client, d) => {
    if (failed(input)) throw new Error('unreachable: invalid input is refused first');
    const { serviceStartTime, note } = input.value;
    await client.query(
      `UPDATE licence_delivery SET status = 'delivered', service_start_time = $2, delivered_at = $3, delivered_by = $4, delivery_note = $5,
              decided_at = NULL, decided_by = NULL, decision_note = NULL, updated_at = now()
        WHERE id = $1`,
      [d.id, serviceStartTime, now, user.email, note],
    );
    const detail = { from: d.status, serviceStartTime: serviceStartTime.toISOString(), licenceId: d.current_licence_id, redelivery: d.status === 'rejected' };
    await client.query(`INSERT INTO licence_event (delivery_id, step, at, by, note, detail) VALUES ($1, 'delivered', $2, $3, $4, $5)`, [
      d.id,
      now,
      user.email,
      note,
      JSON.stringify(detail),
    ]);
    return { result: { status: 'delivered' as const }, detail };
  };
  return onDelivery(pool, user, 'deliver', rawId, LICENCE_ROLE.deliver, 'deliver', step, failed(input) ? input : undefined);
}

/** Records the buyer's decision on a delivered licence (spec §9.4 确认验收 / 驳回): when, and why. */
export function recordDecision(pool: pg.Pool, user: Actor, rawId: string, body: Record<string, unknown>, now: Date = new Date()): Promise<LicenceResult<{ status: DeliveryStatus }>> {
  const action: DeliveryAction = body.decision === 'rejected' ? 'reject' : 'accept';
  const early = checkDecisionInput(body, null, now);
  const step: Step<{ status: DeliveryStatus }> = async (client, d) => {
    // the decision cannot predate the delivery it decides on: checked once the delivery is known, before writing
    const input = checkDecisionInput(body, d.delivered_at, now);
    if (failed(input)) return refused(input);
    const { decision, decidedAt, note } = input.value;
    await client.query(
      `UPDATE licence_delivery SET status = $2, decided_at = $3, decided_by = $4, decision_note = $5, updated_at = now() WHERE id = $1`,
      [d.id, decision, decidedAt, user.email, note],
    );
    const detail = { from: d.status, decision, recordedAt: now.toISOString() };
    await client.query(`INSERT INTO licence_event (delivery_id, step, at, by, note, detail) VALUES ($1, $2, $3, $4, $5, $6)`, [
      d.id,
      decision,
      decidedAt,
      user.email,
      note,
      JSON.stringify(detail),
    ]);
    return { result: { status: decision }, detail: { ...detail, decidedAt: decidedAt.toISOString() } };
  };
  return onDelivery(pool, user, 'decide', rawId, LICENCE_ROLE.decide, action, step, failed(early) ? early : undefined);
}

export type DownloadedLicence = { fileName: string; kind: 'key' | 'file'; content: Buffer; sha256: string };

/** The delivery's current licence (or an earlier one by id), to hand over again. Audited. */
// SQL: the licence is the delivery's current one unless an id is given: one join with COALESCE
export function downloadLicence(pool: pg.Pool, user: Actor, rawId: string, licenceId?: string | null): Promise<LicenceResult<DownloadedLicence>> {
  const id = parseDeliveryId(rawId);
  return guarded<DownloadedLicence>(pool, user, 'download', `licence/${rawId.slice(0, 40)}`, LICENCE_ROLE.download, async () => {
    if (!id) return refused(refusal('notFound', 'licences.err.deliveryNotFound', { id: rawId }));
    if (licenceId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(licenceId)) return refused(fieldRefusal('licence', 'licences.err.licenceIdInvalid'));
    const { rows } = await pool.query<{ id: string; kind: 'key' | 'file'; file_name: string; content: Buffer; sha256: string }>(
      `SELECT l.id, l.kind, l.file_name, l.content, l.sha256 FROM licence_delivery d
         JOIN licence l ON l.delivery_id = d.id AND l.id = COALESCE($2::uuid, d.current_licence_id)
        WHERE d.id = $1`,
      [id, licenceId ?? null],
    );
    const l = rows[0];
    if (!l) return refused(licenceId ? refusal('notFound', 'licences.err.licenceNotFound', { licenceId }) : refusal('notFound', 'licences.err.noLicence'));
    return { result: { fileName: l.file_name, kind: l.kind, content: l.content, sha256: l.sha256 }, detail: { licenceId: l.id, sha256: l.sha256 } };
  });
}
