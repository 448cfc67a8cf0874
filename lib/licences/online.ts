import { createHash } from 'node:crypto';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { enqueue, QUEUES } from '../jobs/queue';
import { refuseTestCallOnRealInstance } from '../marketplace/activities/testFlag';
import { internalError, notFound, processing, result, ResultCode, success, type ProduceResult } from '../marketplace/resultCodes';
import type { GetLicenseAsyncRequest } from '../marketplace/schemas';
import { syncLicenceQueue } from './actions';

/**
 * Online licences (在线开通 License, spec §9.2): the marketplace asks for a licence for a device with getLicenseAsync,
 * the app answers 000004 at once and a `licence-upload` job (lib/licences/onlineUpload.ts) produces the licence and
 * uploads it with market-event/{event_id}/file. This module applies the request, inside the activity's transaction.
 *
 * The request joins the delivery module (spec §9.4): it belongs to the licence delivery of the instance's order in
 * force (the latest purchase, renewal or upgrade: one delivery per instance order, lib/licences/actions.ts), whose
 * licences are the devices' licences and whose timeline has each request's steps (requested, generated, uploaded) and
 * the delivery's (delivered, once its first licence is uploaded).
 *
 * A getLicenseAsync makes the instance's product an online-licence product (licence_product.generation = online): no
 * marking in the console is needed first. The console can mark one ahead, and set whether its licences need a device
 * fingerprint (default not: the marketplace's product settings are not visible to the app).
 *
 * The rules of spec §6, in this order, after the instance is found (000003) and may be changed by this call:
 *  - 000903 需要设备指纹: the product is set to need a device fingerprint and the call has none;
 *  - 000902 包周期License需传过期时间: the instance is a period (包周期, chargingMode PERIOD, or one with an expiry)
 *    subscription and the call has no expireTime;
 *  - 000901 不在订单有效期内: the instance is frozen or past its expiry, or the licence would start at or after the
 *    expiry, or end after it, or start more than a day before the order in force was placed (a day of slack for
 *    clocks and time zones: the marketplace's own times are labelled UTC);
 *  - 000900 该实例当前生效订单可用License额度不足: the order in force allows as many devices as its linear value (the
 *    SKU's quantity, spec §3.11 linearValue; 1 when the SKU has none) and that many other devices already have a
 *    licence under it. The same device asking again (a new eventId: a reinstall) does not count twice; a renewal or
 *    upgrade order starts a new count.
 * A repeat (the same eventId and deviceFingerprint) answers what the first did, 000004 until the licence is uploaded
 * and 000000 after, and is one request (a unique constraint, house style 4), whatever was decided since.
 */
/**
 * Who made an online delivery's steps, in the timeline's `by`: the marketplace's call, then the job. Identifiers, not
 * words, so that the timeline reads the same in every language (its notes are technical too).
 */
export const REQUESTED_BY = 'getLicenseAsync';
export const ONLINE_BY = 'licence-upload';

/** Slack before the order's creation (see above). */
export const EFFECTIVE_SLACK_MS = 24 * 3600 * 1000;

/** The unique key's part for a fingerprint: its hex SHA-256, '' for none. */
export function fingerprintKey(deviceFingerprint: string | undefined | null): string {
  return deviceFingerprint ? createHash('sha256').update(deviceFingerprint, 'utf8').digest('hex') : '';
}

/** The facts the rules look at: plain values, so the rules are testable without a database. */
export interface LicenceRuleFacts {
  instanceStatus: string;
  chargingMode: string | null;
  /** the instance's expiry: the end of the order in force */
  instanceExpireTime: Date | null;
  /** when the order in force was placed (Query Order createTime), when known */
  orderCreateTime: Date | null;
  deviceFingerprintRequired: boolean;
  /** the order in force's linear value (licences it allows), when the SKU has one */
  linearValue: number | null;
  /** the fingerprint keys of the other devices already licensed under the order in force */
  licensedDevices: string[];
}

/** The quota of the order in force (see above). */
export function licenceQuota(linearValue: number | null): number {
  return linearValue !== null && linearValue > 0 ? linearValue : 1;
}

