import { createCipheriv, createDecipheriv, createHash, randomInt } from 'node:crypto';

/**
 * spec §5: encryption of returned credentials (and of V1 mobilePhone/email), as Huawei's Java sample does it:
 * AES key = first bits/8 bytes of Java's SHA1PRNG seeded once with the UTF-8 access key,
 * value = iv (16 printable chars, used as raw IV bytes) + Base64(AES/CBC/PKCS5Padding(plaintext)).
 * Checked against ../shared/spec/test-vectors.json (aesKeyDerivation, aesEncrypt).
 */

/** spec §5: encryptType 1 → AES-256 (the default), 2 → AES-128. */
export type EncryptType = 1 | 2;

const IV_LENGTH = 16;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function sha1(data: Uint8Array): Buffer {
  return createHash('sha1').update(data).digest();
}

/**
 * spec §5: port of sun.security.provider.SecureRandom ("SHA1PRNG") on a fresh instance seeded once:
 * state = SHA1(seed); each 20-byte block = SHA1(state); then state = state + block + 1 (signed byte-wise add,
 * little-endian carry, with the "state unchanged → state[0]++" rule).
 */
export function javaSha1Prng(seed: Uint8Array, length: number): Buffer {
  const state = sha1(seed);
  const out = Buffer.alloc(Math.ceil(length / 20) * 20);
  for (let offset = 0; offset < length; offset += 20) {
    const block = sha1(state);
    block.copy(out, offset);
    let last = 1;
    let changed = false;
    for (let i = 0; i < state.length; i++) {
      // Java: v = (int) state[i] + (int) output[i] + last, with signed bytes; t = (byte) v; last = v >> 8
      const v = (state[i] << 24 >> 24) + (block[i] << 24 >> 24) + last;
      const t = v & 0xff;
      changed ||= state[i] !== t;
      state[i] = t;
      last = v >> 8;
    }
    if (!changed) state[0] = (state[0] + 1) & 0xff;
  }
  return out.subarray(0, length);
}

/** spec §5: KeyGenerator("AES").init(bits, SHA1PRNG(accessKey)).generateKey() draws bits/8 bytes. */
export function deriveAesKey(accessKey: string, bits: 128 | 256): Buffer {
  return javaSha1Prng(Buffer.from(accessKey, 'utf8'), bits / 8);
}

function keyFor(accessKey: string, encryptType: EncryptType): Buffer {
  return deriveAesKey(accessKey, encryptType === 2 ? 128 : 256);
}

function algorithm(encryptType: EncryptType): string {
  return encryptType === 2 ? 'aes-128-cbc' : 'aes-256-cbc';
}

/** spec §5: RandomStringUtils.randomAlphanumeric(16). */
export function randomIv(): string {
  let iv = '';
  for (let i = 0; i < IV_LENGTH; i++) iv += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return iv;
}

function ivBytes(iv: string): Buffer {
  const bytes = Buffer.from(iv, 'utf8');
  if (iv.length !== IV_LENGTH || bytes.length !== IV_LENGTH) {
    throw new Error(`AES IV must be ${IV_LENGTH} single-byte characters`);
  }
  return bytes;
}

/** spec §5: iv + Base64(AES-CBC-PKCS7(UTF-8 plaintext)), key from the access key. */
export function encryptCredential(
  accessKey: string,
  plaintext: string,
  encryptType: EncryptType,
  iv: string = randomIv(),
): string {
  const cipher = createCipheriv(algorithm(encryptType), keyFor(accessKey, encryptType), ivBytes(iv));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return iv + ciphertext.toString('base64');
}

/** spec §5: IV = first 16 chars, ciphertext = Base64-decode of the rest. Throws on a wrong key or damaged value. */
export function decryptCredential(accessKey: string, value: string, encryptType: EncryptType): string {
  if (value.length <= IV_LENGTH) throw new Error('encrypted value too short');
  const iv = ivBytes(value.slice(0, IV_LENGTH));
  const ciphertext = Buffer.from(value.slice(IV_LENGTH), 'base64');
  const decipher = createDecipheriv(algorithm(encryptType), keyFor(accessKey, encryptType), iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
}
