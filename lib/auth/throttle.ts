import type { Queryable } from '../db/client';
import { clientAddress } from '../http/body';

/**
 * Sign-in throttling, per account and per client address (issue 6, High 2).
 *
 * Each key (an account: the normalised e-mail, whether or not an account has it; an address: the client's IP) has a
 * row in sign_in_throttle counting its failures. After the free attempts a key is locked for 15 s, doubling with each
 * further failure up to 15 minutes. A success forgets the account and credits its attempt back to the address; a day
 * without failures forgets a key.
 *
 * The attempt is counted before its password is checked, in one statement that also refuses it while a key is locked
 * (reserveAttempt): of many parallel attempts only the free ones reach bcrypt, and a wrong password needs no second
 * write. Reading the count, checking the password and only then writing it (as before) let 60 parallel attempts in.
 */

/** Attempts an account may fail in a row; the last of them locks it (for 15 s), so the next one is refused. */
export const FREE_ATTEMPTS = 5;
/**
 * The same for a client address, counted across every account it tries. Higher than an account's: a
 * network address may be shared (an office behind one NAT), and it only has to stop one client trying a few passwords
 * on many accounts; each account keeps its own limit. The address comes from X-Forwarded-For, which a client can
 * forge unless a proxy in front overwrites it: the per-account limit is the one that holds regardless.
 */
export const ADDRESS_FREE_ATTEMPTS = 20;
const FIRST_LOCK_SECONDS = 15;
const MAX_LOCK_SECONDS = 900;
/** A key with no failure for this long starts afresh; the sweep deletes its row. */
const FORGET_AFTER = `interval '24 hours'`;

export type ThrottleKind = 'account' | 'address';
const FREE: Record<ThrottleKind, number> = { account: FREE_ATTEMPTS, address: ADDRESS_FREE_ATTEMPTS };

/** Seconds a key is locked for after its `failures`-th failure (0 = not locked). */
export function lockoutSeconds(failures: number, free = FREE_ATTEMPTS): number {
  if (failures < free) return 0;
  return Math.min(FIRST_LOCK_SECONDS * 2 ** (failures - free), MAX_LOCK_SECONDS);
}

/** lockoutSeconds for 1, 2, … failures, up to the first that reaches the maximum (which then holds for ever after). */
export function lockSchedule(free: number): number[] {
  const out: number[] = [];
  for (let n = 1; out.at(-1) !== MAX_LOCK_SECONDS; n++) out.push(lockoutSeconds(n, free));
  return out;
}

/** The account's key: the e-mail as accounts store it (lib/users/actions.ts), within the column's 255 characters. */
export function accountKey(email: string): string {
  return email.trim().toLowerCase().slice(0, 255);
}

/**
 * The client's address from next-auth's request headers (a plain object), read exactly as lib/http/body.ts
 * clientAddress reads a Request's. `next start` sets X-Forwarded-For to the peer's address when the client sent none.
 */
export function signInAddress(headers: Record<string, unknown> | undefined): string | undefined {
  if (!headers) return undefined;
  const h = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    const v = Array.isArray(value) ? value.join(', ') : value;
    if (typeof v !== 'string') continue;
    try {
      h.append(name, v);
    } catch {
      // not a valid header: clientAddress would never have seen it
    }
  }
  return clientAddress(new Request('http://sign-in.invalid/', { headers: h }))?.slice(0, 64) || undefined;
}

/**
 * What an attempt counts against: the account, and the address when there is one. Without an address (a caller that
 * has no request, or a request without the headers) only the account's limit applies: one shared key for every such
 * request would let a single client lock everybody out, and a client able to drop the headers could as well forge a
 * new address for each attempt.
 */
export interface ThrottleKeys {
  account: string;
  address?: string;
}

export function throttleKeys(email: string, address: string | undefined): ThrottleKeys {
  return address ? { account: accountKey(email), address: address.slice(0, 255) } : { account: accountKey(email) };
}

// The schedules as SQL arrays, so that the statement locks exactly as lockoutSeconds says (the last entry repeats).
const lockSecondsSql = (kind: ThrottleKind, failures: string) =>
  `COALESCE((ARRAY[${lockSchedule(FREE[kind])}])[LEAST(${failures}, ${lockSchedule(FREE[kind]).length})], 0)`;
const lockedUntilSql = (kind: ThrottleKind, failures: string) =>
  `CASE WHEN ${lockSecondsSql(kind, failures)} > 0 THEN now() + ${lockSecondsSql(kind, failures)} * interval '1 second' END`;
/** The failure count after this attempt: one more, or the first after a day without failures. */
const NEXT_FAILURES = `CASE WHEN t.last_failed_at <= now() - ${FORGET_AFTER} THEN 1 ELSE t.failures + 1 END`;

