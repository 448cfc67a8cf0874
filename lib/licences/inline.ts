import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../db/client';
import type { Provisioner } from '../provisioning/types';
import { deliveryLicencePayload, licenceFileName, lockDelivery, storeLicence, syncLicenceQueue, type LockedDelivery } from './actions';
import { signLicenceKey, type LicencePayload } from './key';

/**
 * V1 getLicense (spec §4.12): the licence of a V1 order, produced while the marketplace waits and delivered in the
 * answer. Its order's delivery (one per instance order, lib/licences/actions.ts) is the idempotency record: the first
 * licence stored on it is the licence of that order, answered again to every repeat (the marketplace's hourly retries
 * for 3 h, a restart from the Seller Center, a re-invocation). A licence support uploaded or generated on the delivery
 * in the console, after a failed call, is the one answered too.
 *
 * The licence is the seller's SaaS's (the webhook provisioner's `licence.requested`, given V1_LICENCE_TIMEOUT_MS), or
 * the app's own Ed25519 licence key (lib/licences/key.ts) with the built-in provisioner. The first getLicense makes the
 * product a V1 licence product (licence_product.generation = v1), as getLicenseAsync makes one online.
 */

/** What produces a licence: the provisioner (webhook: the seller's SaaS), else the app's licence signing key. */
export interface LicenceIssuer {
  provisioner: Pick<Provisioner, 'requestLicence'>;
  /** the app's Ed25519 licence key (PKCS#8 PEM, DATA_DIR/secrets.json) */
  signingKey?: string;
}

/**
 * How long getLicense waits for the seller's SaaS: the marketplace allows 5 s for the whole call (spec §7.2), and the
 * order, the instance and the delivery are stored first.
 */
export const V1_LICENCE_TIMEOUT_MS = 2500;

/** Who made a V1 delivery's steps, in the timeline's `by`. */
export const GET_LICENSE_BY = 'getLicense';

export type InlineLicence = { ok: true; license: string; repeat: boolean } | { ok: false; message: string };

/** The delivery of the instance's purchase, with its current licence if it has one. */
// SQL: keyed reads on the produce path (licence_delivery's instance_order_id unique index)
async function purchaseDelivery(pool: pg.Pool, instanceId: string) {
  const { rows } = await pool.query<{ id: string; generation: string; product_id: string; kind: string | null; content: Buffer | null }>(
    `SELECT d.id::text, d.generation, d.product_id, l.kind, l.content
       FROM instance_order io
       JOIN licence_delivery d ON d.instance_order_id = io.id
       LEFT JOIN licence l ON l.id = d.current_licence_id
      WHERE io.instance_id = $1 AND io.kind IN ('NEW', 'TRIAL')
      ORDER BY io.id LIMIT 1`,
    [instanceId],
  );
  return rows[0];
}

/** The licence as getLicense's `license` string: a key's text; a file Base64-encoded (the field is a String). */
function licenceText(kind: string, content: Buffer): string {
  return kind === 'key' ? content.toString('utf8').trim() : content.toString('base64');
}

