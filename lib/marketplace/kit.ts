import { formatKitTime } from '../kit/time';
import { postSigned, randomNonce, shellQuote, PRODUCE_TIMEOUT_MS, type ProduceCallResult } from './call';
import { sortedCompactJson } from './canonical';
import type { KitInterface } from './names';
import { kitSignature, v1AuthToken, v1KitFields } from './signature';

/**
 * One marketplace → ISV joint-operation kit call (spec §3.12), as the marketplace sends it: POST
 * `<production URL>/produceAPI/v2/<name>`, the body's keys in the documented (not sorted) order on the wire, and
 * `x-sign` = HEX(HMAC(key, key + nonce + timestamp + sorted compact body)) with `x-timestamp` / `x-nonce` in headers.
 * Shared by the debugger and the emulator's kit player.
 */

/**
 * The order of each table's fields (spec §3.12), as the documented example sends them: tenantSync's is
 * `instanceId, orderId, tenantId, tenantCode, name, domainName, flag, testFlag, timeStamp`; the others follow their
 * tables. Not alphabetical, on purpose: a receiver that signs the raw body instead of the sorted one fails.
 */
export const KIT_FIELD_ORDER: Record<KitInterface, readonly string[]> = {
  tenantSync: ['instanceId', 'orderId', 'tenantId', 'tenantCode', 'name', 'domainName', 'flag', 'testFlag', 'timeStamp'],
  applicationSync: ['instanceId', 'tenantId', 'appId', 'clientId', 'clientSecret', 'flag', 'testFlag', 'timeStamp'],
  authSync: ['instanceId', 'tenantId', 'appId', 'userList', 'currentSyncTime', 'flag', 'testFlag', 'timeStamp'],
  singleOrgSync: ['instanceId', 'tenantId', 'orgCode', 'orgName', 'parentCode', 'flag', 'testFlag', 'timeStamp'],
  allOrgSync: ['instanceId', 'tenantId', 'orgInfoList', 'testFlag', 'timeStamp'],
};

/**
 * The body of a kit call with its keys in the documented order (others after them, in the order given), `testFlag`
 * (an Integer in the kit tables: 1 debugging data, 0 production) and `timeStamp` (UTC+8 yyyyMMddHHmmssSSS) filled in
 * unless given.
 */
export function kitBody(name: KitInterface, fields: Record<string, unknown>, opts: { testFlag?: 0 | 1; now?: Date } = {}): Record<string, unknown> {
  const all: Record<string, unknown> = { testFlag: opts.testFlag ?? 1, timeStamp: formatKitTime(opts.now ?? new Date()), ...fields };
  const out: Record<string, unknown> = {};
  for (const k of KIT_FIELD_ORDER[name]) if (all[k] !== undefined) out[k] = all[k];
  for (const [k, v] of Object.entries(all)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}

/**
 * `<production URL>/produceAPI/v2/<name>` (spec §2: the kit URLs derive from the production URL), or V1's
 * `<production URL>/produceAPI/<name>` (spec §4.11).
 */
export function kitUrl(productionUrl: string, name: KitInterface, generation: 'v2' | 'v1' = 'v2'): string {
  const u = new URL(productionUrl);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/produceAPI/${generation === 'v2' ? 'v2/' : ''}${name}`;
  return u.toString();
}

/** A kit body in V1's words (spec §4.11): allOrgSync's list is `orgInfo`, in the place orgInfoList has. */
export function kitBodyV1(name: KitInterface, fields: Record<string, unknown>, opts: { testFlag?: 0 | 1; now?: Date } = {}): Record<string, unknown> {
  const body = kitBody(name, fields, opts);
  if (name !== 'allOrgSync' || !('orgInfoList' in body)) return body;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k === 'orgInfoList' ? 'orgInfo' : k, v]));
}

export interface KitCallOptions {
  /** the production URL, e.g. http://127.0.0.1:3000/api/produce */
  url: string;
  name: KitInterface;
  /** the key bound to the kit interfaces (联营SaaS同步接口) */
  key: string;
  /** the body, keys in the order they go on the wire (kitBody) */
  body: Record<string, unknown>;
  /** ms since epoch (default now) */
  timestamp?: string;
  nonce?: string;
  timeoutMs?: number;
}

/** The signed request: URL, exact body bytes (keys as given), headers, equivalent curl. */
export function buildKitRequest(opts: KitCallOptions): Required<Omit<ProduceCallResult['request'], 'method'>> {
  const body = JSON.stringify(opts.body);
  const timestamp = opts.timestamp ?? String(Date.now());
  const nonce = opts.nonce ?? randomNonce();
  const headers = {
    'Content-Type': 'application/json',
    'x-sign': kitSignature(opts.key, sortedCompactJson(opts.body), nonce, timestamp),
    'x-timestamp': timestamp,
    'x-nonce': nonce,
  };
  const url = kitUrl(opts.url, opts.name);
  return { url, body, curl: postCurl(url, headers, body), headers };
}

/**
 * A V1 kit call (spec §4.11) as the marketplace sends it: POST `<production URL>/produceAPI/<name>`, the body as
 * given, and the `authToken` header = Base64(HMAC-SHA256(Key + the body's timeStamp, sorted k=v& of its fields, nested
 * lists as JSON strings)). The answer must carry a Body-Sign (checked by the caller, lib/marketplace/call.ts).
 */
export function buildKitV1Request(opts: Omit<KitCallOptions, 'timestamp' | 'nonce'>): Required<Omit<ProduceCallResult['request'], 'method'>> {
  const body = JSON.stringify(opts.body);
  const headers = { 'Content-Type': 'application/json', authToken: v1AuthToken(opts.key, v1KitFields(opts.body)) };
  const url = kitUrl(opts.url, opts.name, 'v1');
  return { url, body, curl: postCurl(url, headers, body), headers };
}

function postCurl(url: string, headers: Record<string, string>, body: string): string {
  const h = Object.entries(headers).map(([k, v]) => `-H ${shellQuote(`${k}:${v}`)}`);
  return `curl -X POST ${shellQuote(url)} ${h.join(' ')} -d${shellQuote(body)}`;
}

/** Sends one V1 kit call (buildKitV1Request); its answer's Body-Sign is the caller's to check (lib/marketplace/v1/call.ts). */
export async function sendKitV1Call(opts: Omit<KitCallOptions, 'timestamp' | 'nonce'>): Promise<ProduceCallResult> {
  return postSigned(buildKitV1Request(opts), opts.timeoutMs ?? PRODUCE_TIMEOUT_MS);
}

/** Sends one kit call. Never throws for HTTP errors or timeouts: they are reported in the result. */
export async function sendKitCall(opts: KitCallOptions): Promise<ProduceCallResult> {
  return postSigned(buildKitRequest(opts), opts.timeoutMs ?? PRODUCE_TIMEOUT_MS);
}