/**
 * Counts an attempt against one key unless the key is locked; returns a row when counted. The conflict arm runs on
 * the row's latest version under its row lock, so concurrent attempts on one key are decided one after another: each
 * unlocked one is counted (and may set the lock), each one arriving while the key is locked is refused. `from`
 * makes the insert conditional (a FROM clause yielding one row or none).
 */
const upsert = (kind: ThrottleKind, key: string, from = '') => `
  INSERT INTO sign_in_throttle AS t (kind, key, failures, last_failed_at, locked_until)
  SELECT '${kind}', ${key}, 1, now(), ${lockedUntilSql(kind, '1')} ${from}
  ON CONFLICT (kind, key) DO UPDATE
     SET failures = ${NEXT_FAILURES}, last_failed_at = now(), locked_until = ${lockedUntilSql(kind, NEXT_FAILURES)}
   WHERE t.locked_until IS NULL OR t.locked_until <= now()
  RETURNING 1`;

/**
 * One statement decides an attempt. With an address, the address is tried first and the account only if the address
 * took the attempt: an address that is locked adds nothing to the accounts it tries (a spray from a locked address
 * writes no rows). Every attempt takes the rows in this order, so two attempts never wait on each other in a cycle.
 */
const RESERVE_ACCOUNT = `WITH account AS (${upsert('account', '$1')})
  SELECT true AS address, EXISTS (SELECT 1 FROM account) AS account`;
const RESERVE_BOTH = `WITH address AS (${upsert('address', '$2')}),
       account AS (${upsert('account', '$1', 'FROM address')})
  SELECT EXISTS (SELECT 1 FROM address) AS address, EXISTS (SELECT 1 FROM account) AS account`;

/** Gives an address back one counted attempt; lifts its lock if that attempt had set it. */
const RELEASE_ADDRESS = `
  UPDATE sign_in_throttle t
     SET failures = GREATEST(t.failures - 1, 0),
         locked_until = CASE WHEN ${lockSecondsSql('address', 't.failures - 1')} > 0 THEN t.locked_until END
   WHERE t.kind = 'address' AND t.key = $1`;

export type Reservation = { ok: true } | { ok: false; waitSeconds: number };

/**
 * Counts an attempt as a failure before its password is checked, or refuses it while its address or account is
 * locked. A refused attempt counts against nothing (an address that took it gets it back).
 */
// SQL: counts and locks in one statement (ON CONFLICT … DO UPDATE), so parallel attempts cannot slip past
export async function reserveAttempt(db: Queryable, keys: ThrottleKeys): Promise<Reservation> {
  const { rows } = keys.address
    ? await db.query<{ address: boolean; account: boolean }>(RESERVE_BOTH, [keys.account, keys.address])
    : await db.query<{ address: boolean; account: boolean }>(RESERVE_ACCOUNT, [keys.account]);
  const taken = rows[0]!;
  if (taken.address && taken.account) return { ok: true };
  if (taken.address && keys.address) await db.query(RELEASE_ADDRESS, [keys.address]);
  // how long: read after the refusal, from the locks (at least 1 s, should the lock just have run out)
  const wait = await db.query<{ seconds: number }>(
    `SELECT GREATEST(1, ceil(extract(epoch FROM max(locked_until) - now())))::int AS seconds
       FROM sign_in_throttle WHERE (kind = 'account' AND key = $1) OR (kind = 'address' AND key = $2)`,
    [keys.account, keys.address ?? null],
  );
  return { ok: false, waitSeconds: wait.rows[0]?.seconds ?? 1 };
}

/**
 * After a right password: the account starts afresh; the address gets this attempt back but keeps its other failures,
 * so that signing in to one's own account now and then does not wipe an address's record of guesses at others.
 */
export async function signInSucceeded(db: Queryable, keys: ThrottleKeys): Promise<void> {
  if (keys.address) await db.query(RELEASE_ADDRESS, [keys.address]);
  await forgetAccount(db, keys.account);
}

/** Lifts an account's lock and forgets its failures (a success, or an admin changing the account). */
// SQL: in the caller's pg transaction (lib/users/actions.ts updateUser)
export async function forgetAccount(db: Queryable, email: string): Promise<void> {
  await db.query(`DELETE FROM sign_in_throttle WHERE kind = 'account' AND key = $1`, [accountKey(email)]);
}

/** Deletes the rows of keys without a failure for a day (they would start afresh anyway). */
export async function sweepSignInThrottle(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM sign_in_throttle WHERE last_failed_at <= now() - ${FORGET_AFTER}`);
}
