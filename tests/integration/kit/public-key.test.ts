import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kitPrivateKey, publicKeyOf } from '../../../lib/kit/rsa';
import type { Runtime } from '../../../lib/runtime';
import { callAs, consoleUsers, serveRuntime, unserveRuntime } from '../helpers/console-routes';
import { startTestRuntime, tempDir } from '../helpers/runtime';

vi.mock('next-auth', () => import('../helpers/console-routes').then((m) => m.nextAuthMock));
vi.mock('../../../lib/auth/options', () => ({ authOptions: {} }));

const { GET: publicKey } = await import('../../../app/api/console/kit/public-key/route');

const stored = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')) as Record<string, string>;

/**
 * The joint-operation kit key pair (issue 9): generated once per DATA_DIR, on first use, kept in secrets.json across a
 * restart; its public half answered to admins only. Through the route handler against a real PostgreSQL.
 */
describe('the kit public key', () => {
  const dataDir = tempDir('kg-kit-');
  let rt: Runtime;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    rt = await startTestRuntime({ DATA_DIR: dataDir });
    serveRuntime(rt);
    Object.assign(ids, await consoleUsers(rt, 'kit', { support: 'support', viewer: 'viewer' }));
  });
  afterAll(async () => {
    unserveRuntime();
    await rt?.close();
  });

  async function get(as: string | null) {
    const { status, json } = await callAs(as && ids[as]!, publicKey, '/api/console/kit/public-key');
    return { status, json: json as Record<string, unknown> };
  }


  let first: { pem: string; fingerprint: string };

  it('is not generated at start; the first admin read generates it once and keeps it in secrets.json', async () => {
    expect(stored(dataDir)).not.toHaveProperty('kitRsaPrivateKey');
    const a = await get('admin');
    expect(a.status).toBe(200);
    first = a.json as typeof first;
    expect(first.pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(first.fingerprint).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    const key = stored(dataDir).kitRsaPrivateKey;
    expect(key).toMatch(/BEGIN PRIVATE KEY/);
    expect(publicKeyOf(key!)).toEqual(first);
    expect(await get('admin')).toEqual({ status: 200, json: first });
    expect(stored(dataDir).kitRsaPrivateKey).toBe(key);
  }, 30_000);

  it('answers admins only: 403 for support and viewer, 401 without a session', async () => {
    for (const role of ['support', 'viewer']) {
      const r = await get(role);
      expect(r.status, role).toBe(403);
      expect(r.json).toMatchObject({ error: { key: 'errors.needsRole' } });
      expect(JSON.stringify(r.json)).not.toContain('BEGIN PUBLIC KEY');
    }
    expect((await get(null)).status).toBe(401);
  });

  it('survives a restart on the same DATA_DIR: the same key pair, not a new one', async () => {
    const again = await startTestRuntime({ DATA_DIR: dataDir });
    try {
      expect(again.secrets.kitRsaPrivateKey).toBe(stored(dataDir).kitRsaPrivateKey);
      expect(publicKeyOf(kitPrivateKey(again))).toEqual(first);
    } finally {
      await again.close();
    }
  }, 30_000);

  it('a KIT_RSA_PRIVATE_KEY under 3072 bits stops the start with an error naming it', async () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(startTestRuntime({ KIT_RSA_PRIVATE_KEY: small.replace(/\n/g, '\\n') })).rejects.toThrow(/KIT_RSA_PRIVATE_KEY is a 2048-bit RSA key/);
  });

  it('KIT_RSA_PRIVATE_KEY, when set, is the key answered; nothing is generated', async () => {
    const dir = tempDir('kg-kit-env-');
    const mine = generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const withEnv = await startTestRuntime({ DATA_DIR: dir, KIT_RSA_PRIVATE_KEY: mine });
    try {
      serveRuntime(withEnv);
      // this runtime has its own database: sign in as its admin
      const [admin] = (await withEnv.pool.query<{ id: string }>(`SELECT id FROM "user" WHERE email = 'admin@localhost'`)).rows;
      const res = await callAs(admin!.id, publicKey, '/api/console/kit/public-key');
      expect(res.status).toBe(200);
      expect(res.json).toEqual(publicKeyOf(mine));
      expect(publicKeyOf(kitPrivateKey(withEnv))).toEqual(publicKeyOf(mine));
      expect(stored(dir)).not.toHaveProperty('kitRsaPrivateKey');
    } finally {
      serveRuntime(rt);
      await withEnv.close();
    }
  }, 30_000);
});
