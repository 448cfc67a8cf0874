import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../../lib/apikeys/actions';
import { listApiKeys } from '../../../lib/apikeys/queries';
import type { ConsoleUser } from '../../../lib/auth/users';
import { authenticateKey } from '../../../lib/machine/auth';
import { TokenBuckets } from '../../../lib/machine/bucket';
import { Refusal } from '../../../lib/refusal';
import type { Runtime } from '../../../lib/runtime';
import { consoleUser, startTestRuntime } from '../helpers/runtime';

/** API keys against a real PostgreSQL: created once, listed without secrets, revoked, and the machine APIs' key check. */
describe('API keys', () => {
  let rt: Runtime;
  let admin: ConsoleUser;
  beforeAll(async () => {
    rt = await startTestRuntime({ ADMIN_EMAIL: 'keys-admin@example.com', ADMIN_PASSWORD: 'first-admin-password' }, { workers: false });
    admin = await consoleUser(rt, 'keys-admin@example.com', 'first-admin-password');
  });
  afterAll(async () => {
    await rt?.close();
  });

  const audits = async () =>
    (await rt.pool.query<{ action: string; target: string | null; outcome: string; detail: Record<string, unknown> }>(`SELECT action, target, outcome, detail FROM audit_log WHERE action LIKE 'apikey.%' ORDER BY id`)).rows;
  const bearer = (key: string) => `Bearer ${key}`;

  it('refuses a bad name or scopes naming the field, and stores nothing', async () => {
    for (const [input, field] of [
      [{ name: '', scopes: ['usage:write'] }, 'name'],
      [{ name: 'x'.repeat(101), scopes: ['usage:write'] }, 'name'],
      [{ name: 'ok', scopes: [] }, 'scopes'],
      [{ name: 'ok', scopes: ['usage:write', 'admin'] }, 'scopes'],
      [{ name: 'ok' }, 'scopes'],
    ] as const) {
      const err = await createApiKey(rt, admin, input).catch((e: unknown) => e);
      expect(err, JSON.stringify(input)).toBeInstanceOf(Refusal);
      expect(Object.keys((err as Refusal).fields ?? {})).toEqual([field]);
    }
    expect(await listApiKeys(rt.prisma)).toEqual([]);
    expect((await audits()).map((a) => a.outcome)).toEqual(['failure', 'failure', 'failure', 'failure', 'failure']);
  });

  it('creates a key shown once: the database holds its hash and prefix, the list and the audit log never the key', async () => {
    await rt.pool.query(`DELETE FROM audit_log`);
    const { id, key } = await createApiKey(rt, admin, { name: ' Metering ', scopes: ['usage:write'] });
    expect(key).toMatch(/^kgs_[A-Za-z0-9_-]{43}$/);
    const [listed] = await listApiKeys(rt.prisma);
    expect(listed).toMatchObject({ id, name: 'Metering', prefix: key.slice(0, 12), scopes: ['usage:write'], createdBy: 'keys-admin@example.com', lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(key);
    const { rows } = await rt.pool.query(`SELECT row_to_json(k)::text AS j FROM api_key k`);
    expect(rows[0].j).not.toContain(key.slice(12));
    expect(await audits()).toEqual([{ action: 'apikey.create', target: id, outcome: 'success', detail: { name: 'Metering', scopes: ['usage:write'] } }]);
    expect(JSON.stringify(await audits())).not.toContain(key.slice(12));
  });

  it('the key check: valid, wrong, missing, malformed, revoked, and the last use at most once a minute', async () => {
    const buckets = new TokenBuckets(1000, 1000);
    const { id, key } = await createApiKey(rt, admin, { name: 'check', scopes: ['usage:write'] });
    const t0 = new Date();
    expect(await authenticateKey(rt, bearer(key), 'usage:write', buckets, t0)).toEqual({ keyId: id });
    const used = async () => (await rt.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt?.getTime();
    expect(await used()).toBe(t0.getTime());
    await authenticateKey(rt, bearer(key), 'usage:write', buckets, new Date(t0.getTime() + 30_000));
    expect(await used()).toBe(t0.getTime());
    await authenticateKey(rt, bearer(key), 'usage:write', buckets, new Date(t0.getTime() + 61_000));
    expect(await used()).toBe(t0.getTime() + 61_000);

    const other = `kgs_${'A'.repeat(43)}`;
    for (const header of [null, '', `Basic ${key}`, bearer(other), bearer(key.slice(0, -1)), bearer(key + 'x')]) {
      expect(await authenticateKey(rt, header, 'usage:write', buckets), String(header)).toMatchObject({ status: 401, key: 'unauthorized' });
    }

    await revokeApiKey(rt, admin, id);
    expect(await authenticateKey(rt, bearer(key), 'usage:write', buckets)).toMatchObject({ status: 401, key: 'unauthorized' });
  });

  it('refuses a key without the scope with 403', async () => {
    const { key } = await createApiKey(rt, admin, { name: 'scoped', scopes: ['usage:write'] });
    await rt.pool.query(`UPDATE api_key SET scopes = '{}' WHERE name = 'scoped'`);
    expect(await authenticateKey(rt, bearer(key), 'usage:write', new TokenBuckets(10, 10))).toMatchObject({ status: 403, key: 'forbidden' });
  });

  it('answers 429 with a wait once a key is over its limit; another key is not affected', async () => {
    const buckets = new TokenBuckets(1, 2);
    const a = await createApiKey(rt, admin, { name: 'busy', scopes: ['usage:write'] });
    const b = await createApiKey(rt, admin, { name: 'calm', scopes: ['usage:write'] });
    const now = new Date();
    expect(await authenticateKey(rt, bearer(a.key), 'usage:write', buckets, now)).toEqual({ keyId: a.id });
    expect(await authenticateKey(rt, bearer(a.key), 'usage:write', buckets, now)).toEqual({ keyId: a.id });
    expect(await authenticateKey(rt, bearer(a.key), 'usage:write', buckets, now)).toEqual({ status: 429, key: 'rateLimited', message: expect.any(String), retryAfterSeconds: 1 });
    expect(await authenticateKey(rt, bearer(b.key), 'usage:write', buckets, now)).toEqual({ keyId: b.id });
    expect(await authenticateKey(rt, bearer(a.key), 'usage:write', buckets, new Date(now.getTime() + 1000))).toEqual({ keyId: a.id });
  });

  it('revokes idempotently, keeping the first time, and refuses an unknown id as notFound', async () => {
    const { id } = await createApiKey(rt, admin, { name: 'twice', scopes: ['usage:write'] });
    const first = await revokeApiKey(rt, admin, id);
    const second = await revokeApiKey(rt, admin, id);
    expect(second.revokedAt.getTime()).toBe(first.revokedAt.getTime());
    for (const bad of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const err = await revokeApiKey(rt, admin, bad).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Refusal);
      expect((err as Refusal).kind).toBe('notFound');
    }
    const revokes = (await audits()).filter((a) => a.action === 'apikey.revoke' && a.target === id);
    expect(revokes.map((a) => [a.outcome, a.detail.already ?? false])).toEqual([
      ['success', false],
      ['success', true],
    ]);
  });
});
