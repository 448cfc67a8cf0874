import { buildProduceRequest } from '../marketplace/call';
import { buildV1Request } from '../marketplace/v1/call';
import { keysFor, type AppConfig } from '../config';
import { interfaceTypeOf } from '../marketplace/names';
import { utc17 } from '../marketplace/time';
import { refusal, type Refusal } from '../refusal';
import type { CallDetail } from './queries';

/** spec §3.2: the marketplace's timestamp is accepted for 60 s either way, so a freshly signed command lasts 60 s. */
export const CURL_VALID_MS = 60_000;

export type CurlOutcome =
  | { curl: string; url: string; body: string; keyLabel: string; signedAt: string; validUntil: string }
  /** conflict: the stored call cannot be signed again */
  | Refusal;

/**
 * A curl command that replays an inbound call against this app's production URL with a FRESH signature (new
 * timestamp and nonce), computed here on the server from the configured key. Only the command leaves the server,
 * never the key. The stored body is replayed as logged (secret fields were already masked when it was recorded).
 */
export function reproduceInbound(
  call: Pick<CallDetail, 'direction' | 'activity' | 'requestBody'> & Partial<Pick<CallDetail, 'method' | 'query'>>,
  config: AppConfig,
  now = Date.now(),
): CurlOutcome {
  if (call.direction !== 'inbound') return refusal('conflict', 'calls.err.curlOutbound');
  if (call.method === 'GET') return reproduceV1(call, config, now);
  let body: unknown;
  try {
    body = JSON.parse(call.requestBody ?? '');
  } catch {
    return refusal('conflict', 'calls.err.curlNotJson');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { activity?: unknown }).activity !== 'string') {
    return refusal('conflict', 'calls.err.curlNoActivity');
  }
  // spec §2: the key bound to the call's interface type (orderNotify general, licence codes licence, the rest basic)
  const key = keysFor(config, interfaceTypeOf(call.activity ?? undefined))[0];
  if (!key) return refusal('conflict', 'calls.err.curlNoKey');
  const req = buildProduceRequest({
    url: `${config.publicUrl}/api/produce`,
    key: key.key,
    body: body as Record<string, unknown> & { activity: string },
    timestamp: String(now),
  });
  return {
    ...req,
    keyLabel: key.label,
    signedAt: new Date(now).toISOString(),
    validUntil: new Date(now + CURL_VALID_MS).toISOString(),
  };
}

/**
 * A V1 call (spec §4.1) again: a GET with the stored parameters, a fresh timeStamp and authToken (spec §4.2), valid for
 * V1_TIMESTAMP_WINDOW_SECONDS. The stored parameters are as they arrived (contact details still encrypted).
 */
function reproduceV1(call: Partial<Pick<CallDetail, 'query'>>, config: AppConfig, now: number): CurlOutcome {
  const stored = call.query ?? {};
  if (typeof stored.activity !== 'string') return refusal('conflict', 'calls.err.curlNoActivity');
  const key = keysFor(config, 'v1')[0];
  if (!key) return refusal('conflict', 'calls.err.curlNoKey');
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(stored)) if (k !== 'authToken' && k !== 'timeStamp' && typeof v === 'string') params[k] = v;
  const req = buildV1Request({ url: `${config.publicUrl}/api/produce`, key: key.key, params, timeStamp: utc17(new Date(now)) });
  return {
    curl: req.curl,
    url: req.url,
    body: '',
    keyLabel: key.label,
    signedAt: new Date(now).toISOString(),
    validUntil: new Date(now + config.v1TimestampWindowSeconds * 1000).toISOString(),
  };
}
