import { formatKitTime } from '../kit/time';
import { mockOrders, v1PurchaseParams } from '../marketplace/mockOrders';
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

/**
 * The kit interfaces' starting values (spec §3.12): one debug tenant of a debug instance (a kit sync does not need the
 * instance to exist), its IdP application with a fresh secret at every send, one authorised admin, a two-node tree.
 * Each of them succeeds against this app on its own and in any order: adds repeat idempotently.
 */
const KIT_DEBUG = { instanceId: 'debug-kit-instance', tenantId: '68cbc86abc2018ab880d92f36422fa0e', appId: 'debug-app' };

function kitPrefill(now: Date) {
  const ids = { instanceId: KIT_DEBUG.instanceId, tenantId: KIT_DEBUG.tenantId };
  return {
    tenantSync: { ...ids, orderId: '', tenantCode: 'debugtenant', name: 'Debug tenant', domainName: 'https://example.tenantaccount.com', flag: '1' },
    applicationSync: { ...ids, appId: KIT_DEBUG.appId, clientId: 'debug-client', clientSecret: 'debug-secret-{{uuid}}', flag: '1' },
    authSync: {
      ...ids,
      appId: KIT_DEBUG.appId,
      currentSyncTime: formatKitTime(now),
      flag: '1',
      userList: JSON.stringify([{ userName: 'debug-admin', name: 'Debug admin', orgCode: 'debug-root', role: 'admin', enable: 'true' }], null, 2),
    },
    singleOrgSync: { ...ids, orgCode: 'debug-qa', orgName: 'QA', parentCode: 'debug-root', flag: '1' },
    allOrgSync: {
      ...ids,
      orgInfoList: JSON.stringify(
        [
          { orgCode: 'debug-root', orgName: 'Debug tenant' },
          { orgCode: 'debug-rd', orgName: 'R&D', parentCode: 'debug-root' },
        ],
        null,
        2,
      ),
    },
  };
}

/**
 * The licence-code activities' starting values (spec §9.1): a test code of the debug mock order the built-in emulator
 * sells codes under. Sent with testFlag 1, the code becomes a test code of this app on first sight
 * (lib/licenceCodes/actions.ts), so each call passes on its own, in any order and on every replay; a real code is
 * never touched by them.
 */
export const DEBUG_LICENCE_CODE = 'DEBUG-LICENSE-CODE-0001';
const LICENCE_ORDER = { orderId: 'MOCKLICENSECODE', orderLineId: 'MOCKLICENSECODE-000001' };

function licencePrefill(nextYear: string, now: Date) {
  return {
    refreshLicenseCode: { scene: 'RENEWAL', ...LICENCE_ORDER, license: DEBUG_LICENCE_CODE, productId: '', expireTime: nextYear },
    updateLicenseCodeStatus: { license: DEBUG_LICENCE_CODE, status: 'FREEZE' },
    releaseLicenseCode: { license: DEBUG_LICENCE_CODE, ...LICENCE_ORDER },
    // spec §9.2: a licence for the instance the debugger bought last (a year's period order), from now for 300 days:
    // inside the order's validity, with the expiry a period licence needs (000902 otherwise)
    getLicenseAsync: { eventId: '{{uuid}}', instanceId: '{{lastInstanceId}}', effectiveTime: now.toISOString(), expireTime: new Date(now.getTime() + 300 * 86_400_000).toISOString(), deviceFingerprint: 'DEBUG-DEVICE-0001' },
  };
}

/**
 * The V1 activities' starting values (spec §4): a year's subscription of 10 users under a debug order of its own, sent
 * inline (V1 has no Query Order); repeats of newInstance or getLicense on that order answer the same instance, so saved
 * cases pass on every replay. The others act on the instance the debugger bought last.
 */
export const V1_DEBUG_ORDER = 'MOCKV1PERIODYEARNEW';
export const V1_DEBUG_LICENCE_ORDER = 'MOCKV1LICENSENEW';

function v1Prefill(now: Date, later: string) {
  const order = (orderId: string) => v1PurchaseParams(orderId, now, '{{uuid}}');
  const last = { instanceId: '{{lastInstanceId}}' };
  return {
    'v1.newInstance': order(V1_DEBUG_ORDER),
    'v1.queryInstance': last,
    'v1.refreshInstance': { ...last, orderId: 'MOCKV1RENEW', productId: 'OFFI000000000000000001', expireTime: later, trialToFormal: '' },
    'v1.instanceStatus': { ...last, instanceStatus: 'FREEZE' },
    'v1.upgrade': { ...last, orderId: 'MOCKV1CHANGE', skuCode: 'MOCK-SKU-PRO', productId: 'OFFI000000000000000001', amount: '50' },
    'v1.expireInstance': { ...last, orderId: V1_DEBUG_ORDER },
    'v1.releaseInstance': { ...last, orderId: V1_DEBUG_ORDER },
    'v1.getLicense': order(V1_DEBUG_LICENCE_ORDER),
    'v1.refreshLicense': { ...last, orderId: 'MOCKV1LICENSERENEW', productId: 'OFFI000000000000000001', expireTime: later },
    'v1.expireLicense': { ...last, orderId: V1_DEBUG_LICENCE_ORDER },
    'v1.releaseLicense': { ...last, orderId: V1_DEBUG_LICENCE_ORDER },
  };
}

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
    ...licencePrefill(nextYear, now),
    ...kitPrefill(now),
    ...v1Prefill(now, utc14(addUtc(now, { years: 2 }))),
    scenes: {
      TRIAL_TO_FORMAL: scene('TRIAL_TO_FORMAL'),
      RENEWAL: scene('RENEWAL'),
      UNSUBSCRIBE_RENEWAL_PERIOD: scene('UNSUBSCRIBE_RENEWAL_PERIOD'),
      RENEWAL_CHANGE: scene('RENEWAL_CHANGE'),
    },
  };
}
