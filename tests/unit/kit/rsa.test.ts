import { constants, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { decryptClientSecret, generateKitKey, kitPrivateKey, publicKeyOf } from '@/lib/kit/rsa';
import { loadSecrets } from '@/lib/secrets';
import { runTogether } from '../helpers/together';

function encrypt(privatePem: string, plain: string, oaepHash: string): string {
  const pub = createPublicKey(createPrivateKey(privatePem));
  return publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, Buffer.from(plain, 'utf8')).toString('base64');
}

let key: string;
let other: string;
beforeAll(() => {
  key = generateKitKey();
  other = generateKitKey();
}, 60_000);

describe('decryptClientSecret (RSA-OAEP, spec §3.12)', () => {
  it.each([['sha256'], ['sha1']] as const)('round trip with OAEP %s, naming the digest that matched', (digest) => {
    const secret = 'cs_0123456789abcdef-秘密';
    expect(decryptClientSecret(key, encrypt(key, secret, digest))).toEqual({ plain: secret, digest });
  });

  it('accepts the Base64 broken into lines (as MIME encoders write it)', () => {
    const b64 = encrypt(key, 'wrapped', 'sha256').replace(/(.{76})/g, '$1\r\n');
    expect(decryptClientSecret(key, b64)).toEqual({ plain: 'wrapped', digest: 'sha256' });
  });

  it('a ciphertext for another key → undefined', () => {
    expect(decryptClientSecret(key, encrypt(other, 'not yours', 'sha256'))).toBeUndefined();
    expect(decryptClientSecret(key, encrypt(other, 'not yours', 'sha1'))).toBeUndefined();
  });

  it('a digest other than SHA-256 and SHA-1 → undefined', () => {
    expect(decryptClientSecret(key, encrypt(key, 'sha512', 'sha512'))).toBeUndefined();
  });

  it('PKCS#1 v1.5 padding (not OAEP) → undefined', () => {
    const ct = publicEncrypt({ key: createPublicKey(createPrivateKey(key)), padding: constants.RSA_PKCS1_PADDING }, Buffer.from('v15')).toString('base64');
    expect(decryptClientSecret(key, ct)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['not Base64', 'not base64 at all!'],
    ['Base64url alphabet', () => encrypt(key, 'x+/', 'sha256').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') + '-_'],
    ['a bad length', 'AAAAA'],
    ['random bytes of the right size', Buffer.alloc(384, 7).toString('base64')],
    ['one byte more than the key', Buffer.alloc(385, 1).toString('base64')],
    ['a megabyte', 'A'.repeat(1 << 20)],
    ['a tampered ciphertext', tamper()],
  ] as [string, string | (() => string)][])('%s → undefined, never a throw', (_, input) => {
    expect(decryptClientSecret(key, typeof input === 'function' ? input() : input)).toBeUndefined();
  });

  it('a non-string or a key that is not a key → undefined', () => {
    expect(decryptClientSecret(key, undefined as unknown as string)).toBeUndefined();
    expect(decryptClientSecret('not a pem', encrypt(key, 'x', 'sha256'))).toBeUndefined();
  });
});

/** A ciphertext with one bit flipped, made lazily (the key exists only after beforeAll). */
function tamper(): () => string {
  return () => {
    const bytes = Buffer.from(encrypt(key, 'tampered', 'sha256'), 'base64');
    bytes[100] ^= 1;
    return bytes.toString('base64');
  };
}

describe('publicKeyOf', () => {
  it('is the SPKI PEM and the SHA-256 of its DER, colon-separated hex, the same for PKCS#1 and PKCS#8 input', () => {
    const a = publicKeyOf(key);
    expect(a.pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const der = createPublicKey(a.pem).export({ type: 'spki', format: 'der' });
    expect(a.fingerprint).toBe(createHash('sha256').update(der).digest('hex').match(/../g)!.join(':'));
    expect(a.fingerprint).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    const pkcs1 = createPrivateKey(key).export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(publicKeyOf(pkcs1)).toEqual(a);
    expect(publicKeyOf(key)).toEqual(a);
    expect(publicKeyOf(other).fingerprint).not.toBe(a.fingerprint);
  });
});

describe('kitPrivateKey', () => {
  const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kg-kit-'));

  it('takes KIT_RSA_PRIVATE_KEY, PKCS#1 on one line with literal \\n, and never writes a generated key', () => {
    const dir = dataDir();
    const pkcs1 = createPrivateKey(key).export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(pkcs1).toContain('BEGIN RSA PRIVATE KEY');
    const config = loadConfig({ DATA_DIR: dir, KIT_RSA_PRIVATE_KEY: pkcs1.trim().replace(/\n/g, '\\n') });
    const secrets = loadSecrets(dir);
    const pem = kitPrivateKey({ secrets, config });
    expect(publicKeyOf(pem)).toEqual(publicKeyOf(key));
    expect(decryptClientSecret(pem, encrypt(key, 'from env', 'sha1'))).toEqual({ plain: 'from env', digest: 'sha1' });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8'))).not.toHaveProperty('kitRsaPrivateKey');
  });

  it('takes a PKCS#8 PEM as given', () => {
    const dir = dataDir();
    const pem = kitPrivateKey({ secrets: loadSecrets(dir), config: loadConfig({ DATA_DIR: dir, KIT_RSA_PRIVATE_KEY: key }) });
    expect(pem).toBe(key);
  });

  it('refuses a 2048-bit key, naming the variable and the size', () => {
    const dir = dataDir();
    const small = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const config = loadConfig({ DATA_DIR: dir, KIT_RSA_PRIVATE_KEY: small });
    expect(() => kitPrivateKey({ secrets: loadSecrets(dir), config })).toThrow(/KIT_RSA_PRIVATE_KEY is a 2048-bit RSA key.*at least 3072 bits/);
  });

  it('refuses what is not an RSA private key', () => {
    const dir = dataDir();
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => kitPrivateKey({ secrets: loadSecrets(dir), config: loadConfig({ DATA_DIR: dir, KIT_RSA_PRIVATE_KEY: ed }) })).toThrow(/must be an RSA key/);
    expect(() => kitPrivateKey({ secrets: loadSecrets(dir), config: loadConfig({ DATA_DIR: dir, KIT_RSA_PRIVATE_KEY: 'garbage' }) })).toThrow(/KIT_RSA_PRIVATE_KEY is not a readable/);
  });

  it('without the variable: generates a 3072-bit key once, keeps it in secrets.json (0600) with the other secrets', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    const secrets = loadSecrets(dir);
    const before = JSON.parse(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(before).not.toHaveProperty('kitRsaPrivateKey');
    const pem = kitPrivateKey({ secrets, config });
    expect(createPrivateKey(pem).asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(kitPrivateKey({ secrets, config })).toBe(pem);
    const after = JSON.parse(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(after).toEqual({ ...before, kitRsaPrivateKey: pem });
    expect(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    // another process (a fresh load) reads the same key, and does not generate one
    expect(kitPrivateKey({ secrets: loadSecrets(dir), config: loadConfig({ DATA_DIR: dir }) })).toBe(pem);
  }, 30_000);
});

describe('the generated kit key, two processes at once', () => {
  it('processes asking for the kit key at the same time on one DATA_DIR all get the one stored key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-kit-'));
    loadSecrets(dir);
    const lib = path.resolve(__dirname, '../../../lib');
    const keys = await runTogether<string>(4, {
      imports: { loadConfig: `${lib}/config.ts`, kitPrivateKey: `${lib}/kit/rsa.ts`, loadSecrets: `${lib}/secrets.ts` },
      setup: `const secrets = loadSecrets(${JSON.stringify(dir)});`,
      race: `kitPrivateKey({ secrets, config: loadConfig({ DATA_DIR: ${JSON.stringify(dir)} }) })`,
    });
    const stored = JSON.parse(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(stored.kitRsaPrivateKey).toMatch(/BEGIN PRIVATE KEY/);
    expect(new Set(keys)).toEqual(new Set([stored.kitRsaPrivateKey]));
    expect(stored.licenceSigningKey).toMatch(/BEGIN PRIVATE KEY/);
    expect(fs.existsSync(path.join(dir, 'secrets.json.lock'))).toBe(false);
  }, 60_000);
});
