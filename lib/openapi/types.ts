/**
 * Shapes of the marketplace open APIs this app calls (spec §3.11 Query Order, §8.1 usage push).
 * Fields the marketplace may add later are tolerated: parse with these as the known subset.
 */

/** spec §3.11: OrderInfo.orderType */
export type OrderType = 'NEW' | 'TRIAL' | 'TRIAL_TO_FORMAL' | 'UNSUBSCRIBE' | 'RENEW' | 'CHANGE';

/** spec §3.11: OrderLine.chargingMode */
export type ChargingMode = 'ON_DEMAND' | 'ONE_TIME' | 'PERIOD' | 'ON_DEMAND_PKG';

export interface ProductInfo {
  productId: string;
  skuCode: string;
  productName?: string;
  /** linear attribute value (users, GB …) when the SKU has one */
  linearValue?: number;
}

export interface OrderLine {
  orderLineId: string;
  chargingMode: ChargingMode;
  /** UTC yyyyMMddHHmmss */
  expireTime?: string;
  /** month | year | day | hour */
  periodType?: string;
  periodNumber?: number;
  currency?: string;
  /** amount actually paid for the line, in `currency` */
  amount?: number;
  productInfo: ProductInfo[];
}

export interface BuyerInfo {
  customerId: string;
  customerName?: string;
  userId?: string;
  userName?: string;
  mobilePhone?: string;
  email?: string;
}

export interface ExtendParam {
  name: string;
  value: string;
}

export interface OrderInfo {
  orderId: string;
  orderType: OrderType;
  /** UTC yyyyMMddHHmmss: when the order was placed */
  createTime: string;
  orderLine: OrderLine[];
  buyerInfo?: BuyerInfo;
  extendParams?: ExtendParam[];
}

/** GET /api/mkp-openapi-public/global/v1/order/query */
export interface QueryOrderResponse {
  /** MKT.0000 on success */
  resultCode: string;
  resultMsg: string;
  orderInfo?: OrderInfo;
}

/** spec §8.1 usage push record */
export interface UsageRecord {
  instance_id: string;
  record_time: string;
  begin_time: string;
  end_time: string;
  usage_value: string;
  metering_sn: string;
  relate_pkg_instance?: string;
}

export const QUERY_ORDER_PATH = '/api/mkp-openapi-public/global/v1/order/query';
export const USAGE_PUSH_PATH = '/api/mkp-openapi-public/global/v1/isv/usage-data';

/** spec §9.1 licence-code open APIs; the v2 paths are the documented variant, tried on a 404 (lib/openapi/licence.ts) */
export const LICENCE_ACTIVATE_PATHS = {
  v1: '/api/mkp-openapi-public/global/v1/license/activate',
  v2: '/api/mkp-openapi-public/global/v2/license/activate',
} as const;
export const LICENCE_HEARTBEAT_PATHS = {
  v1: '/api/mkp-openapi-public/global/v1/license/heartbeat',
  v2: '/api/mkp-openapi-public/global/v2/license/heartbeat',
} as const;
/** spec §9.1: the licence APIs' success code */
export const LICENCE_OK = '92020000';
/** spec §9.1: "License resource invalid" (资源不可用): the marketplace does not know the code, or it cannot be used */
export const LICENCE_INVALID = '91381033';
