import { storeOrder } from '../../../orders/actions';
import { refuseTestCallOnRealInstance } from '../../activities/testFlag';
import { upgradeInstance } from '../../activities/upgradeInstance';
import { notFound, type ProduceResult } from '../../resultCodes';
import { changeOrder, linearValueOf, v1OrderLineId } from '../order';
import type { V1UpgradeRequest } from '../schemas';
import { instanceSpec, type V1Context } from './context';

/**
 * spec §4.8 V1 upgrade over V2's upgradeInstance: the upgrade order (new skuCode, productId, linear value) is stored
 * inline (source v1) and recorded once per instance and order (spec §7.3); the job applies the new SKU from the
 * stored order and tells the provisioner, with no Query Order.
 */
export async function v1Upgrade(req: V1UpgradeRequest, ctx: V1Context): Promise<ProduceResult> {
  const instance = await instanceSpec(ctx.pool, req.instanceId);
  if (!instance) return notFound(`instance ${req.instanceId} not found`);
  const refusal = refuseTestCallOnRealInstance(req, instance);
  if (refusal) return refusal;
  const linearValue = linearValueOf(req);
  await storeOrder(
    ctx.pool,
    changeOrder({
      orderId: req.orderId,
      orderType: 'CHANGE',
      timeStamp: ctx.timeStamp,
      chargingMode: instance.charging_mode ?? 'PERIOD',
      product: { productId: req.productId, skuCode: req.skuCode, ...(linearValue !== undefined ? { linearValue } : {}) },
      extendParams: req.saasExtendParams,
    }),
    'v1',
  );
  return upgradeInstance(
    { activity: 'upgradeInstance', instanceId: req.instanceId, orderId: req.orderId, orderLineId: v1OrderLineId(req.orderId), testFlag: req.testFlag },
    ctx,
  );
}