// SQL: the product marked v1 (ON CONFLICT), the delivery made (syncLicenceQueue), the licence stored under the delivery's row lock
export async function issueInlineLicence(pool: pg.Pool, issuer: LicenceIssuer | undefined, instanceId: string, now: Date = new Date()): Promise<InlineLicence> {
  // a repeat (the marketplace's retries, a restart, a re-invocation): the licence stored first, in one read
  const stored = await purchaseDelivery(pool, instanceId);
  if (stored?.kind && stored.content) return { ok: true, license: licenceText(stored.kind, stored.content), repeat: true };
  const { rows: products } = await pool.query<{ product_id: string | null }>(
    `SELECT COALESCE(i.product_id, io.product_id, ol.product_id) AS product_id
       FROM instance i JOIN instance_order io ON io.instance_id = i.id AND io.kind IN ('NEW', 'TRIAL')
       LEFT JOIN order_line ol ON ol.order_line_id = io.order_line_id
      WHERE i.id = $1 ORDER BY io.id LIMIT 1`,
    [instanceId],
  );
  const productId = products[0]?.product_id;
  if (!productId) return { ok: false, message: `instance ${instanceId} has no product to license` };
  await pool.query(
    `INSERT INTO licence_product (product_id, marked_by, generation) VALUES ($1, $2, 'v1')
     ON CONFLICT (product_id) DO UPDATE SET generation = 'v1' WHERE licence_product.generation <> 'v1'`,
    [productId, GET_LICENSE_BY],
  );
  await syncLicenceQueue(pool, { instanceId });
  const found = stored ?? (await purchaseDelivery(pool, instanceId));
  if (!found) return { ok: false, message: `instance ${instanceId} has no licence delivery` };
  if (found.generation !== 'v1') await pool.query(`UPDATE licence_delivery SET generation = 'v1', updated_at = now() WHERE id = $1`, [found.id]);

  const d = await lockDelivery(pool, found.id);
  if (!d) return { ok: false, message: `licence delivery ${found.id} is gone` };
  const licenceId = randomUUID();
  let produced: { kind: 'key' | 'file'; fileName: string; content: Buffer; payload: LicencePayload | null };
  // what the order bought, until when: the built-in key's payload, and what the seller's SaaS is told
  const payload = deliveryLicencePayload(d, licenceId, now);
  if (issuer?.provisioner.requestLicence) {
    const { v: _v, licenceId: _id, issuedAt: _at, ...terms } = payload;
    let answer;
    try {
      answer = await issuer.provisioner.requestLicence(
        { id: `v1-${d.id}`, activity: 'getLicense', eventId: null, ...terms, deviceFingerprint: null, effectiveTime: now.toISOString(), testFlag: await isTest(pool, d.instance_id) },
        { db: pool, timeoutMs: V1_LICENCE_TIMEOUT_MS },
      );
    } catch {
      // the reason is in the call log (webhook.licence.requested); the marketplace is told what, not the seller's URL
      return { ok: false, message: `the licence could not be produced: the seller's SaaS did not answer licence.requested with a licence within ${V1_LICENCE_TIMEOUT_MS} ms` };
    }
    produced =
      answer.type === 'CHARACTERS'
        ? { kind: 'key', fileName: licenceFileName(d, licenceId, 'txt'), content: Buffer.from(answer.characters, 'utf8'), payload: null }
        : { kind: 'file', fileName: answer.fileName, content: answer.content, payload: null };
  } else {
    if (!issuer?.signingKey) return { ok: false, message: 'the licence could not be produced: no licence signing key is configured on this server' };
    produced = { kind: 'key', fileName: licenceFileName(d, licenceId), content: Buffer.from(signLicenceKey(payload, issuer.signingKey), 'utf8'), payload };
  }
  return withTransaction(pool, async (client): Promise<InlineLicence> => {
    const locked = await lockDelivery(client, d.id);
    if (!locked) return { ok: false, message: `licence delivery ${d.id} is gone` };
    // a concurrent getLicense (or support in the console) stored one first: that one is the order's licence
    if (locked.current_licence_id) {
      const { rows } = await client.query<{ kind: string; content: Buffer }>(`SELECT kind, content FROM licence WHERE id = $1`, [locked.current_licence_id]);
      if (rows[0]) return { ok: true, license: licenceText(rows[0].kind, rows[0].content), repeat: true };
    }
    await storeLicence(client, locked, GET_LICENSE_BY, { id: licenceId, ...produced });
    await deliver(client, locked, licenceId, now);
    return { ok: true, license: licenceText(produced.kind, produced.content), repeat: false };
  });
}

/** spec §4.12: a getLicense answered with the licence moves the order to 用户确认验收: the delivery is delivered. */
async function deliver(client: pg.PoolClient, d: LockedDelivery, licenceId: string, now: Date): Promise<void> {
  const delivered = await client.query(
    `UPDATE licence_delivery SET status = 'delivered', delivered_at = $2, delivered_by = $3, service_start_time = COALESCE(service_start_time, $2), updated_at = now()
      WHERE id = $1 AND status IN ('awaiting', 'rejected') RETURNING id`,
    [d.id, now, GET_LICENSE_BY],
  );
  if (!delivered.rowCount) return;
  await client.query(`INSERT INTO licence_event (delivery_id, step, at, by, note, detail) VALUES ($1, 'delivered', $2, $3, $4, $5)`, [
    d.id,
    now,
    GET_LICENSE_BY,
    'getLicense',
    JSON.stringify({ from: d.status, licenceId, serviceStartTime: now.toISOString() }),
  ]);
}

async function isTest(pool: pg.Pool, instanceId: string): Promise<boolean> {
  const { rows } = await pool.query<{ test_flag: boolean }>(`SELECT test_flag FROM instance WHERE id = $1`, [instanceId]);
  return rows[0]?.test_flag ?? false;
}

