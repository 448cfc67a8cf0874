import { z } from 'zod';
import type { OrderInfo } from '../lib/openapi/types';
import { makeOrder, type MakeOrderInput } from '../lib/marketplace/mockOrders';
import { handleIdpControl } from './idp';
import { putCode, type PutCodeInput } from './licences';
import { injectFault, type EmulatorState } from './state';

/**
 * The emulator's own JSON control API under /emulator/… (not part of the marketplace): lets tests and
 * players in another process register orders, inject faults and read what the emulator received.
 */

export interface ControlAnswer {
  status: number;
  json: unknown;
}

const orderType = z.enum(['NEW', 'TRIAL', 'TRIAL_TO_FORMAL', 'UNSUBSCRIBE', 'RENEW', 'CHANGE']);
const chargingMode = z.enum(['ON_DEMAND', 'ONE_TIME', 'PERIOD', 'ON_DEMAND_PKG']);
const ts14 = z.string().regex(/^\d{14}$/, 'UTC yyyyMMddHHmmss');

/** A full OrderInfo (spec §3.11); unknown extra fields are kept, as the real API may carry more. */
const orderInfoSchema = z.looseObject({
  orderId: z.string().min(1).max(64),
  orderType,
  createTime: ts14,
  orderLine: z
    .array(
      z.looseObject({
        orderLineId: z.string().min(1).max(64),
        chargingMode,
        expireTime: ts14.optional(),
        productInfo: z.array(z.looseObject({ productId: z.string().min(1), skuCode: z.string().min(1) })).min(1),
      }),
    )
    .min(1),
});

/** Shorthand accepted instead of a full order: the inputs of makeOrder(). */
const makeOrderSchema = z.object({
  orderId: z.string().min(1).max(64).optional(),
  orderLineId: z.string().min(1).max(64).optional(),
  orderType: orderType.optional(),
  chargingMode: chargingMode.optional(),
  productId: z.string().optional(),
  skuCode: z.string().optional(),
  productName: z.string().optional(),
  linearValue: z.number().optional(),
  periodType: z.enum(['year', 'month', 'day', 'hour']).optional(),
  periodNumber: z.number().int().positive().optional(),
  expireTime: ts14.optional(),
  amount: z.number().optional(),
  currency: z.string().optional(),
  /** another buyer than the mock orders' (whose packages then cover only this buyer's pay-per-use, spec §8.3) */
  buyerInfo: z
    .object({
      customerId: z.string().min(1).max(64),
      customerName: z.string().max(255).optional(),
      userName: z.string().max(255).optional(),
      email: z.string().max(255).optional(),
      mobilePhone: z.string().max(64).optional(),
    })
    .optional(),
});

const faultSchema = z.object({
  api: z.enum(['orderQuery', 'usage', 'licenceActivate', 'licenceHeartbeat']).optional(),
  count: z.number().int().positive().default(1),
  status: z.number().int().min(100).max(599).optional(),
  /** the answer's code, e.g. MKT.0101 or APIGW.0308; default MKT.0199 for a 4xx, MKT.0999 otherwise */
  errorCode: z.string().regex(/^[A-Z]+\.\d{3,4}$/, 'a code like MKT.0101 or APIGW.0308').optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
});

/** A licence code to hold (spec §9.1); every field optional (lib's shorthand in emulator/licences.ts putCode). */
const licenceSchema = z.object({
  license: z.string().min(1).max(256).optional(),
  status: z.enum(['ALIVE', 'RELEASED', 'FROZEN']).optional(),
  /** epoch ms, null for no end */
  expireTime: z.number().int().nullable().optional(),
  productId: z.string().min(1).max(64).optional(),
  amount: z.number().optional(),
  orderId: z.string().min(1).max(64).optional(),
  orderLineId: z.string().min(1).max(64).optional(),
});
const licencePathsSchema = z.object({ versions: z.array(z.enum(['v1', 'v2'])).min(1) });

function parseJson(body: string): unknown {
  if (body.trim() === '') return {};
  return JSON.parse(body);
}

const bad = (msg: string): ControlAnswer => ({ status: 400, json: { error: msg } });

