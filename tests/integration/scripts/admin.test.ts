import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '../../../lib/auth/options';
import { lockEmbeddedDatabase } from '../../../lib/db/embedded-lock.mjs';
import type { Runtime } from '../../../lib/runtime';
import { startTestRuntime, tempDir } from '../helpers/runtime';

const ROOT = path.resolve(__dirname, '../../..');

/** `npm run admin -- …` (scripts/admin.ts) as an operator runs it: a child process on the app's database. */
function admin(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['scripts/admin.ts', ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'error', ...env } as unknown as NodeJS.ProcessEnv, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run admin', () => {
  let rt: Runtime;
  let env: Record<string, string>;
  beforeAll(async () => {
    // the app keeps running on PostgreSQL meanwhile: the command works beside it
    rt = await startTestRuntime({ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'first-admin-password' }, { workers: false });
    env = { DATABASE_URL: rt.databaseUrl };
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('reset-password sets a generated password, printed once, lifts the sign-in lock, re-enables the account and audits it', async () => {
    for (let i = 0; i < 5; i++) await expect(authorize(rt.pool, 'boss@example.com', 'wrong')).rejects.toThrow('Wrong e-mail or password.');
    await expect(authorize(rt.pool, 'boss@example.com', 'first-admin-password')).rejects.toThrow(/Too many failed sign-ins/);
    await rt.pool.query(`UPDATE "user" SET disabled = true WHERE email = 'boss@example.com'`);

    const r = await admin(['reset-password', 'Boss@Example.com'], env);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('Password of boss@example.com (admin) reset; the account was disabled and is enabled again.');
    const password = /New password \(shown once, change it after signing in\): (\S+)/.exec(r.stdout)?.[1];
    expect(password).toBeTruthy();
    await expect(authorize(rt.pool, 'boss@example.com', 'first-admin-password')).rejects.toThrow('Wrong e-mail or password.');
    await expect(authorize(rt.pool, 'boss@example.com', password!)).resolves.toMatchObject({ email: 'boss@example.com', role: 'admin' });

    const { rows } = await rt.pool.query<{ user_email: string; target: string; outcome: string; detail: unknown }>(
      `SELECT user_email, target, outcome, detail FROM audit_log WHERE action = 'user.resetPassword'`,
    );
    expect(rows).toEqual([{ user_email: 'cli', target: 'boss@example.com', outcome: 'success', detail: { reenabled: true } }]);
  });

  it('reset-password --password P sets that password and does not print it', async () => {
    const r = await admin(['reset-password', 'boss@example.com', '--password', 'chosen-password-1'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Password of boss@example.com (admin) reset.');
    expect(r.stdout).not.toContain('chosen-password-1');
    await expect(authorize(rt.pool, 'boss@example.com', 'chosen-password-1')).resolves.toMatchObject({ role: 'admin' });
    expect((await admin(['reset-password', 'boss@example.com', '--password', 'short'], env))).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('at least 10 characters'),
    });
  });

  it('refuses an unknown e-mail with exit code 1 and a clear message, and lists the administrators', async () => {
    const r = await admin(['reset-password', 'nobody@example.com'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no console account has the e-mail nobody@example.com');
    expect(r.stdout).toBe('');
    expect(await admin(['list-admins'], env)).toMatchObject({ code: 0, stdout: 'boss@example.com\n' });
    expect((await admin(['reset-pass'], env))).toMatchObject({ code: 1, stderr: expect.stringContaining('usage: npm run admin') });
  });

  it('refuses the embedded database while the app holds it, and says to stop the app first', async () => {
    const dataDir = tempDir('kg-admin-');
    try {
      const dir = path.join(dataDir, 'pglite');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'PG_VERSION'), '17\n'); // a database as far as the script can tell; never opened
      const lock = lockEmbeddedDatabase(dir, { port: 3000 }); // held by this (live) process, as the app would
      try {
        const r = await admin(['reset-password', 'boss@example.com'], { DATA_DIR: dataDir });
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`is in use by process ${process.pid}`);
        expect(r.stderr).toContain('The app is probably running: stop it, run this command again');
      } finally {
        lock.release();
      }
      const none = await admin(['list-admins'], { DATA_DIR: tempDir('kg-admin-empty-') });
      expect(none).toMatchObject({ code: 1, stderr: expect.stringContaining('no database in') });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
