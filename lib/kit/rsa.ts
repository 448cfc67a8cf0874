import { constants, createPrivateKey, createPublicKey, generateKeyPairSync, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import type { AppConfig } from '../config';
import { publicKeyFingerprint } from '../licences/key';
import { ensureGeneratedSecret, type AppSecrets } from '../secrets';

/**
 * The joint-operation kit's RSA key pair (spec §3.12, §5): the marketplace sends `applicationSync.clientSecret`
 * RSA-OAEP encrypted with the public key the seller uploaded when applying for application credentials (应用凭证申请);
 * the app decrypts it with the private key. The key is at least 3072 bits. The OAEP digest is not in the captured
 * doc, so both SHA-256 and SHA-1 (OpenSSL's and Java's default) are tried and the caller is told which matched.
 */

export const KIT_RSA_MIN_BITS = 3072;

/** A fresh 3072-bit RSA private key, PKCS#8 PEM (about a second of CPU). */
export function generateKitKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: KIT_RSA_MIN_BITS }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

// one parsed key is enough: the app has one kit key
let cached: { pem: string; key: KeyObject } | undefined;
function keyObject(privateKeyPem: string): KeyObject {
  if (cached?.pem !== privateKeyPem) cached = { pem: privateKeyPem, key: createPrivateKey(privateKeyPem) };
  return cached.key;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DIGESTS = ['sha256', 'sha1'] as const;

/**
 * The clientSecret in plain text and the OAEP digest that opened it, or undefined when the text is not Base64, is
 * longer than the key (decoded: more bytes than the modulus), or neither digest decrypts it (a wrong key, say), or the
 * plain text is not UTF-8. Never throws: the ciphertext comes from the network.
 */
export function decryptClientSecret(privateKeyPem: string, ciphertextBase64: string): { plain: string; digest: 'sha256' | 'sha1' } | undefined {
  try {
    if (typeof ciphertextBase64 !== 'string') return undefined;
    const key = keyObject(privateKeyPem);
    const keyBytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    // bound the work before anything else: Base64 of keyBytes, plus room for line breaks
    if (keyBytes === 0 || ciphertextBase64.length > Math.ceil(keyBytes / 3) * 4 + 128) return undefined;
    const text = ciphertextBase64.replace(/\s+/g, '');
    if (!BASE64.test(text) || text.length % 4 === 1) return undefined;
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length === 0 || bytes.length > keyBytes) return undefined;
    for (const digest of DIGESTS) {
      let plain: Buffer;
      try {
        plain = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: digest }, bytes);
      } catch {
        continue;
      }
      try {
        return { plain: new TextDecoder('utf-8', { fatal: true }).decode(plain), digest };
      } catch {
        return undefined;
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/**
 * The public key to upload (SPKI PEM, `-----BEGIN PUBLIC KEY-----`, what OpenSSL and Java's X509EncodedKeySpec read)
 * and its fingerprint: SHA-256 of the DER SPKI, lowercase hex pairs joined by colons. The same form as the licence
 * public key's in Settings (lib/licences/key.ts), and what `openssl pkey -pubin -outform DER | openssl dgst -sha256 -c`
 * prints, so a seller can check the key the marketplace holds against this one with standard tools; SHA-256 of the
 * SPKI (not of the PEM text) does not change with line breaks or the PKCS#1/PKCS#8 form the private key was given in.
 */
export function publicKeyOf(privateKeyPem: string): { pem: string; fingerprint: string } {
  const pem = createPublicKey(keyObject(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
  return { pem, fingerprint: publicKeyFingerprint(pem) };
}

const given = new WeakMap<AppConfig, string>();

/**
 * The kit private key (PKCS#8 PEM): KIT_RSA_PRIVATE_KEY when set (PKCS#8 or PKCS#1 PEM; config turned literal `\n`s
 * into line breaks), refused with an error naming the variable when it is not an unencrypted RSA key of at least 3072
 * bits (lib/runtime.ts calls this at start when it is set, so a bad key stops the app there); else the key generated
 * once under DATA_DIR (secrets.json), on the first call.
 */
export function kitPrivateKey(deps: { secrets: AppSecrets; config: AppConfig }): string {
  const { secrets, config } = deps;
  if (!config.kitRsaPrivateKey) return ensureGeneratedSecret(config.dataDir, secrets, 'kitRsaPrivateKey', generateKitKey);
  const known = given.get(config);
  if (known) return known;
  let key: KeyObject;
  try {
    key = createPrivateKey(config.kitRsaPrivateKey);
  } catch (err) {
    throw new Error(`KIT_RSA_PRIVATE_KEY is not a readable unencrypted private key PEM (PKCS#8 or PKCS#1): ${(err as Error).message}`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`KIT_RSA_PRIVATE_KEY must be an RSA key, got ${key.asymmetricKeyType}`);
  if (bits < KIT_RSA_MIN_BITS) {
    throw new Error(
      `KIT_RSA_PRIVATE_KEY is a ${bits}-bit RSA key; the marketplace requires at least ${KIT_RSA_MIN_BITS} bits (spec §3.12). ` +
        `Make one with: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:${KIT_RSA_MIN_BITS}, or unset it to use the generated key.`,
    );
  }
  const pem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  given.set(config, pem);
  return pem;
}

/**
 * A clientSecret as the marketplace sends it (spec §3.12, §5): RSA-OAEP (SHA-256 by default) encrypted to the app's
 * public key (SPKI PEM), Base64. Used by those who play the marketplace: the debugger and the emulator.
 */
export function encryptClientSecret(publicKeyPem: string, plain: string, oaepHash: 'sha256' | 'sha1' = 'sha256'): string {
  return publicEncrypt({ key: publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, Buffer.from(plain, 'utf8')).toString('base64');
}
