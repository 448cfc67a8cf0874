import { storeOrder } from '../../../orders/actions';
import { refreshInstance } from '../../activities/refreshInstance';
import { refuseTestCallOnRealInstance } from '../../activities/testFlag';
import { notFound, type ProduceResult } from '../../resultCodes';
import { changeOrder, v1OrderLineId } from '../order';
import type { V1RefreshInstanceRequest } from '../schemas';
import { instanceSpec, type V1Context } from './context';

/**
 * spec §4.5 V1 refreshInstance (renewal, or trial to formal with trialToFormal=1) over the V2 one: applied once per
 * instance and renewal order, the expiry set to expireTime, never added to (spec §7.3). The renewal order is stored
 * inline (source v1), so the job that tells the provisioner calls no Query Order.
 */
export async function v1RefreshInstance(req: V1RefreshInstanceRequest, ctx: V1Context): Promise<ProduceResult> {
  const instance = await instanceSpec(ctx.pool, req.instanceId);
  if (!instance) return notFound(`instance ${req.instanceId} not found`);
  const refusal = refuseTestCallOnRealInstance(req, instance);
  if (refusal) return refusal;
  const scene = req.trialToFormal === '1' ? 'TRIAL_TO_FORMAL' : 'RENEWAL';
  const productId = req.productId ?? instance.product_id;
  await storeOrder(
    ctx.pool,
    changeOrder({
      orderId: req.orderId,
      orderType: scene === 'TRIAL_TO_FORMAL' ? 'TRIAL_TO_FORMAL' : 'RENEW',
      timeStamp: ctx.timeStamp,
      chargingMode: instance.charging_mode ?? 'PERIOD',
      product: productId && instance.sku_code ? { productId, skuCode: instance.sku_code } : undefined,
      expireTime: req.expireTime,
      periodType: req.periodType,
      periodNumber: req.periodNumber,
      orderAmount: req.orderAmount,
    }),
    'v1',
  );
  return refreshInstance(
    {
      activity: 'refreshInstance',
      scene,
      orderId: req.orderId,
      orderLineId: v1OrderLineId(req.orderId),
      instanceId: req.instanceId,
      productId: req.productId,
      expireTime: req.expireTime,
      testFlag: req.testFlag,
    },
    ctx,
  );
}
