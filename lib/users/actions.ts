import type pg from 'pg';
import { audit } from '../audit/actions';
import { hashPassword, passwordProblemKey, randomPassword } from '../auth/password';
import { isRole, type Role } from '../auth/roles';
import { forgetAccount } from '../auth/throttle';
import type { ConsoleUser } from '../auth/users';
import type { Db } from '../db/client';
import { Prisma } from '../db/generated/client';
import { isLocale, LOCALES, type Locale } from '../i18n/core';
import { log } from '../log';
import { fieldRefusal, isRefusal, refusal, Refusal } from '../refusal';
import { USER_LIST_SELECT, type UserListItem } from './queries';

/**
 * Console user management (admins only): every change audited, the last active admin always kept. Refusals are thrown.
 * Plain writes are Prisma; the audit entry goes through lib/audit/actions.ts on the pool, as every console action's.
 */

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The e-mail is unique: a second account with it is the database's refusal (P2002), not a read before the write. */
export async function createUser(
  db: Db,
  by: ConsoleUser,
  input: { email?: unknown; name?: unknown; role?: unknown; password?: unknown },
): Promise<UserListItem> {
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
  const name = typeof input.name === 'string' ? input.name.trim().slice(0, 255) : '';
  const password = typeof input.password === 'string' ? input.password : '';
  if (!EMAIL.test(email) || email.length > 255) throw fieldRefusal('email', 'errors.user.email');
  if (!isRole(input.role)) throw fieldRefusal('role', 'errors.user.role');
  const problem = passwordProblemKey(password);
  if (problem) throw fieldRefusal('password', `errors.${problem}`);
  let created: UserListItem;
  try {
    created = await db.prisma.user.create({
      data: { email, name: name || null, passwordHash: await hashPassword(password), role: input.role },
      select: USER_LIST_SELECT,
    });
  } catch (err) {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
    await audit(db.pool, { user: by, action: 'user.create', target: email, outcome: 'failure', detail: { reason: 'exists' } });
    throw new Refusal('conflict', { key: 'errors.user.exists', vars: { email } }, { email: { key: 'errors.user.exists', vars: { email } } });
  }
  await audit(db.pool, { user: by, action: 'user.create', target: email, outcome: 'success', detail: { role: input.role } });
  return created;
}