/** spec §6 000900-000903 for a new request, or undefined when it may go ahead. */
export function checkLicenceRules(req: Pick<GetLicenseAsyncRequest, 'effectiveTime' | 'expireTime' | 'deviceFingerprint'>, f: LicenceRuleFacts, now: Date): ProduceResult | undefined {
  if (f.deviceFingerprintRequired && !req.deviceFingerprint) {
    return result(ResultCode.DEVICE_FINGERPRINT_REQUIRED, 'device fingerprint required: this product binds its licences to a device (deviceFingerprint)');
  }
  const period = f.chargingMode === 'PERIOD' || (f.chargingMode === null && f.instanceExpireTime !== null);
  if (period && !req.expireTime) return result(ResultCode.PERIOD_NEEDS_EXPIRE_TIME, 'a period licence needs expireTime');
  const outside = (why: string) => result(ResultCode.OUTSIDE_ORDER_VALIDITY, `not within the order's validity: ${why}`);
  if (f.instanceStatus === 'frozen') return outside('the instance is frozen');
  const end = f.instanceExpireTime;
  if (end) {
    if (now.getTime() >= end.getTime()) return outside(`the order ended at ${end.toISOString()}`);
    if (req.effectiveTime.getTime() >= end.getTime()) return outside(`effectiveTime is not before the order's end ${end.toISOString()}`);
    if (req.expireTime && req.expireTime.getTime() > end.getTime()) return outside(`expireTime is after the order's end ${end.toISOString()}`);
  }
  if (f.orderCreateTime && req.effectiveTime.getTime() < f.orderCreateTime.getTime() - EFFECTIVE_SLACK_MS) {
    return outside(`effectiveTime is before the order was placed (${f.orderCreateTime.toISOString()})`);
  }
  const key = fingerprintKey(req.deviceFingerprint);
  const quota = licenceQuota(f.linearValue);
  if (!f.licensedDevices.includes(key) && new Set(f.licensedDevices).size >= quota) {
    return result(ResultCode.LICENCE_QUOTA_EXHAUSTED, `licence quota exhausted: the order in force allows ${quota} device${quota === 1 ? '' : 's'}, all licensed`);
  }
  return undefined;
}

interface LockedForLicence {
  id: string;
  status: string;
  test_flag: boolean;
  product_id: string | null;
  charging_mode: string | null;
  expire_time: Date | null;
}

interface StoredRequest {
  id: string;
  instance_id: string;
  status: string;
}

const repeatAnswer = (r: StoredRequest, instanceId: string): ProduceResult => {
  if (r.instance_id !== instanceId) return result(ResultCode.INVALID_PARAM, `eventId has already been applied for another instance (${r.instance_id})`);
  return r.status === 'uploaded' ? success() : processing();
};

async function findRequest(client: pg.PoolClient, eventId: string, key: string): Promise<StoredRequest | undefined> {
  const { rows } = await client.query<StoredRequest>(
    `SELECT id::text, instance_id, status FROM licence_request WHERE event_id = $1 AND fingerprint_key = $2`,
    [eventId, key],
  );
  return rows[0];
}

/**
 * spec §9.2 getLicenseAsync, in the caller's transaction: the request stored once with its `licence-upload` job, or
 * the answer of a rule. The instance row is locked first, so concurrent requests for one instance count its quota
 * one after the other.
 */
