import { createHash, randomBytes } from 'node:crypto';

/**
 * API keys for the machine APIs (issue 8): what a key looks like and how it is stored. Pure.
 *
 * A key is `kgs_` + 32 random bytes in base64url (256 bits). Only its SHA-256 is stored. A fast hash is enough here,
 * unlike for passwords: a slow hash (scrypt, bcrypt) defends guessable secrets against a stolen table, but nobody can
 * enumerate 2^256 random keys, so the stolen hash of a random key gives nothing; and a fast, unsalted hash lets the
 * key check find the row by an indexed equality lookup on every machine request.
 */
export const KEY_PREFIX = 'kgs_';

/** How many characters of a key the console shows to recognise it by: `kgs_` and 8 of the random part. */
const VISIBLE = KEY_PREFIX.length + 8;

export function newApiKey(): { key: string; hash: string; prefix: string } {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key), prefix: visiblePrefix(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function visiblePrefix(key: string): string {
  return key.slice(0, VISIBLE);
}

/** A key's form: `kgs_` + 43 base64url characters. Anything else is refused before the database is asked. */
export function looksLikeApiKey(s: string): boolean {
  return /^kgs_[A-Za-z0-9_-]{43}$/.test(s);
}