/** Changes role, disabled flag or password. Refuses to leave the console without an active admin. */
// SQL: an advisory lock, the row's FOR UPDATE and the throttle reset in one pg transaction
export async function updateUser(
  db: pg.Pool,
  by: ConsoleUser,
  id: string,
  input: { role?: unknown; disabled?: unknown; password?: unknown },
): Promise<void> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw refusal('notFound', 'errors.user.none');
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    // serialise admin changes, so two admins cannot demote each other at once
    await client.query(`SELECT pg_advisory_xact_lock(7370001)`);
    const { rows } = await client.query<{ email: string; role: Role; disabled: boolean }>(
      `SELECT email, role::text AS role, disabled FROM "user" WHERE id = $1 FOR UPDATE`,
      [id],
    );
    const target = rows[0];
    if (!target) throw refusal('notFound', 'errors.user.none');
    const changes: Record<string, unknown> = {};
    if (input.role !== undefined) {
      if (!isRole(input.role)) throw fieldRefusal('role', 'errors.user.role');
      changes.role = input.role;
    }
    if (input.disabled !== undefined) {
      if (typeof input.disabled !== 'boolean') throw fieldRefusal('disabled', 'errors.user.disabled');
      if (input.disabled && id === by.id) throw refusal('invalid', 'errors.user.disableSelf');
      changes.disabled = input.disabled;
    }
    const losesAdmin = target.role === 'admin' && !target.disabled && ((changes.role && changes.role !== 'admin') || changes.disabled === true);
    if (losesAdmin) {
      const others = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "user" WHERE role = 'admin' AND NOT disabled AND id <> $1`,
        [id],
      );
      if (others.rows[0]!.n === 0) throw refusal('invalid', 'errors.user.lastAdmin');
    }
    if (input.password !== undefined) {
      if (typeof input.password !== 'string') throw fieldRefusal('password', 'errors.password.text');
      const problem = passwordProblemKey(input.password);
      if (problem) throw fieldRefusal('password', `errors.${problem}`);
      changes.password_hash = await hashPassword(input.password as string);
    }
    const keys = Object.keys(changes);
    if (!keys.length) throw refusal('invalid', 'errors.user.nothing');
    await client.query(
      `UPDATE "user" SET ${keys.map((k, i) => `${k} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
      [id, ...keys.map((k) => changes[k])],
    );
    // an admin's change (a new password, re-enabling) also lifts a sign-in lock on the account
    await forgetAccount(client, target.email);
    await client.query('COMMIT');
    const detail = { ...changes, password_hash: changes.password_hash ? 'changed' : undefined };
    await audit(db, { user: by, action: 'user.update', target: target.email, outcome: 'success', detail });
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    await audit(db, { user: by, action: 'user.update', target: id, outcome: 'failure', detail: { reason: (err as Error).message, ...(isRefusal(err) ? { refusal: err.key, ...(err.vars ? { values: err.vars } : {}) } : {}) } });
    throw err;
  } finally {
    client.release();
  }
}

export interface PasswordReset {
  email: string;
  role: Role;
  /** the account was disabled and is enabled again */
  reenabled: boolean;
}

/**
 * An operator's reset of a lost password (scripts/admin.ts, `npm run admin -- reset-password EMAIL`): sets the new
 * password, enables the account again (a reset that still leaves its owner unable to sign in helps nobody), lifts its
 * sign-in lock and audits it as done by `actor`. Undefined when no account has the e-mail. No session behind it: whoever
 * can run this on the server can reach the database anyway.
 */
// SQL: reads the old disabled flag and writes the new hash in one statement, under the row lock
export async function resetPassword(db: pg.Pool, email: string, password: string, actor: string): Promise<PasswordReset | undefined> {
  const target = email.trim().toLowerCase();
  const problem = passwordProblemKey(password);
  if (problem) throw fieldRefusal('password', `errors.${problem}`);
  const hash = await hashPassword(password);
  const { rows } = await db.query<PasswordReset>(
    `WITH before AS (SELECT id, disabled FROM "user" WHERE email = $1 FOR UPDATE)
     UPDATE "user" u SET password_hash = $2, disabled = false, updated_at = now() FROM before WHERE u.id = before.id
     RETURNING u.email, u.role::text AS role, before.disabled AS reenabled`,
    [target, hash],
  );
  const done = rows[0];
  if (!done) {
    await audit(db, { actor, action: 'user.resetPassword', target, outcome: 'failure', detail: { reason: 'no such user' } });
    return undefined;
  }
  await forgetAccount(db, done.email);
  await audit(db, { actor, action: 'user.resetPassword', target: done.email, outcome: 'success', detail: { reenabled: done.reenabled } });
  return done;
}

/** A user's own language choice, remembered on their row (any role may change their own). */
export async function setOwnLocale(db: Db, user: ConsoleUser, locale: unknown): Promise<Locale> {
  if (!isLocale(locale)) throw fieldRefusal('locale', 'errors.locale', { locales: LOCALES.join(', ') });
  if (user.locale === locale) return locale;
  await db.prisma.user.update({ where: { id: user.id }, data: { locale } });
  await audit(db.pool, { user, action: 'user.locale', target: user.email, outcome: 'success', detail: { from: user.locale, to: locale } });
  return locale;
}

/**
 * The first administrator: from ADMIN_EMAIL / ADMIN_PASSWORD, or, when no password is given, with a random password
 * printed once on the console. Only when there is no user yet; safe when several processes start at once (the
 * unique e-mail decides, and only the process that created the user prints the password).
 */
// SQL: ON CONFLICT, so that of processes starting at once only the one that created the admin prints its password
export async function ensureFirstAdmin(pool: pg.Pool, email = 'admin@localhost', password?: string): Promise<void> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM "user"');
  if (rows[0]!.n > 0) return;
  const plain = password ?? randomPassword();
  const created = await pool.query(
    `INSERT INTO "user" (id, email, name, password_hash, role) VALUES (gen_random_uuid(), $1, 'Administrator', $2, 'admin')
     ON CONFLICT (email) DO NOTHING`,
    [email.toLowerCase(), await hashPassword(plain)],
  );
  if (created.rowCount !== 1) return;
  if (password) {
    log.info('console administrator created from ADMIN_EMAIL / ADMIN_PASSWORD', { email });
  } else {
    // printed once, on purpose, in plain text: there is no other way to learn it
    process.stdout.write(
      `\n  Console administrator created: ${email}\n  Password (shown once, change it after signing in): ${plain}\n\n`,
    );
  }
}
