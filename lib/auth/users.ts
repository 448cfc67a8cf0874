import type pg from 'pg';
import { log } from '../log';
import { hashPassword, randomPassword } from './password';
import type { Role } from './roles';

export interface ConsoleUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /** en or zh once chosen with the language switch; null follows the browser */
  locale: string | null;
}

/**
 * The first administrator: from ADMIN_EMAIL / ADMIN_PASSWORD, or, when no password is given, with a random password
 * printed once on the console. Only when there is no user yet; safe when several processes start at once (the
 * unique e-mail decides, and only the process that created the user prints the password).
 */
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
