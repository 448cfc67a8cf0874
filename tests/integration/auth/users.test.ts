import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '../../../lib/auth/options';
import type { ConsoleUser } from '../../../lib/auth/users';
import type { Runtime } from '../../../lib/runtime';
import { createUser, ensureFirstAdmin, updateUser } from '../../../lib/users/actions';
import { listUsers } from '../../../lib/users/queries';
import { consoleUser, startTestRuntime } from '../helpers/runtime';

/** Console users against a real PostgreSQL: first admin, sign-in throttling, management rules, audit. */
describe('console users', () => {
  let rt: Runtime;
  let admin: ConsoleUser;
  beforeAll(async () => {
    rt = await startTestRuntime({ ADMIN_EMAIL: 'Boss@Example.com', ADMIN_PASSWORD: 'first-admin-password' }, { workers: false });
    admin = await consoleUser(rt, 'boss@example.com', 'first-admin-password');
  });
  afterAll(async () => {
    await rt?.close();
  });
  const auditRows = async (action: string) =>
    (await rt.pool.query<{ outcome: string; user_email: string; target: string }>(`SELECT outcome, user_email, target FROM audit_log WHERE action = $1 ORDER BY id`, [action])).rows;

  it('creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD once, even when several processes start at once', async () => {
    expect(admin).toMatchObject({ email: 'boss@example.com', role: 'admin' });
    await Promise.all([ensureFirstAdmin(rt.pool, 'other@example.com', 'x'.repeat(12)), ensureFirstAdmin(rt.pool)]);
    expect((await listUsers(rt.prisma)).map((u) => u.email)).toEqual(['boss@example.com']);
  });

  it('refuses a wrong password and an unknown e-mail alike, and slows repeated failures down', async () => {
    await createUser(rt, admin, { email: 'slow@example.com', role: 'viewer', password: 'right-password-1' });
    await expect(authorize(rt.pool, 'nobody@example.com', 'whatever')).rejects.toThrow('Wrong e-mail or password.');
    for (let i = 0; i < 5; i++) await expect(authorize(rt.pool, 'slow@example.com', 'wrong')).rejects.toThrow('Wrong e-mail or password.');
    // the sixth attempt is refused without even checking the (now right) password
    await expect(authorize(rt.pool, 'slow@example.com', 'right-password-1')).rejects.toThrow(/Too many failed sign-ins. Try again in \d+ s/);
    // an hour later (the counts live in sign_in_throttle, lib/auth/throttle.ts)
    await rt.pool.query(
      `UPDATE sign_in_throttle SET last_failed_at = last_failed_at - interval '1 hour', locked_until = locked_until - interval '1 hour'
        WHERE kind = 'account' AND key = 'slow@example.com'`,
    );
    await expect(authorize(rt.pool, 'slow@example.com', 'right-password-1')).resolves.toMatchObject({ role: 'viewer' });
    const [row] = (await rt.pool.query<{ failures: number }>(
      `SELECT COALESCE(sum(failures), 0)::int AS failures FROM sign_in_throttle WHERE kind = 'account' AND key = 'slow@example.com'`,
    )).rows;
    expect(row!.failures).toBe(0);
  });

  it('validates new users and audits every change', async () => {
    await expect(createUser(rt, admin, { email: 'not-an-email', role: 'viewer', password: 'long-enough-1' })).rejects.toThrow(/E-mail/);
    await expect(createUser(rt, admin, { email: 'a@b.c', role: 'owner', password: 'long-enough-1' })).rejects.toThrow(/Role/);
    await expect(createUser(rt, admin, { email: 'a@b.c', role: 'viewer', password: 'short' })).rejects.toThrow(/at least 10/);
    const support = await createUser(rt, admin, { email: 'Support@Example.com', role: 'support', password: 'support-pass-1' });
    expect(support).toMatchObject({ email: 'support@example.com', role: 'support' });
    await expect(createUser(rt, admin, { email: 'support@example.com', role: 'viewer', password: 'support-pass-1' })).rejects.toThrow(/already has an account/);
    const created = await auditRows('user.create');
    expect(created.filter((r) => r.outcome === 'success').map((r) => r.target)).toContain('support@example.com');
    expect(created.some((r) => r.outcome === 'failure' && r.target === 'support@example.com')).toBe(true);
    // the stored hash is bcrypt, never the password
    const [h] = (await rt.pool.query<{ password_hash: string }>(`SELECT password_hash FROM "user" WHERE email = 'support@example.com'`)).rows;
    expect(h!.password_hash).toMatch(/^\$2[aby]\$10\$/);
  });

  it('keeps one active admin, refuses to disable oneself, and applies role changes', async () => {
    await expect(updateUser(rt.pool, admin, admin.id, { role: 'viewer' })).rejects.toThrow(/last active administrator/);
    await expect(updateUser(rt.pool, admin, admin.id, { disabled: true })).rejects.toThrow(/your own account/);
    const support = (await listUsers(rt.prisma)).find((u) => u.email === 'support@example.com')!;
    await updateUser(rt.pool, admin, support.id, { role: 'admin' });
    await updateUser(rt.pool, admin, admin.id, { role: 'support' }); // now allowed: another admin exists
    expect((await listUsers(rt.prisma)).find((u) => u.id === admin.id)!.role).toBe('support');
    await updateUser(rt.pool, { ...admin, id: support.id }, admin.id, { role: 'admin' });
    await updateUser(rt.pool, admin, support.id, { disabled: true });
    await expect(authorize(rt.pool, 'support@example.com', 'support-pass-1')).rejects.toThrow(/disabled/);
    await expect(updateUser(rt.pool, admin, 'not-a-uuid', { role: 'viewer' })).rejects.toThrow(/No such user/);
    const updates = await auditRows('user.update');
    expect(updates.filter((r) => r.outcome === 'success').length).toBeGreaterThanOrEqual(4);
    expect(updates.filter((r) => r.outcome === 'failure').length).toBe(2);
  });
});
