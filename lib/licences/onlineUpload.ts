import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../db/client';
import { uploadLicence, type LicenceUpload } from '../openapi/licence';
import type { OpenApiTarget } from '../openapi/client';
import { UPLOAD_CHARACTERS_MAX } from '../openapi/types';
import type { Provisioner } from '../provisioning/types';
import { signLicenceKey, type LicencePayload } from './key';
import { ONLINE_BY } from './online';

/**
 * The `licence-upload` job of an online licence request (spec §9.2, lib/licences/online.ts), in two steps, each
 * recorded once so that a retry (or a Retry now, or a re-invocation of the failed upload call) goes on where the last
 * attempt stopped:
 *  1. generate: the licence from the seller's SaaS (the webhook provisioner's `licence.requested`), or, with the
 *     built-in provisioner, the app's Ed25519 licence key (lib/licences/key.ts) carrying the device fingerprint, the
 *     effective and expiry times, the instance, order and product; stored as the delivery's licence (licence row,
 *     step `generated`, request `generated`);
 *  2. upload: POST market-event/{event_id}/file through the one outbound client, as CHARACTERS when the licence is
 *     text of at most 1024 characters, else as a FILE with its SHA-256 (step `uploaded`, request `uploaded`); the
 *     delivery's first uploaded licence makes it delivered (step `delivered`, spec §9.4: the marketplace hands it to
 *     the buyer's software).
 * A failure throws: pg-boss retries with backoff, and a job that gave up is in the attention queue.
 */
export interface OnlineUploadDeps {
  pool: pg.Pool;
  openApi: OpenApiTarget;
  provisioner: Provisioner;
  /** the app's Ed25519 licence key (PKCS#8 PEM, DATA_DIR/secrets.json) */
  licenceSigningKey?: string;
  now?: () => Date;
}

interface RequestRow {
  id: string;
  event_id: string;
  device_fingerprint: string | null;
  instance_id: string;
  delivery_id: string;
  effective_time: Date;
  expire_time: Date | null;
  status: string;
  licence_id: string | null;
  test_flag: boolean;
  order_id: string;
  order_line_id: string;
  product_id: string;
  sku_code: string | null;
  linear_value: number | null;
  delivery_status: string;
}

const REQUEST_SQL = `
  SELECT r.id::text, r.event_id, r.device_fingerprint, r.instance_id, r.delivery_id::text, r.effective_time, r.expire_time,
         r.status, r.licence_id, r.test_flag, d.order_id, d.order_line_id, d.product_id, d.status AS delivery_status,
         COALESCE(ol.sku_code, i.sku_code) AS sku_code, COALESCE(ol.linear_value, i.linear_value) AS linear_value
    FROM licence_request r
    JOIN licence_delivery d ON d.id = r.delivery_id
    JOIN instance i ON i.id = r.instance_id
    LEFT JOIN order_line ol ON ol.order_line_id = d.order_line_id
   WHERE r.id = $1`;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);

export type OnlineUploadOutcome = 'done' | 'skipped';

// SQL: each step under the request's row lock (FOR UPDATE), applied only when the step is still due
export async function runLicenceUpload(jobId: string, data: { licenceRequestId: string }, deps: OnlineUploadDeps): Promise<OnlineUploadOutcome> {
  const now = () => deps.now?.() ?? new Date();
  const r = (await deps.pool.query<RequestRow>(REQUEST_SQL, [data.licenceRequestId])).rows[0];
  if (!r) return 'skipped';
  if (r.status === 'uploaded') return 'skipped';

  let licenceId = r.licence_id;
  if (!licenceId) licenceId = await generate(jobId, r, deps, now());
  const stored = await deps.pool.query<{ kind: string; file_name: string; content: Buffer }>(`SELECT kind, file_name, content FROM licence WHERE id = $1`, [licenceId]);
  const licence = stored.rows[0];
  if (!licence) throw new Error(`licence ${licenceId} of request ${r.id} is gone`);

  const upload = asUpload(licence);
  const { callId } = await uploadLicence(deps.openApi, r.event_id, upload, {
    db: deps.pool,
    jobId,
    instanceId: r.instance_id,
    testFlag: r.test_flag,
    orderId: r.order_id,
    orderLineId: r.order_line_id,
  });

  await withTransaction(deps.pool, async (client) => {
    const locked = await client.query<{ status: string }>(`SELECT status FROM licence_request WHERE id = $1 FOR UPDATE`, [r.id]);
    if (locked.rows[0]?.status === 'uploaded') return;
    const at = now();
    await client.query(
      `UPDATE licence_request SET status = 'uploaded', upload_type = $2, upload_call_id = $3, uploaded_at = $4, updated_at = now() WHERE id = $1`,
      [r.id, upload.type, callId, at],
    );
    await client.query(`INSERT INTO licence_event (delivery_id, step, at, by, note, detail) VALUES ($1, 'uploaded', $2, $3, $4, $5)`, [
      r.delivery_id,
      at,
      ONLINE_BY,
      `market-event/${r.event_id}/file · ${upload.type}`,
      JSON.stringify({ requestId: r.id, eventId: r.event_id, licenceId, type: upload.type, callId }),
    ]);
    // the delivery's first uploaded licence delivers it (spec §9.4); a later device's licence joins a delivered one
    const delivered = await client.query(
      `UPDATE licence_delivery SET status = 'delivered', delivered_at = $2, delivered_by = $3, service_start_time = COALESCE(service_start_time, $4), updated_at = now()
        WHERE id = $1 AND status IN ('awaiting', 'rejected') RETURNING id`,
      [r.delivery_id, at, ONLINE_BY, r.effective_time],
    );
    if (delivered.rowCount) {
      await client.query(`INSERT INTO licence_event (delivery_id, step, at, by, note, detail) VALUES ($1, 'delivered', $2, $3, $4, $5)`, [
        r.delivery_id,
        at,
        ONLINE_BY,
        null,
        JSON.stringify({ from: r.delivery_status, licenceId, serviceStartTime: r.effective_time.toISOString() }),
      ]);
    }
  });
  return 'done';
}

