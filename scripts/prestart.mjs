// Runs before `npm start`: builds the app when there is no build or the sources changed since, and creates the
// embedded database in this short-lived process (PGlite's first initdb peaks near 870 MiB; ../shared/STACK.md).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildState } from './build-state.mjs';

const { built, changed } = buildState(process.cwd());
if (built < changed) {
  console.log(built ? '[prestart] sources changed since the last build: building…' : '[prestart] no build yet: building…');
  const r = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!process.env.DATABASE_URL) {
  const dataDir = path.resolve(process.env.DATA_DIR || './data');
  const dir = path.join(dataDir, 'pglite');
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    console.log(`[prestart] creating the embedded database in ${dir}…`);
    fs.mkdirSync(dir, { recursive: true });
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(dir);
    await db.query('select 1');
    await db.close();
  }
}
