import { randomUUID } from 'node:crypto';
import { LICENCE_ACTIVATE_PATHS, LICENCE_HEARTBEAT_PATHS, QUERY_ORDER_PATH, USAGE_PUSH_PATH, type QueryOrderResponse } from '../lib/openapi/types';
import { verifyAkSk } from './aksk';
import { handleControl } from './control';
import { activateCode, heartbeatCode } from './licences';
import { takeFault, type EmulatorState, type OpenApiName, type RecordedCall } from './state';
import { checkBodySignature, storeUsage, validateUsageBody } from './usage';

export { createEmulatorState, injectFault, DEFAULT_CREDENTIALS } from './state';
export type { EmulatorState, Fault, RecordedCall, CreateEmulatorStateOptions } from './state';

/**
 * The marketplace open APIs the app calls (spec §3.11 Query Order, §8.1 usage push, §9.1 licence activate and
 * heartbeat) plus the /emulator/ control
 * API, as one framework-independent handler.
 */

export interface EmulatorRequest {
  method: string;
  /** path + query */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Outcome {
  status: number;
  json: unknown;
  api: RecordedCall['api'];
  ak?: string;
  note?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** APIG-style error body (the gateway answers auth failures before the marketplace sees the call). */
function gatewayError(status: number, code: string, msg: string, api: RecordedCall['api'], note?: string): Outcome {
  return { status, json: { error_code: code, error_msg: msg, request_id: randomUUID().replace(/-/g, '') }, api, note: note ?? msg };
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** Applies a pending injected fault: delay, then maybe an error answer. */
async function applyFault(state: EmulatorState, api: OpenApiName): Promise<Outcome | undefined> {
  const fault = takeFault(state, api);
  if (!fault) return undefined;
  if (fault.delayMs) await sleep(fault.delayMs);
  if (fault.status === undefined) return undefined;
  // spec §8.1 table: MKT.0199 "request parameter error" is the general 4xx, MKT.0999 the internal error
  const code = fault.errorCode ?? (fault.status >= 400 && fault.status < 500 ? 'MKT.0199' : 'MKT.0999');
  const msg = `${code === 'MKT.0999' ? 'internal error' : 'error'} (fault injected by the emulator)`;
  const json = api === 'orderQuery' ? { resultCode: code, resultMsg: msg } : { error_code: code, error_msg: msg };
  return { status: fault.status, json, api, note: `injected fault: HTTP ${fault.status} ${code}` };
}

function authenticate(req: EmulatorRequest, state: EmulatorState, api: OpenApiName): { ok: true; ak: string } | { ok: false; refusal: Outcome } {
  const v = verifyAkSk({ ...req, credentials: state.credentials, now: state.now(), ...(state.maxSkewMs !== undefined ? { maxSkewMs: state.maxSkewMs } : {}) });
  if (v.ok) return { ok: true, ak: v.ak };
  return { ok: false, refusal: gatewayError(401, 'APIGW.0301', `Incorrect IAM authentication information: ${v.reason}`, api, v.reason) };
}

/** GET Query Order (spec §3.11). */
async function queryOrder(req: EmulatorRequest, query: URLSearchParams, state: EmulatorState): Promise<Outcome> {
  const api = 'orderQuery';
  const fault = await applyFault(state, api);
  if (fault) return fault;
  const auth = authenticate(req, state, api);
  if (!auth.ok) return auth.refusal;
  const orderId = query.get('orderId') ?? '';
  const orderLineId = query.get('orderLineId') ?? undefined;
  if (!orderId || orderId.length > 64 || (orderLineId !== undefined && orderLineId.length > 64)) {
    const answer: QueryOrderResponse = { resultCode: 'MKT.0101', resultMsg: 'orderId is required (at most 64 characters)' };
    return { status: 400, json: answer, api, ak: auth.ak, note: answer.resultMsg };
  }
  const orderInfo = state.orders.getOrder(orderId, orderLineId || undefined);
  if (!orderInfo) {
    // The digest does not document the real "order not found" answer; MKT.0100 with HTTP 200 and no orderInfo
    // is our stand-in, so the app must treat any resultCode other than MKT.0000 as "no order".
    const answer: QueryOrderResponse = { resultCode: 'MKT.0100', resultMsg: 'order not found' };
    return { status: 200, json: answer, api, ak: auth.ak, note: 'order not found' };
  }
  const answer: QueryOrderResponse = { resultCode: 'MKT.0000', resultMsg: 'success', orderInfo };
  return { status: 200, json: answer, api, ak: auth.ak };
}

/** POST usage push (spec §8.1): AK/SK, then body signature, then record validation, then dedupe and store. */
async function usagePush(req: EmulatorRequest, state: EmulatorState): Promise<Outcome> {
  const api = 'usage';
  const fault = await applyFault(state, api);
  if (fault) return fault;
  const auth = authenticate(req, state, api);
  if (!auth.ok) return auth.refusal;
  const err = (e: { status: number; error_code: string; error_msg: string }): Outcome => ({
    status: e.status,
    json: { error_code: e.error_code, error_msg: e.error_msg },
    api,
    ak: auth.ak,
    note: e.error_msg,
  });
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return err({ status: 400, error_code: 'MKT.0199', error_msg: 'body is not JSON' });
  }
  const signed = {
    signature: headerOf(req.headers, 'signature'),
    ts: headerOf(req.headers, 'ts'),
    nonce: headerOf(req.headers, 'nonce'),
  };
  const sigErr = checkBodySignature(signed, body, state.marketplaceKey);
  if (sigErr) return err(sigErr);
  const now = state.now();
  const valid = validateUsageBody(body, now);
  if ('error_code' in valid) return err(valid);
  const { accepted, duplicates } = storeUsage(state.usage, valid.records, auth.ak, now);
  const note = `${accepted} stored, ${duplicates} duplicate metering_sn` + (state.marketplaceKey === undefined ? '; body signature not checked (no marketplace key)' : '');
  return { status: 200, json: { error_code: 'MKT.0000', error_msg: 'success' }, api, ak: auth.ak, note };
}

/** POST licence activate / heartbeat (spec §9.1), on the v1 and v2 paths alike (disabled versions answer 404). */
async function licenceApi(req: EmulatorRequest, state: EmulatorState, api: 'licenceActivate' | 'licenceHeartbeat'): Promise<Outcome> {
  const fault = await applyFault(state, api);
  if (fault) return fault;
  const auth = authenticate(req, state, api);
  if (!auth.ok) return auth.refusal;
  const answer = (api === 'licenceActivate' ? activateCode : heartbeatCode)(state.licences, req.body, state.now());
  return { ...answer, api, ak: auth.ak };
}

function licencePath(path: string, state: EmulatorState): 'licenceActivate' | 'licenceHeartbeat' | undefined {
  for (const v of ['v1', 'v2'] as const) {
    if (!state.licencePathVersions.includes(v)) continue;
    if (path === LICENCE_ACTIVATE_PATHS[v]) return 'licenceActivate';
    if (path === LICENCE_HEARTBEAT_PATHS[v]) return 'licenceHeartbeat';
  }
  return undefined;
}

async function dispatch(req: EmulatorRequest, path: string, query: URLSearchParams, state: EmulatorState): Promise<Outcome> {
  const method = req.method.toUpperCase();
  if (path === QUERY_ORDER_PATH && method === 'GET') return queryOrder(req, query, state);
  if (path === USAGE_PUSH_PATH && method === 'POST') return usagePush(req, state);
  const licence = method === 'POST' ? licencePath(path, state) : undefined;
  if (licence) return licenceApi(req, state, licence);
  if (path === '/emulator' || path.startsWith('/emulator/')) {
    const answer = handleControl(method, path, query, req.body, state);
    return { ...answer, api: 'control' };
  }
  return gatewayError(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment', 'unknown');
}

/** Handles one request; every call is appended to `state.calls`. Never throws. */
export async function handleOpenApi(req: EmulatorRequest, state: EmulatorState): Promise<EmulatorResponse> {
  const started = Date.now();
  const at = state.now().toISOString();
  const u = new URL(req.url, 'http://emulator.invalid');
  let outcome: Outcome;
  try {
    outcome = await dispatch(req, u.pathname, u.searchParams, state);
  } catch (e) {
    outcome = { status: 500, json: { error_code: 'MKT.0999', error_msg: 'internal error' }, api: 'unknown', note: `emulator bug: ${String(e)}` };
  }
  const body = JSON.stringify(outcome.json);
  state.calls.push({
    at,
    method: req.method.toUpperCase(),
    url: req.url,
    path: u.pathname,
    query: Object.fromEntries(u.searchParams),
    headers: req.headers,
    body: req.body,
    api: outcome.api,
    status: outcome.status,
    responseBody: body,
    ...(outcome.ak ? { ak: outcome.ak } : {}),
    ...(outcome.note ? { note: outcome.note } : {}),
    durationMs: Date.now() - started,
  });
  if (state.calls.length > state.maxCalls) state.calls.splice(0, state.calls.length - state.maxCalls);
  return { status: outcome.status, headers: { 'Content-Type': 'application/json;charset=UTF-8' }, body };
}