export function handleControl(method: string, path: string, query: URLSearchParams, body: string, state: EmulatorState): ControlAnswer {
  let input: unknown;
  try {
    input = method === 'POST' ? parseJson(body) : undefined;
  } catch {
    return bad('body is not JSON');
  }
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  if (route === 'GET /emulator/health') {
    return { status: 200, json: { status: 'ok', orders: state.orders.listOrders().length, usageRecords: state.usage.records.length, calls: state.calls.length } };
  }
  if (path.startsWith('/emulator/idp/')) {
    const idp = handleIdpControl(route, input, state.idp);
    if (idp) return idp;
  }
  if (route === 'GET /emulator/orders') return { status: 200, json: { orders: state.orders.listOrders() } };
  if (method === 'GET' && path.startsWith('/emulator/orders/')) {
    const order = state.orders.getOrder(decodeURIComponent(path.slice('/emulator/orders/'.length)));
    return order ? { status: 200, json: { orderInfo: order } } : { status: 404, json: { error: 'order not found' } };
  }
  if (route === 'POST /emulator/orders') {
    let order: OrderInfo;
    if (input && typeof input === 'object' && 'orderLine' in input) {
      const parsed = orderInfoSchema.safeParse(input);
      if (!parsed.success) return bad(z.prettifyError(parsed.error));
      order = parsed.data as unknown as OrderInfo;
    } else {
      const parsed = makeOrderSchema.safeParse(input);
      if (!parsed.success) return bad(z.prettifyError(parsed.error));
      order = makeOrder({ ...(parsed.data as MakeOrderInput), now: state.now() });
    }
    state.orders.putOrder(order);
    return { status: 201, json: { orderInfo: order } };
  }
  if (route === 'GET /emulator/faults') return { status: 200, json: { faults: state.faults } };
  if (route === 'POST /emulator/faults') {
    const parsed = faultSchema.safeParse(input);
    if (!parsed.success) return bad(z.prettifyError(parsed.error));
    if (parsed.data.status === undefined && parsed.data.delayMs === undefined) return bad('give status and/or delayMs');
    if (parsed.data.errorCode !== undefined && parsed.data.status === undefined) return bad('errorCode needs a status');
    return { status: 201, json: { fault: injectFault(state, parsed.data) } };
  }
  if (route === 'DELETE /emulator/faults') {
    state.faults.length = 0;
    return { status: 200, json: { faults: [] } };
  }
  if (route === 'GET /emulator/usage') {
    const id = query.get('instance_id');
    return { status: 200, json: { records: id ? state.usage.records.filter((r) => r.instance_id === id) : state.usage.records } };
  }
  if (route === 'DELETE /emulator/usage') {
    state.usage.records.length = 0;
    state.usage.seen.clear();
    return { status: 200, json: { records: [] } };
  }
  if (route === 'GET /emulator/licences') return { status: 200, json: { licences: [...state.licences.codes.values()] } };
  if (method === 'GET' && path.startsWith('/emulator/licences/')) {
    const code = state.licences.codes.get(decodeURIComponent(path.slice('/emulator/licences/'.length).replace(/\/+$/, '')));
    return code ? { status: 200, json: { licence: code } } : { status: 404, json: { error: 'licence code not found' } };
  }
  if (route === 'POST /emulator/licences') {
    const parsed = licenceSchema.safeParse(input);
    if (!parsed.success) return bad(z.prettifyError(parsed.error));
    return { status: 201, json: { licence: putCode(state.licences, parsed.data as PutCodeInput, state.now()) } };
  }
  if (route === 'POST /emulator/licence-paths') {
    const parsed = licencePathsSchema.safeParse(input);
    if (!parsed.success) return bad(z.prettifyError(parsed.error));
    state.licencePathVersions = [...new Set(parsed.data.versions)];
    return { status: 200, json: { versions: state.licencePathVersions } };
  }
  if (route === 'GET /emulator/calls') {
    const api = query.get('api');
    return { status: 200, json: { calls: api ? state.calls.filter((c) => c.api === api) : state.calls } };
  }
  if (route === 'DELETE /emulator/calls') {
    state.calls.length = 0;
    return { status: 200, json: { calls: [] } };
  }
  return { status: 404, json: { error: `no control route ${route}` } };
}