// SQL: FOR UPDATE of the instance; INSERT … ON CONFLICT (event_id, fingerprint_key) with the job in the same transaction
export async function requestOnlineLicence(
  client: pg.PoolClient,
  boss: PgBoss,
  req: GetLicenseAsyncRequest,
  opts: { callId?: bigint; now?: Date },
): Promise<ProduceResult> {
  const now = opts.now ?? new Date();
  const { rows } = await client.query<LockedForLicence>(
    `SELECT id, status::text AS status, test_flag, product_id, charging_mode, expire_time FROM instance WHERE id = $1 FOR UPDATE`,
    [req.instanceId],
  );
  const instance = rows[0];
  if (!instance) return notFound(`instance ${req.instanceId} not found`);
  const key = fingerprintKey(req.deviceFingerprint);
  const held = await findRequest(client, req.eventId, key);
  if (held) return repeatAnswer(held, req.instanceId);
  if (instance.status === 'released') return notFound(`instance ${req.instanceId} has been released`);
  if (instance.status === 'failed') return notFound(`instance ${req.instanceId} was never provisioned`);
  const testOnReal = refuseTestCallOnRealInstance(req, instance);
  if (testOnReal) return testOnReal;
  // the product is known once Query Order answered (the provisioning job); the marketplace retries the call
  if (instance.status === 'provisioning' || !instance.product_id) return internalError(`instance ${req.instanceId} is still being provisioned`);

  // a getLicenseAsync makes the product an online-licence product (marked ahead or not)
  await client.query(
    `INSERT INTO licence_product (product_id, marked_by, generation) VALUES ($1, 'getLicenseAsync', 'online')
     ON CONFLICT (product_id) DO UPDATE SET generation = 'online' WHERE licence_product.generation <> 'online'`,
    [instance.product_id],
  );
  await syncLicenceQueue(client, { instanceId: instance.id });
  const { rows: facts } = await client.query<{
    delivery_id: string;
    generation: string;
    device_fingerprint_required: boolean;
    linear_value: number | null;
    create_time: Date | null;
  }>(
    `SELECT d.id::text AS delivery_id, d.generation, lp.device_fingerprint_required,
            COALESCE(ol.linear_value, i.linear_value) AS linear_value, o.create_time
       FROM licence_delivery d
       JOIN instance_order io ON io.id = d.instance_order_id
       JOIN instance i ON i.id = d.instance_id
       JOIN licence_product lp ON lp.product_id = $2
       LEFT JOIN order_line ol ON ol.order_line_id = d.order_line_id
       LEFT JOIN "order" o ON o.order_id = d.order_id
      WHERE d.instance_id = $1
      ORDER BY io.id DESC LIMIT 1`,
    [instance.id, instance.product_id],
  );
  const inForce = facts[0];
  if (!inForce) return internalError(`instance ${req.instanceId} has no order to license yet`);
  const { rows: devices } = await client.query<{ fingerprint_key: string }>(
    `SELECT DISTINCT fingerprint_key FROM licence_request WHERE delivery_id = $1`,
    [inForce.delivery_id],
  );
  const refused = checkLicenceRules(
    req,
    {
      instanceStatus: instance.status,
      chargingMode: instance.charging_mode,
      instanceExpireTime: instance.expire_time,
      orderCreateTime: inForce.create_time,
      deviceFingerprintRequired: inForce.device_fingerprint_required,
      linearValue: inForce.linear_value,
      licensedDevices: devices.map((d) => d.fingerprint_key),
    },
    now,
  );
  if (refused) return refused;

  const inserted = await client.query<{ id: string }>(
    `INSERT INTO licence_request (event_id, device_fingerprint, fingerprint_key, instance_id, delivery_id, effective_time, expire_time, call_id, test_flag)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (event_id, fingerprint_key) DO NOTHING RETURNING id::text`,
    [req.eventId, req.deviceFingerprint ?? null, key, instance.id, inForce.delivery_id, req.effectiveTime, req.expireTime ?? null, opts.callId ?? null, req.testFlag],
  );
  const id = inserted.rows[0]?.id;
  if (!id) {
    // the same eventId and device for another instance, committed meanwhile
    const other = await findRequest(client, req.eventId, key);
    return other ? repeatAnswer(other, req.instanceId) : internalError('the licence request could not be stored');
  }
  if (inForce.generation !== 'online') await client.query(`UPDATE licence_delivery SET generation = 'online', updated_at = now() WHERE id = $1`, [inForce.delivery_id]);
  await client.query(`INSERT INTO licence_event (delivery_id, step, at, by, note, detail) VALUES ($1, 'requested', $2, $3, $4, $5)`, [
    inForce.delivery_id,
    now,
    REQUESTED_BY,
    `eventId ${req.eventId}`,
    JSON.stringify({
      requestId: id,
      eventId: req.eventId,
      deviceFingerprint: req.deviceFingerprint ?? null,
      effectiveTime: req.effectiveTime.toISOString(),
      expireTime: req.expireTime?.toISOString() ?? null,
    }),
  ]);
  await enqueue(client, boss, QUEUES.licenceUpload, { instanceId: instance.id, licenceRequestId: id }, { instanceId: instance.id, callId: opts.callId });
  return processing();
}
