import type pg from 'pg';
import { storeOrder } from '../../../orders/actions';
import { newInstance } from '../../activities/newInstance';
import { queryInstance } from '../../activities/queryInstance';
import { invalidParam, processing, ResultCode, success, type ProduceResult } from '../../resultCodes';
import { decryptContact, newInstanceOrder, type V1OrderFields } from '../order';
import type { V1NewInstanceRequest } from '../schemas';
import { encryptAppInfo, type V1Context } from './context';

/**
 * How long a V1 newInstance waits for its instance to be provisioned. The V1 debug tool wants `instanceId` and
 * `appInfo.frontEndUrl` in the answer (spec §4.1), and the marketplace allows 5 s (spec §7.2): the provisioning job
 * usually finishes well inside this; when it does not, the answer is 000004 with the instanceId (spec §6), the
 * marketplace calls again (§7.1), and the repeat answers the appInfo.
 */
export const V1_PROVISION_WAIT_MS = 3000;

/** What the buyer's record holds (customer.mobile_phone, customer.email) */
const CONTACT_MAX = { mobilePhone: 64, email: 255 } as const;

/**
 * spec §4.4 V1 newInstance, over the V2 domain function (lib/marketplace/activities/newInstance.ts): one instance per
 * order (per order and product for pay-per-use, spec §7.3), id = the first businessId, one provisioning job. The
 * order arrives inline: it is stored (source v1) before the instance and its job are created, so the job reads it
 * instead of calling Query Order. An order that already has an instance (a V1 retry, or the V2 newInstance of the same
 * order) is answered for, and nothing is stored again.
 */
export async function v1NewInstance(req: V1NewInstanceRequest, ctx: V1Context): Promise<ProduceResult> {
  const created = await v1PlaceOrder(req, ctx);
  const instanceId = created.instanceId as string | undefined;
  if (!instanceId || (created.resultCode !== ResultCode.SUCCESS && created.resultCode !== ResultCode.PROCESSING)) return created;
  if (created.resultCode === ResultCode.PROCESSING) await waitForProvisioning(ctx.pool, instanceId, ctx.provisionWaitMs ?? V1_PROVISION_WAIT_MS);
  const q = await queryInstance({ activity: 'queryInstance', instanceId: [instanceId], testFlag: req.testFlag }, ctx);
  if (q.resultCode === ResultCode.PROCESSING) return processing({ instanceId });
  if (q.resultCode !== ResultCode.SUCCESS) return { ...q, instanceId };
  const info = (q.info as { appInfo: Record<string, string> }[])[0]!;
  return success({ encryptType: String(ctx.encryptType), instanceId, appInfo: encryptAppInfo(info.appInfo, ctx) });
}

/**
 * The order a V1 call carries inline (newInstance, getLicense) stored, and its instance made by V2's newInstance: the
 * contact details decrypted, the order stored once (an order that has an instance already is not stored again), one
 * instance per order. Answers newInstance's result (000004 with the instanceId while it is provisioned).
 */
export async function v1PlaceOrder(req: V1OrderFields, ctx: V1Context): Promise<ProduceResult> {
  const contact: { mobilePhone?: string; email?: string } = {};
  for (const field of ['mobilePhone', 'email'] as const) {
    if (!req[field]) continue;
    const plain = decryptContact(ctx.key, req[field]);
    if (plain === undefined) return invalidParam(`${field} does not decrypt with the V1 key (AES-256 or AES-128 CBC, iv + Base64)`);
    if (plain.length > CONTACT_MAX[field]) return invalidParam(`${field} decrypts to more than ${CONTACT_MAX[field]} characters`);
    contact[field] = plain;
  }
  const order = newInstanceOrder(req, { timeStamp: ctx.timeStamp, ...contact });
  const line = order.orderLine[0]!;
  const existing = await orderInstance(ctx.pool, req.orderId, line.orderLineId, line.chargingMode === 'ON_DEMAND' ? req.productId : undefined);
  if (!existing) await storeOrder(ctx.pool, order, 'v1');
  return newInstance(
    { activity: 'newInstance', orderId: req.orderId, orderLineId: existing?.order_line_id ?? line.orderLineId, businessId: req.businessId, testFlag: req.testFlag },
    ctx,
  );
}

/** The instance an order already has: its V1 line, or any line of it (a V2 newInstance came first), the oldest. */
// SQL: keyed read on the produce path (instance's (order_id, order_line_id) unique index)
async function orderInstance(pool: pg.Pool, orderId: string, orderLineId: string, payPerUseProductId?: string) {
  const { rows } = await pool.query<{ id: string; order_line_id: string }>(
    `SELECT id, order_line_id FROM instance
      WHERE order_id = $1 AND (order_line_id = $2 OR $3::varchar IS NULL OR product_id = $3)
      ORDER BY (order_line_id = $2) DESC, created_at LIMIT 1`,
    [orderId, orderLineId, payPerUseProductId ?? null],
  );
  return rows[0];
}

/** Polls the instance until it leaves provisioning, or the time is up. */
async function waitForProvisioning(pool: pg.Pool, instanceId: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    const { rows } = await pool.query<{ status: string }>('SELECT status FROM instance WHERE id = $1', [instanceId]);
    if (rows[0]?.status !== 'provisioning') return;
  }
}
