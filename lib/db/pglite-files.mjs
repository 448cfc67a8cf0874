// The embedded database's files, created so that a crash cannot leave half a database. PGlite's first start runs
// initdb in memory, then writes the result into the data directory file by file, PG_VERSION before the last ones: a
// process killed in between leaves a directory that PGlite takes for a database and then fails to open on every start
// ("PGlite failed to initialize properly"). Here the files are written to a sibling directory and renamed into place
// once complete. After that, a kill -9 is an ordinary crash that PostgreSQL recovers from with its WAL on the next
// start (its postmaster.pid holds a made-up pid that PGlite does not check, so a stale one is harmless).
// Plain ESM: used by lib/db/pglite-worker.mjs and scripts/prestart.mjs. The caller holds the embedded database's lock
// (lib/db/embedded-lock.mjs), so no other process is creating them at the same time.
import fs from 'node:fs';
import path from 'node:path';

const PARTIAL = '.partial-';

/**
 * Creates the database files in `dir` unless they are there; true when it created them.
 * @param {string} dir
 * @returns {Promise<boolean>}
 */
export async function ensureDatabaseFiles(dir) {
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return false;
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  // what interrupted creations left behind (their creators are dead: we hold the lock)
  for (const name of fs.readdirSync(parent)) {
    if (name.startsWith(path.basename(dir) + PARTIAL)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  const partial = `${dir}${PARTIAL}${process.pid}`;
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(partial);
  await db.query('SELECT 1');
  await db.close();
  // without PG_VERSION, `dir` holds no database (PostgreSQL refuses such a directory): at most an empty directory or
  // what a creation interrupted before this module existed left
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
  return true;
}
