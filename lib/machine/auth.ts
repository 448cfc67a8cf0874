import { touchApiKey } from '../apikeys/actions';
import { hashApiKey, looksLikeApiKey } from '../apikeys/key';
import type { ApiScope } from '../apikeys/scopes';
import { apiKeyByHash } from '../apikeys/queries';
import type { Db } from '../db/client';
import type { TokenBuckets } from './bucket';

/** One machine API error: its status, a stable key and an English message (machine clients; no console language). */
export interface MachineError {
  status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 502 | 503;
  key: string;
  message: string;
  retryAfterSeconds?: number;
}

/** `Authorization: Bearer <token>` → the token; anything else (absent, another scheme, empty) → null. Pure. */
export function bearerToken(header: string | null): string | null {
  const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

const unauthorized = (message: string): MachineError => ({ status: 401, key: 'unauthorized', message });

/**
 * The one API-key check (lib/machine/route.ts): a valid, unrevoked key with `scope`, within its rate limit. A token
 * not shaped like a key is refused before the database is asked. Records the key's use (at most once a minute).
 */
export async function authenticateKey(
  db: Db,
  authorization: string | null,
  scope: ApiScope,
  buckets: TokenBuckets,
  now: Date = new Date(),
): Promise<{ keyId: string } | MachineError> {
  const token = bearerToken(authorization);
  if (!token) return unauthorized('Send an API key as "Authorization: Bearer kgs_…".');
  const key = looksLikeApiKey(token) ? await apiKeyByHash(db, hashApiKey(token)) : null;
  if (!key || key.revokedAt) return unauthorized('The API key is not valid or has been revoked.');
  if (!key.scopes.includes(scope)) return { status: 403, key: 'forbidden', message: `The API key lacks the scope ${scope}.` };
  const verdict = buckets.take(key.id, now.getTime());
  if (!verdict.ok) return { status: 429, key: 'rateLimited', message: 'Too many requests with this API key; retry later.', retryAfterSeconds: verdict.retryAfterSeconds };
  await touchApiKey(db.prisma, key, now);
  return { keyId: key.id };
}

export function isMachineError(v: unknown): v is MachineError {
  return typeof v === 'object' && v !== null && 'status' in v && 'key' in v && 'message' in v;
}
