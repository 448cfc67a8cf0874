import { mockOrders } from '../marketplace/mockOrders';
import { addUtc, utc14 } from '../marketplace/time';
import type { OrderInfo } from '../openapi/types';
import { REFRESH_SCENES, type DebugActivity } from './catalog';

/**
 * The form's starting values: the marketplace's documented debug mock orders (spec §3.11), the same ones the built-in
 * emulator holds, so a call sent to this app can be provisioned. Ids that differ on every call or come from an
 * earlier answer are placeholders (see catalog.ts PLACEHOLDERS).
 */
export type Prefill = Record<DebugActivity, Record<string, string>> & { scenes: Record<(typeof REFRESH_SCENES)[number], Record<string, string>> };

/** spec §3.5: which mock order plays each refreshInstance scene. */
const SCENE_ORDERS: Record<(typeof REFRESH_SCENES)[number], string> = {
  TRIAL_TO_FORMAL: 'MOCKMONTYTRIALTOFORMAL',
  RENEWAL: 'MOCKMONTYRENEW',
  UNSUBSCRIBE_RENEWAL_PERIOD: 'MOCKMONTYUNSUBSCRIBE',
  RENEWAL_CHANGE: 'MOCKMONTYCHANGE',
};

export function prefill(now: Date = new Date()): Prefill {
  const orders = new Map<string, OrderInfo>(mockOrders(now).map((o) => [o.orderId, o]));
  const line = (id: string) => orders.get(id)!.orderLine[0]!;
  const product = (id: string) => line(id).productInfo[0]!;
  const nextYear = utc14(addUtc(now, { years: 1 }));
  const scene = (s: (typeof REFRESH_SCENES)[number]) => {
    const id = SCENE_ORDERS[s];
    return {
      scene: s,
      instanceId: '{{lastInstanceId}}',
      orderId: id,
      orderLineId: line(id).orderLineId,
      productId: product(id).productId,
      // spec §3.5: the renewal order's new expiry; one year out when the mock order has none
      expireTime: s === 'UNSUBSCRIBE_RENEWAL_PERIOD' ? nextYear : (line(id).expireTime ?? nextYear),
    };
  };
  const change = product('MOCKMONTYCHANGE');
  return {
    newInstance: { orderId: 'MOCKPERIODYEARNEW', orderLineId: line('MOCKPERIODYEARNEW').orderLineId, businessId: '{{uuid}}' },
    queryInstance: { instanceId: '{{lastInstanceId}}' },
    refreshInstance: scene('RENEWAL'),
    updateInstanceStatus: { instanceId: '{{lastInstanceId}}', status: 'FREEZE' },
    releaseInstance: { instanceId: '{{lastInstanceId}}' },
    upgradeInstance: { instanceId: '{{lastInstanceId}}', orderId: 'MOCKMONTYCHANGE', orderLineId: line('MOCKMONTYCHANGE').orderLineId },
    changeInstanceCheck: {
      instanceId: '{{lastInstanceId}}',
      'productInfo.productId': change.productId,
      'productInfo.skuCode': change.skuCode,
      'productInfo.linearValue': change.linearValue !== undefined ? String(change.linearValue) : '',
      'productInfo.productName': change.productName ?? 'Emulator SaaS product',
    },
    orderNotify: { orderId: 'MOCKPERIODYEARNEW', orderLineId: line('MOCKPERIODYEARNEW').orderLineId },
    scenes: {
      TRIAL_TO_FORMAL: scene('TRIAL_TO_FORMAL'),
      RENEWAL: scene('RENEWAL'),
      UNSUBSCRIBE_RENEWAL_PERIOD: scene('UNSUBSCRIBE_RENEWAL_PERIOD'),
      RENEWAL_CHANGE: scene('RENEWAL_CHANGE'),
    },
  };
}
