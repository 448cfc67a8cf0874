import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptAtRest, encryptAtRest, loadSecrets } from '@/lib/secrets';
import { runTogether } from './helpers/together';

const KEY = randomBytes(32).toString('base64');

describe('encryptAtRest / decryptAtRest (AES-256-GCM)', () => {
  it.each([['Init#2024'], [''], ['中文密码 — ünïcode 😀'], ['x'.repeat(10_000)]])('round trip %#', (plain) => {
    const enc = encryptAtRest(KEY, plain);
    expect(decryptAtRest(KEY, enc)).toBe(plain);
  });

  it('has the v1.<iv>.<tag>.<ciphertext> shape in base64url, never the plaintext', () => {
    const enc = encryptAtRest(KEY, 'Init#2024');
    const parts = enc.split('.');
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe('v1');
    for (const p of parts.slice(1)) expect(p).toMatch(/^[A-Za-z0-9_-]*$/);
    expect(Buffer.from(parts[1]!, 'base64url')).toHaveLength(12); // GCM nonce
    expect(Buffer.from(parts[2]!, 'base64url')).toHaveLength(16); // GCM tag
    expect(Buffer.from(parts[3]!, 'base64url')).toHaveLength('Init#2024'.length);
    expect(enc).not.toContain('Init#2024');
  });

  it('uses a different IV each time', () => {
    const seen = new Set<string>();
    const cts = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const enc = encryptAtRest(KEY, 'same');
      seen.add(enc.split('.')[1]!);
      cts.add(enc);
    }
    expect(seen.size).toBe(50);
    expect(cts.size).toBe(50);
  });

  it('a tampered ciphertext throws', () => {
    const [v, iv, tag, ct] = encryptAtRest(KEY, 'Init#2024').split('.');
    const bytes = Buffer.from(ct!, 'base64url');
    bytes[0] ^= 1;
    expect(() => decryptAtRest(KEY, [v, iv, tag, bytes.toString('base64url')].join('.'))).toThrow();
  });

  it('a tampered tag or IV throws', () => {
    const [v, iv, tag, ct] = encryptAtRest(KEY, 'Init#2024').split('.');
    const t = Buffer.from(tag!, 'base64url');
    t[15] ^= 0x80;
    expect(() => decryptAtRest(KEY, [v, iv, t.toString('base64url'), ct].join('.'))).toThrow();
    const n = Buffer.from(iv!, 'base64url');
    n[0] ^= 1;
    expect(() => decryptAtRest(KEY, [v, n.toString('base64url'), tag, ct].join('.'))).toThrow();
  });

  it('a wrong key throws', () => {
    const enc = encryptAtRest(KEY, 'Init#2024');
    expect(() => decryptAtRest(randomBytes(32).toString('base64'), enc)).toThrow();
  });

  it.each([['plain text'], ['v2.a.b.c'], ['v1.a.b'], ['v1..tag.ct'], ['']])('refuses %j as not an at-rest ciphertext', (value) => {
    expect(() => decryptAtRest(KEY, value)).toThrow('not an at-rest ciphertext');
  });
});

describe('loadSecrets', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-test-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('creates secrets.json with mode 0600 once and returns the same values after', () => {
    const dir = path.join(tmp(), 'nested', 'data'); // created if missing
    const first = loadSecrets(dir);
    const file = path.join(dir, 'secrets.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const written = fs.readFileSync(file, 'utf8');

    const second = loadSecrets(dir);
    expect(second).toEqual(first);
    expect(fs.readFileSync(file, 'utf8')).toBe(written); // not rewritten
    expect(JSON.parse(written)).toEqual(first);
  });

  it('generates usable values of the documented forms', () => {
    const s = loadSecrets(tmp());
    expect(Buffer.from(s.encryptionKey, 'base64')).toHaveLength(32);
    expect(decryptAtRest(s.encryptionKey, encryptAtRest(s.encryptionKey, 'ok'))).toBe('ok');
    expect(s.sessionSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.emulatorSk).toMatch(/^[0-9a-f]{40}$/);
    expect(s.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
  });

  it('two data directories get different secrets', () => {
    const a = loadSecrets(tmp());
    const b = loadSecrets(tmp());
    expect(a.sessionSecret).not.toBe(b.sessionSecret);
    expect(a.encryptionKey).not.toBe(b.encryptionKey);
  });

  it('keeps stored values and completes a file missing some', () => {
    const dir = tmp();
    const file = path.join(dir, 'secrets.json');
    fs.writeFileSync(file, JSON.stringify({ sessionSecret: 'kept-session', encryptionKey: KEY }), { mode: 0o600 });
    const s = loadSecrets(dir);
    expect(s.sessionSecret).toBe('kept-session');
    expect(s.encryptionKey).toBe(KEY);
    expect(s.emulatorSk).toMatch(/^[0-9a-f]{40}$/);
    // the completed file is stable from then on
    expect(loadSecrets(dir)).toEqual(s);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(s);
  });

  it('processes completing an old file at the same time all end up with the one stored licence key', async () => {
    const dir = tmp();
    const file = path.join(dir, 'secrets.json');
    fs.writeFileSync(file, JSON.stringify({ sessionSecret: 's', encryptionKey: KEY, emulatorSk: 'e', webhookSecret: 'w' }), { mode: 0o600 });
    // every process waits for the go, so they all read the old file within a millisecond or so
    const keys = await runTogether<string>(8, {
      imports: { loadSecrets: path.resolve(__dirname, '../../lib/secrets.ts') },
      race: `loadSecrets(${JSON.stringify(dir)}).licenceSigningKey`,
    });
    const stored = (JSON.parse(fs.readFileSync(file, 'utf8')) as { licenceSigningKey: string }).licenceSigningKey;
    expect(stored).toMatch(/BEGIN PRIVATE KEY/);
    expect(new Set(keys)).toEqual(new Set([stored]));
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  }, 30_000);
});
