/**
 * `npm run admin -- <command>`: console accounts from the server's shell, for an operator locked out of the console.
 *
 *   reset-password EMAIL [--password P]   new password (generated and printed once without --password), account
 *                                         enabled again, sign-in lock lifted, audited as 'cli'
 *   list-admins                           the administrators' e-mails
 *
 * Connects to the database the app uses: DATABASE_URL, else the embedded database under DATA_DIR. The embedded
 * database belongs to one process (lib/db/embedded-lock.mjs): while the app runs, this refuses and says to stop the
 * app first. On PostgreSQL it works while the app runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { passwordProblem, randomPassword } from '../lib/auth/password';
import { loadConfig } from '../lib/config';
import { createPrisma } from '../lib/db/client';
import { isEmbeddedDatabaseInUse, startEmbeddedDatabase, type EmbeddedDatabase } from '../lib/db/embedded';
import { resetPassword } from '../lib/users/actions';
import { listAdmins } from '../lib/users/queries';

const USAGE = `usage: npm run admin -- reset-password EMAIL [--password P]
       npm run admin -- list-admins`;

/** An expected refusal: its message is all the operator needs (no stack), exit code 1. */
class Refusal extends Error {}

type Command = { name: 'reset-password'; email: string; password?: string } | { name: 'list-admins' };

function parseArgs(argv: string[]): Command {
  const [name, ...rest] = argv;
  if (name === 'list-admins' && rest.length === 0) return { name };
  if (name === 'reset-password') {
    let email: string | undefined;
    let password: string | undefined;
    for (let i = 0; i < rest.length; i++) {
      const [flag, inline] = rest[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
      if (flag === '--password') {
        password = inline ?? rest[++i];
        if (password === undefined) throw new Refusal('--password needs a value');
      } else if (!flag.startsWith('-') && email === undefined) email = flag;
      else throw new Refusal(`unknown argument ${rest[i]}\n${USAGE}`);
    }
    if (email) return { name, email, password };
  }
  throw new Refusal(USAGE);
}

async function openDatabase(): Promise<{ url: string; embedded?: EmbeddedDatabase; where: string }> {
  const config = loadConfig();
  if (config.databaseUrl) return { url: config.databaseUrl, where: config.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') };
  const dir = path.join(config.dataDir, 'pglite');
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    throw new Refusal(`no database in ${dir}: set DATA_DIR (or DATABASE_URL) as for the app, or start the app once to create it`);
  }
  try {
    const embedded = await startEmbeddedDatabase(config.dataDir);
    return { url: embedded.url, embedded, where: `the embedded database in ${dir}` };
  } catch (err) {
    if (!isEmbeddedDatabaseInUse(err)) throw err;
    throw new Refusal(
      `${(err as Error).message}\nThe app is probably running: stop it, run this command again, then start the app. ` +
        '(With PostgreSQL, DATABASE_URL, this command works while the app runs.)',
    );
  }
}

async function main(): Promise<void> {
  const command = parseArgs(process.argv.slice(2));
  if (command.name === 'reset-password' && command.password !== undefined) {
    const problem = passwordProblem(command.password);
    if (problem) throw new Refusal(problem);
  }
  const db = await openDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 1 });
  try {
    const { rows } = await pool.query<{ ok: boolean }>(`SELECT to_regclass('"user"') IS NOT NULL AS ok`);
    if (!rows[0]!.ok) throw new Refusal(`${db.where} has no console accounts yet (no tables): start the app once, it creates them`);
    if (command.name === 'list-admins') {
      const admins = await listAdmins(createPrisma(pool));
      if (!admins.length) console.log('no administrator yet (the app creates the first one when it starts)');
      for (const a of admins) console.log(`${a.email}${a.disabled ? ' (disabled)' : ''}`);
      return;
    }
    const password = command.password ?? randomPassword();
    const done = await resetPassword(pool, command.email, password, 'cli');
    if (!done) throw new Refusal(`no console account has the e-mail ${command.email.trim().toLowerCase()} (in ${db.where}); npm run admin -- list-admins shows the administrators`);
    console.log(`Password of ${done.email} (${done.role}) reset${done.reenabled ? '; the account was disabled and is enabled again' : ''}.`);
    // printed once, on purpose, in plain text, like the first administrator's (lib/users/actions.ts)
    if (!command.password) console.log(`New password (shown once, change it after signing in): ${password}`);
  } finally {
    await pool.end();
    await db.embedded?.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Refusal ? err.message : `[admin] failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
