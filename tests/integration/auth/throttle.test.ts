import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { authorize } from '../../../lib/auth/options';
import type { ConsoleUser } from '../../../lib/auth/users';
import { ADDRESS_FREE_ATTEMPTS, FREE_ATTEMPTS, sweepSignInThrottle } from '../../../lib/auth/throttle';
import type { Runtime } from '../../../lib/runtime';
import { createUser, updateUser } from '../../../lib/users/actions';
import { startTestRuntime } from '../helpers/runtime';

// Counts the password checks (bcrypt) without changing them: how many attempts were really evaluated.
const bcrypt = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../../../lib/auth/password', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../lib/auth/password')>();
  return {
    ...real,
    verifyPassword: (plain: string, hash: string) => {
      bcrypt.calls++;
      return real.verifyPassword(plain, hash);
    },
  };
});

const WRONG = 'Wrong e-mail or password.';
const LOCKED = /^Too many failed sign-ins\. Try again in \d+ s\.$/;
const RIGHT = 'the-right-password-1';

type Answer = 'signed in' | 'wrong' | 'locked' | string;
/** Each attempt's answer, in the order the attempts were made. */
async function answers(attempts: Promise<unknown>[]): Promise<Answer[]> {
  return (await Promise.allSettled(attempts)).map((o) => {
    if (o.status === 'fulfilled') return 'signed in';
    const msg = (o.reason as Error).message;
    return msg === WRONG ? 'wrong' : LOCKED.test(msg) ? 'locked' : msg;
  });
}
const count = (list: Answer[], a: Answer) => list.filter((x) => x === a).length;

/**
 * The sign-in throttle against a real PostgreSQL, attacked in parallel (issue 6, High 2).
 *
 * Why the storms below are deterministic: authorize() sends its reservation statement before anything else, and the
 * runtime's pool has 20 connections; the rest of the 60 queries wait in the pool's FIFO queue. So the last attempt
 * is reserved only after at least 40 earlier reservations have finished, long after the lock (set by the 5th
 * reservation, for 15 s) is in place. A lock that only took effect after bcrypt would let all 60 through.
 */
