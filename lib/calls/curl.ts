import { buildProduceRequest } from '../marketplace/call';
import { keysFor, type AppConfig } from '../config';
import type { CallDetail } from './queries';

/** spec §3.2: the marketplace's timestamp is accepted for 60 s either way, so a freshly signed command lasts 60 s. */
export const CURL_VALID_MS = 60_000;

export type CurlOutcome =
  | { ok: true; curl: string; url: string; body: string; keyLabel: string; signedAt: string; validUntil: string }
  | { ok: false; status: number; message: string };

/**
 * A curl command that replays an inbound call against this app's production URL with a FRESH signature (new
 * timestamp and nonce), computed here on the server from the configured key. Only the command leaves the server,
 * never the key. The stored body is replayed as logged (secret fields were already masked when it was recorded).
 */
export function reproduceInbound(call: Pick<CallDetail, 'direction' | 'activity' | 'requestBody'>, config: AppConfig, now = Date.now()): CurlOutcome {
  if (call.direction !== 'inbound') return { ok: false, status: 409, message: 'Only inbound calls can be reproduced; an outbound call shows its stored request.' };
  let body: unknown;
  try {
    body = JSON.parse(call.requestBody ?? '');
  } catch {
    return { ok: false, status: 422, message: 'The stored request body is not JSON, so it cannot be signed again.' };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { activity?: unknown }).activity !== 'string') {
    return { ok: false, status: 422, message: 'The stored request body has no activity, so it cannot be signed again.' };
  }
  // spec §2: orderNotify is signed with the key bound to the general interfaces, the rest with the basic one
  const key = keysFor(config, call.activity === 'orderNotify' ? 'general' : 'basic')[0];
  if (!key) return { ok: false, status: 409, message: 'No marketplace key is configured (MARKETPLACE_KEY), so nothing can be signed.' };
  const req = buildProduceRequest({
    url: `${config.publicUrl}/api/produce`,
    key: key.key,
    body: body as Record<string, unknown> & { activity: string },
    timestamp: String(now),
  });
  return {
    ok: true,
    ...req,
    keyLabel: key.label,
    signedAt: new Date(now).toISOString(),
    validUntil: new Date(now + CURL_VALID_MS).toISOString(),
  };
}