/** A stored licence as the upload sends it: text of at most 1024 characters as CHARACTERS, anything else as a FILE. */
export function asUpload(l: { kind: string; file_name: string; content: Buffer }): LicenceUpload {
  if (l.kind === 'key') {
    const text = l.content.toString('utf8').trim();
    if (text.length > 0 && text.length <= UPLOAD_CHARACTERS_MAX) return { type: 'CHARACTERS', characters: text };
  }
  return { type: 'FILE', fileName: l.file_name, content: l.content };
}

/** The payload of an online licence's built-in key (lib/licences/key.ts). */
export function onlineLicencePayload(r: Pick<RequestRow, 'event_id' | 'device_fingerprint' | 'instance_id' | 'order_id' | 'order_line_id' | 'product_id' | 'sku_code' | 'linear_value' | 'effective_time' | 'expire_time'>, licenceId: string, now: Date): LicencePayload {
  return {
    v: 1,
    licenceId,
    instanceId: r.instance_id,
    orderId: r.order_id,
    orderLineId: r.order_line_id,
    productId: r.product_id,
    skuCode: r.sku_code,
    linearValue: r.linear_value,
    expireTime: r.expire_time ? r.expire_time.toISOString() : null,
    issuedAt: now.toISOString(),
    deviceFingerprint: r.device_fingerprint,
    effectiveTime: r.effective_time.toISOString(),
    eventId: r.event_id,
  };
}

async function generate(jobId: string, r: RequestRow, deps: OnlineUploadDeps, now: Date): Promise<string> {
  const licenceId = randomUUID();
  let stored: { kind: 'key' | 'file'; fileName: string; content: Buffer; payload: LicencePayload | null; source: 'builtin' | 'webhook' };
  if (deps.provisioner.requestLicence) {
    const answer = await deps.provisioner.requestLicence(
      {
        id: r.id,
        activity: 'getLicenseAsync',
        eventId: r.event_id,
        instanceId: r.instance_id,
        orderId: r.order_id,
        orderLineId: r.order_line_id,
        productId: r.product_id || null,
        skuCode: r.sku_code,
        linearValue: r.linear_value,
        deviceFingerprint: r.device_fingerprint,
        effectiveTime: r.effective_time.toISOString(),
        expireTime: r.expire_time?.toISOString() ?? null,
        testFlag: r.test_flag,
      },
      { db: deps.pool, jobId },
    );
    stored =
      answer.type === 'CHARACTERS'
        ? { kind: 'key', fileName: `licence-${safeName(r.event_id).slice(0, 24)}-${licenceId.slice(0, 8)}.txt`, content: Buffer.from(answer.characters, 'utf8'), payload: null, source: 'webhook' }
        : { kind: 'file', fileName: answer.fileName, content: answer.content, payload: null, source: 'webhook' };
  } else {
    if (!deps.licenceSigningKey) throw new Error('no licence signing key was given to the licence-upload job');
    const payload = onlineLicencePayload(r, licenceId, now);
    const key = signLicenceKey(payload, deps.licenceSigningKey);
    stored = { kind: 'key', fileName: `licence-${safeName(r.event_id).slice(0, 24)}-${licenceId.slice(0, 8)}.lic`, content: Buffer.from(key, 'utf8'), payload, source: 'builtin' };
  }
  return withTransaction(deps.pool, async (client) => {
    // a concurrent run of the same request (a Retry now beside a live retry) generated first: keep its licence
    const locked = await client.query<{ licence_id: string | null }>(`SELECT licence_id FROM licence_request WHERE id = $1 FOR UPDATE`, [r.id]);
    const already = locked.rows[0]?.licence_id;
    if (already) return already;
    const hash = sha256(stored.content);
    await client.query(
      `INSERT INTO licence (id, delivery_id, kind, file_name, content, sha256, size, payload, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [licenceId, r.delivery_id, stored.kind, stored.fileName, stored.content, hash, stored.content.length, stored.payload ? JSON.stringify(stored.payload) : null, ONLINE_BY],
    );
    await client.query(`UPDATE licence_delivery SET current_licence_id = $2, updated_at = now() WHERE id = $1`, [r.delivery_id, licenceId]);
    await client.query(`UPDATE licence_request SET status = 'generated', licence_id = $2, updated_at = now() WHERE id = $1`, [r.id, licenceId]);
    await client.query(`INSERT INTO licence_event (delivery_id, step, at, by, note, detail) VALUES ($1, 'generated', $2, $3, $4, $5)`, [
      r.delivery_id,
      now,
      ONLINE_BY,
      stored.source === 'webhook' ? 'licence.requested' : null,
      JSON.stringify({ licenceId, kind: stored.kind, fileName: stored.fileName, sha256: hash, size: stored.content.length, requestId: r.id, eventId: r.event_id, source: stored.source }),
    ]);
    return licenceId;
  });
}