describe('sign-in throttle under parallel attack', () => {
  let rt: Runtime;
  let admin: ConsoleUser;
  let n = 0;
  /** A fresh account with the right password RIGHT. */
  const account = async () => {
    const email = `user-${n++}@example.com`;
    await createUser(rt, admin, { email, role: 'viewer', password: RIGHT });
    return email;
  };
  beforeAll(async () => {
    rt = await startTestRuntime({ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'first-admin-password' }, { workers: false });
    admin = await authorize(rt.pool, 'boss@example.com', 'first-admin-password');
  });
  afterAll(async () => {
    await rt?.close();
  });
  beforeEach(() => {
    bcrypt.calls = 0;
  });

  it('60 simultaneous sign-ins, 59 wrong then the right one: only the free attempts reach bcrypt, the right one is refused', async () => {
    const email = await account();
    const passwords = [...Array<string>(59).fill('a-wrong-guess'), RIGHT];
    const got = await answers(passwords.map((p) => authorize(rt.pool, email, p)));
    expect(got.at(-1)).toBe('locked');
    expect(count(got, 'signed in')).toBe(0);
    expect(count(got, 'wrong')).toBe(FREE_ATTEMPTS);
    expect(count(got, 'locked')).toBe(60 - FREE_ATTEMPTS);
    expect(bcrypt.calls).toBe(FREE_ATTEMPTS);
    // once locked, the right password is refused with the lockout message, without being checked
    await expect(authorize(rt.pool, email, RIGHT)).rejects.toThrow(LOCKED);
    expect(bcrypt.calls).toBe(FREE_ATTEMPTS);
  });

  it('answers an unknown e-mail exactly as a known one: same messages after the same number of attempts, same bcrypt work', async () => {
    const known = await account();
    const unknown = 'nobody-here@example.com';
    const seq = async (email: string) => {
      const out: Answer[] = [];
      for (let i = 0; i < FREE_ATTEMPTS + 2; i++) out.push(...(await answers([authorize(rt.pool, email, 'a-wrong-guess')])));
      return out;
    };
    const expected = [...Array<Answer>(FREE_ATTEMPTS).fill('wrong'), 'locked', 'locked'];
    expect(await seq(known)).toEqual(expected);
    expect(bcrypt.calls).toBe(FREE_ATTEMPTS);
    expect(await seq(unknown)).toEqual(expected);
    expect(bcrypt.calls).toBe(2 * FREE_ATTEMPTS);
    // and in parallel, too
    bcrypt.calls = 0;
    const storm = await answers(Array.from({ length: 60 }, () => authorize(rt.pool, 'Someone-Else@Example.com ', 'a-wrong-guess')));
    expect([count(storm, 'wrong'), count(storm, 'locked')]).toEqual([FREE_ATTEMPTS, 60 - FREE_ATTEMPTS]);
    expect(bcrypt.calls).toBe(FREE_ATTEMPTS);
  });

  it('limits one client address across accounts, without counting its refused attempts against those accounts', async () => {
    const victim = await account();
    const from = '198.51.100.7';
    // password spraying: one guess each at 60 different accounts, all at once
    const spray = await answers(Array.from({ length: 60 }, (_, i) => authorize(rt.pool, `spray-${i}@example.com`, 'a-wrong-guess', from)));
    expect([count(spray, 'wrong'), count(spray, 'locked')]).toEqual([ADDRESS_FREE_ATTEMPTS, 60 - ADDRESS_FREE_ATTEMPTS]);
    expect(bcrypt.calls).toBe(ADDRESS_FREE_ATTEMPTS);
    // the address is slowed down, even with a right password for an account it never tried
    await expect(authorize(rt.pool, victim, RIGHT, from)).rejects.toThrow(LOCKED);
    // ... which was not counted against that account, nor were the refused sprays against theirs
    const refused = spray.flatMap((a, i) => (a === 'locked' ? [`spray-${i}@example.com`] : []));
    const rows = await rt.pool.query(`SELECT key FROM sign_in_throttle WHERE kind = 'account' AND key = ANY($1)`, [[victim, ...refused]]);
    expect(rows.rows).toEqual([]);
    // another address is not affected
    await expect(authorize(rt.pool, victim, RIGHT, '203.0.113.9')).resolves.toMatchObject({ email: victim });
  });

  it('a success forgets the account and credits back the address, but does not wipe the address', async () => {
    const email = await account();
    const from = '192.0.2.44';
    for (let i = 0; i < ADDRESS_FREE_ATTEMPTS - 2; i++) await expect(authorize(rt.pool, `other-${i}@example.com`, 'x', from)).rejects.toThrow(WRONG);
    await expect(authorize(rt.pool, email, 'x', from)).rejects.toThrow(WRONG);
    // the address has one free attempt left; a success takes it (provisionally setting the lock), then gives it back
    await expect(authorize(rt.pool, email, RIGHT, from)).resolves.toMatchObject({ email });
    const forgotten = await rt.pool.query(`SELECT 1 FROM sign_in_throttle WHERE kind = 'account' AND key = $1`, [email]);
    expect(forgotten.rowCount).toBe(0);
    await expect(authorize(rt.pool, email, 'x', from)).rejects.toThrow(WRONG); // that last free one
    await expect(authorize(rt.pool, email, RIGHT, from)).rejects.toThrow(LOCKED);
  });

  it('reveals a disabled account only to the right password, and an admin change unlocks an account', async () => {
    const email = await account();
    const [{ id }] = (await rt.pool.query<{ id: string }>(`SELECT id FROM "user" WHERE email = $1`, [email])).rows as [{ id: string }];
    await updateUser(rt.pool, admin, id, { disabled: true });
    await expect(authorize(rt.pool, email, 'a-wrong-guess')).rejects.toThrow(WRONG);
    await expect(authorize(rt.pool, email, RIGHT)).rejects.toThrow(/disabled/);
    for (let i = 0; i < FREE_ATTEMPTS; i++) await authorize(rt.pool, email, 'a-wrong-guess').catch(() => undefined);
    await expect(authorize(rt.pool, email, RIGHT)).rejects.toThrow(LOCKED);
    // an admin re-enabling (or resetting the password of) an account lifts its lock, as before
    await updateUser(rt.pool, admin, id, { disabled: false });
    await expect(authorize(rt.pool, email, RIGHT)).resolves.toMatchObject({ email });
  });

  it('forgets failures a day old, and the sweep removes such rows', async () => {
    const email = await account();
    for (let i = 0; i < FREE_ATTEMPTS + 2; i++) await authorize(rt.pool, email, 'a-wrong-guess').catch(() => undefined);
    await expect(authorize(rt.pool, email, RIGHT)).rejects.toThrow(LOCKED);
    const age = (interval: string) =>
      rt.pool.query(
        `UPDATE sign_in_throttle SET last_failed_at = last_failed_at - $2::interval, locked_until = locked_until - $2::interval
          WHERE kind = 'account' AND key = $1`,
        [email, interval],
      );
    await age('1 hour'); // the lock has run out, but the count is remembered: the next failure locks again at once
    await expect(authorize(rt.pool, email, 'a-wrong-guess')).rejects.toThrow(WRONG);
    await expect(authorize(rt.pool, email, RIGHT)).rejects.toThrow(LOCKED);
    await age('25 hours'); // a day without failures: a fresh start
    await expect(authorize(rt.pool, email, 'a-wrong-guess')).rejects.toThrow(WRONG);
    const [row] = (await rt.pool.query<{ failures: number }>(`SELECT failures FROM sign_in_throttle WHERE kind = 'account' AND key = $1`, [email])).rows;
    expect(row!.failures).toBe(1);
    await age('25 hours');
    await sweepSignInThrottle(rt.pool);
    expect((await rt.pool.query(`SELECT 1 FROM sign_in_throttle WHERE key = $1`, [email])).rowCount).toBe(0);
  });

  it('a U+0000 in the e-mail, password or address is a wrong sign-in, never a database error', async () => {
    const email = await account();
    for (const [e, p, a] of [[`${email}\u0000`, RIGHT, '203.0.113.9'], [email, `${RIGHT}\u0000`, '203.0.113.9'], [email, RIGHT, '203.0.113.9\u0000']]) {
      await expect(authorize(rt.pool, e!, p!, a)).rejects.toThrow(WRONG);
    }
    await expect(authorize(rt.pool, email, RIGHT, '203.0.113.9')).resolves.toMatchObject({ email });
  });
});
