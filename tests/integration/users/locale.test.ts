import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '../../../lib/auth/options';
import type { ConsoleUser } from '../../../lib/auth/users';
import { Refusal } from '../../../lib/refusal';
import type { Runtime } from '../../../lib/runtime';
import { createUser, setOwnLocale } from '../../../lib/users/actions';
import { consoleUser, startTestRuntime } from '../helpers/runtime';

/** A user's own language choice against a real PostgreSQL: validated, stored on their row, audited. */
describe('setOwnLocale', () => {
  let rt: Runtime;
  let viewer: ConsoleUser;
  beforeAll(async () => {
    rt = await startTestRuntime({ ADMIN_EMAIL: 'lang-admin@example.com', ADMIN_PASSWORD: 'first-admin-password' }, { workers: false });
    const admin = await consoleUser(rt, 'lang-admin@example.com', 'first-admin-password');
    await createUser(rt, admin, { email: 'reader@example.com', role: 'viewer', password: 'reader-password-1' });
    viewer = await consoleUser(rt, 'reader@example.com', 'reader-password-1');
  });
  afterAll(async () => {
    await rt?.close();
  });

  const row = async () =>
    (await rt.pool.query<{ locale: string | null; updated_at: Date }>(`SELECT locale, updated_at FROM "user" WHERE id = $1`, [viewer.id])).rows[0]!;
  const audits = async () =>
    (
      await rt.pool.query<{ user_email: string; target: string; outcome: string; detail: { from: string | null; to: string } }>(
        `SELECT user_email, target, outcome, detail FROM audit_log WHERE action = 'user.locale' ORDER BY id`,
      )
    ).rows;

  it('refuses a language it does not have with a 400 naming the field, and changes nothing', async () => {
    const before = await row();
    for (const bad of ['fr', 'ZH', '', null, 42, { locale: 'zh' }]) {
      const err = await setOwnLocale(rt, viewer, bad).catch((e: unknown) => e);
      expect(err, JSON.stringify(bad)).toBeInstanceOf(Refusal);
      expect((err as Refusal).status).toBe(400);
      expect((err as Refusal).message).toBe('Language: choose one of en, zh.');
    }
    const after = await row();
    expect(after.locale).toBe(before.locale);
    expect(after.updated_at.getTime()).toBe(before.updated_at.getTime());
    expect(await audits()).toEqual([]);
  });

  it('stores a good choice on the user and audits it; the same choice again is a no-op', async () => {
    expect(await setOwnLocale(rt, viewer, 'zh')).toBe('zh');
    expect((await row()).locale).toBe('zh');
    // sign-in reads it back from the row
    expect((await authorize(rt.pool, 'reader@example.com', 'reader-password-1')).locale).toBe('zh');
    expect(await audits()).toEqual([
      { user_email: 'reader@example.com', target: 'reader@example.com', outcome: 'success', detail: { from: viewer.locale ?? null, to: 'zh' } },
    ]);

    const now: ConsoleUser = { ...viewer, locale: 'zh' };
    expect(await setOwnLocale(rt, now, 'zh')).toBe('zh');
    expect(await audits()).toHaveLength(1);

    expect(await setOwnLocale(rt, now, 'en')).toBe('en');
    expect((await row()).locale).toBe('en');
    expect((await audits()).map((a) => a.detail)).toEqual([
      { from: viewer.locale ?? null, to: 'zh' },
      { from: 'zh', to: 'en' },
    ]);
  });
});
