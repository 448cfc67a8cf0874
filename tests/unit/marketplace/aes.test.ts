import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decryptCredential,
  deriveAesKey,
  encryptCredential,
  javaSha1Prng,
  randomIv,
} from '@/lib/marketplace/aes';

// Known-answer vectors shared by every implementation (checked against Java 17).
const vectorsPath = path.resolve(__dirname, '../../../../shared/spec/test-vectors.json');
const vectors = JSON.parse(readFileSync(vectorsPath, 'utf8')) as {
  key: string;
  aesKeyDerivation: Record<string, string>;
  aesEncrypt: { iv: string; plaintext: string; encryptType1: string; encryptType2: string };
};
const key = vectors.key;
const seeds = Object.entries(vectors.aesKeyDerivation).filter(([seed]) => seed !== 'note');

describe('deriveAesKey (spec §5: Java SHA1PRNG seeded once)', () => {
  it('has vectors to check', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(4);
  });

  it.each(seeds)('derives the AES-256 key for seed %j', (seed, hex) => {
    expect(deriveAesKey(seed, 256).toString('hex')).toBe(hex);
  });

  it.each(seeds)('derives the AES-128 key (first 16 bytes) for seed %j', (seed, hex) => {
    expect(deriveAesKey(seed, 128).toString('hex')).toBe(hex.slice(0, 32));
  });

  it('gives a different key for a changed seed byte', () => {
    expect(deriveAesKey(`${key}x`, 256).toString('hex')).not.toBe(vectors.aesKeyDerivation[key]);
    expect(deriveAesKey(key.toUpperCase(), 256).toString('hex')).not.toBe(vectors.aesKeyDerivation[key]);
  });

  it('produces a stream whose prefix does not depend on the length asked for', () => {
    const long = javaSha1Prng(Buffer.from(key, 'utf8'), 100);
    expect(long).toHaveLength(100);
    expect(long.subarray(0, 32).toString('hex')).toBe(vectors.aesKeyDerivation[key]);
    expect(javaSha1Prng(Buffer.from(key, 'utf8'), 7).toString('hex')).toBe(long.subarray(0, 7).toString('hex'));
  });
});

describe('encryptCredential / decryptCredential (spec §5)', () => {
  const v = vectors.aesEncrypt;

  it('encrypts with encryptType 1 (AES-256)', () => {
    expect(encryptCredential(key, v.plaintext, 1, v.iv)).toBe(v.encryptType1);
  });

  it('encrypts with encryptType 2 (AES-128)', () => {
    expect(encryptCredential(key, v.plaintext, 2, v.iv)).toBe(v.encryptType2);
  });

  it('decrypts both vectors', () => {
    expect(decryptCredential(key, v.encryptType1, 1)).toBe(v.plaintext);
    expect(decryptCredential(key, v.encryptType2, 2)).toBe(v.plaintext);
  });

  it.each([1, 2] as const)('round-trips with a random IV (type %i)', (type) => {
    const plain = 'pässwörd-中文-!@#$%^&*()';
    const value = encryptCredential(key, plain, type);
    expect(value.slice(0, 16)).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(decryptCredential(key, value, type)).toBe(plain);
  });

  it('round-trips the empty string and block-sized input', () => {
    expect(decryptCredential(key, encryptCredential(key, '', 1), 1)).toBe('');
    const sixteen = '0123456789abcdef';
    const value = encryptCredential(key, sixteen, 2, v.iv);
    // PKCS7 adds a whole padding block: 32 bytes of ciphertext = 44 base64 chars
    expect(value.length).toBe(16 + 44);
    expect(decryptCredential(key, value, 2)).toBe(sixteen);
  });

  it('uses a fresh random alphanumeric IV each time', () => {
    const ivs = new Set(Array.from({ length: 20 }, () => randomIv()));
    expect(ivs.size).toBe(20);
    for (const iv of ivs) expect(iv).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('rejects an IV that is not 16 single-byte characters', () => {
    expect(() => encryptCredential(key, v.plaintext, 1, 'short')).toThrow();
    expect(() => encryptCredential(key, v.plaintext, 1, 'é'.repeat(16))).toThrow();
  });

  it('does not decrypt with the wrong key or type to the plaintext', () => {
    const wrong = (fn: () => string): boolean => {
      try {
        return fn() !== v.plaintext;
      } catch {
        return true;
      }
    };
    expect(wrong(() => decryptCredential('other-key', v.encryptType1, 1))).toBe(true);
    expect(wrong(() => decryptCredential(key, v.encryptType1, 2))).toBe(true);
    expect(wrong(() => decryptCredential(key, v.encryptType2, 1))).toBe(true);
  });

  it('does not decrypt a changed ciphertext or IV to the plaintext', () => {
    const changedIv = `B${v.encryptType1.slice(1)}`;
    expect(decryptCredential(key, changedIv, 1)).not.toBe(v.plaintext);
    const body = v.encryptType1.slice(16);
    const flipped = Buffer.from(body, 'base64');
    flipped[flipped.length - 1] ^= 0x01;
    expect(() => decryptCredential(key, v.iv + flipped.toString('base64'), 1)).toThrow();
  });

  it('rejects a value too short to hold an IV and ciphertext', () => {
    expect(() => decryptCredential(key, v.iv, 1)).toThrow();
  });
});
