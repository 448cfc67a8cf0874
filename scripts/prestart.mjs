// Runs before `npm start`: builds the app when there is no build or the sources changed since, and creates the
// embedded database in this short-lived process (PGlite's first initdb peaks near 870 MiB; ../shared/STACK.md).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EMBEDDED_DATABASE_IN_USE, lockEmbeddedDatabase } from '../lib/db/embedded-lock.mjs';
import { ensureDatabaseFiles } from '../lib/db/pglite-files.mjs';
import { buildState } from './build-state.mjs';

const embedded = process.env.DATABASE_URL ? undefined : path.join(path.resolve(process.env.DATA_DIR || './data'), 'pglite');

// First the embedded database's lock (lib/db/embedded-lock.mjs): when a server already runs on this DATA_DIR,
// `npm start` stops here with the message that server's twin would give, before a build replaces the files it runs.
let lock;
if (embedded) {
  fs.mkdirSync(path.dirname(embedded), { recursive: true });
  try {
    lock = lockEmbeddedDatabase(embedded);
  } catch (err) {
    if (err.code !== EMBEDDED_DATABASE_IN_USE) throw err;
    console.error(`[prestart] ${err.message}`);
    process.exit(1);
  }
}

const { built, changed } = buildState(process.cwd());
if (built < changed) {
  console.log(built ? '[prestart] sources changed since the last build: building…' : '[prestart] no build yet: building…');
  const r = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (embedded) {
  if (!fs.existsSync(path.join(embedded, 'PG_VERSION'))) console.log(`[prestart] creating the embedded database in ${embedded}…`);
  await ensureDatabaseFiles(embedded);
  lock.release(); // `next start` takes it next
}
