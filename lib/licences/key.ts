import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Licence keys: `KGL1.<base64url(JSON payload)>.<base64url(Ed25519 signature)>`, the signature over the ASCII text
 * `KGL1.<base64url(JSON payload)>` (so the version prefix is signed too). Signed with the app's private key (kept in
 * DATA_DIR/secrets.json), verifiable offline by the seller's software with the public key alone (Settings shows it).
 * Pure: no database, no configuration.
 */
export const LICENCE_KEY_PREFIX = 'KGL1';

export interface LicencePayload {
  v: 1;
  licenceId: string;
  instanceId: string;
  orderId: string;
  orderLineId: string;
  productId: string;
  skuCode: string | null;
  /** the linear attribute (users, GB …) of the SKU bought, when it has one (spec §3.11 productInfo.linearValue) */
  linearValue: number | null;
  /** ISO 8601 UTC; null for a licence without an end (one-time or pay-per-use) */
  expireTime: string | null;
  /** ISO 8601 UTC */
  issuedAt: string;
  /**
   * An online licence (spec §9.2 getLicenseAsync) carries what the marketplace asked for: the device it is bound to
   * (null: any device), when it takes effect (ISO 8601 UTC; its expireTime is the call's), the marketplace's eventId.
   * Absent from licences generated in the console.
   */
  deviceFingerprint?: string | null;
  effectiveTime?: string;
  eventId?: string;
}

/** A fresh Ed25519 private key, PKCS#8 PEM (what lib/secrets.ts stores). */
export function generateSigningKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The public key (SPKI PEM) of a private key. */
export function publicKeyPem(privateKeyPem: string): string {
  return createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
}

/** SHA-256 of the public key's DER encoding, hex pairs separated by colons (as `openssl` prints fingerprints). */
export function publicKeyFingerprint(publicPem: string): string {
  const der = createPublicKey(publicPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').match(/../g)!.join(':');
}

export function signLicenceKey(payload: LicencePayload, privateKeyPem: string): string {
  const signed = `${LICENCE_KEY_PREFIX}.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
  const signature = sign(null, Buffer.from(signed, 'ascii'), createPrivateKey(privateKeyPem));
  return `${signed}.${signature.toString('base64url')}`;
}

export type VerifyResult = { valid: true; payload: LicencePayload; expired: boolean } | { valid: false; reason: string };

const B64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a licence key with ONLY the public key: format, signature, payload shape. `expired` says whether its
 * expireTime has passed at `now` (a valid signature on an expired licence is still the seller's signature).
 */
export function verifyLicenceKey(key: string, publicKey: string | KeyObject, now: Date = new Date()): VerifyResult {
  const parts = key.trim().split('.');
  if (parts.length !== 3 || parts[0] !== LICENCE_KEY_PREFIX) return { valid: false, reason: `not a ${LICENCE_KEY_PREFIX} licence key` };
  const [, body, sig] = parts as [string, string, string];
  if (!B64URL.test(body) || !B64URL.test(sig)) return { valid: false, reason: 'not base64url' };
  let ok: boolean;
  try {
    const pub = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    ok = verify(null, Buffer.from(`${LICENCE_KEY_PREFIX}.${body}`, 'ascii'), pub, Buffer.from(sig, 'base64url'));
  } catch (err) {
    return { valid: false, reason: `cannot verify: ${(err as Error).message}` };
  }
  if (!ok) return { valid: false, reason: 'bad signature' };
  let payload: LicencePayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LicencePayload;
  } catch {
    return { valid: false, reason: 'payload is not JSON' };
  }
  if (!payload || payload.v !== 1 || typeof payload.licenceId !== 'string' || typeof payload.instanceId !== 'string') {
    return { valid: false, reason: 'unknown payload version' };
  }
  const expired = payload.expireTime !== null && Date.parse(payload.expireTime) <= now.getTime();
  return { valid: true, payload, expired };
}
