/**
 * `npm run seed -- [--calls 1000000] [--database-url URL]`: fills the call log with realistic rows (scripts/seed/calls.ts)
 * in the PostgreSQL database of --database-url or DATABASE_URL, after applying the migrations.
 *
 * PostgreSQL only: the embedded database (PGlite, used when DATABASE_URL is unset) runs in the app's process on one
 * session and is not meant for a million-row call log; this script refuses to run without a database URL.
 */
import pg from 'pg';
import { migrate } from '../lib/db/migrate';
import { seedCalls } from './seed/calls';

function parseArgs(argv: string[]): { calls: number; databaseUrl: string | undefined } {
  let calls = 1_000_000;
  let databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--calls') {
      calls = Number(value().replace(/_/g, ''));
      if (!Number.isInteger(calls) || calls <= 0) throw new Error(`--calls must be a positive integer`);
    } else if (flag === '--database-url') databaseUrl = value();
    else if (flag === '--help' || flag === '-h') {
      console.log('usage: npm run seed -- [--calls 1000000] [--database-url postgresql://…]  (default: $DATABASE_URL)');
      process.exit(0);
    } else throw new Error(`unknown argument ${flag}`);
  }
  return { calls, databaseUrl };
}

async function main(): Promise<void> {
  const { calls, databaseUrl } = parseArgs(process.argv.slice(2));
  if (!databaseUrl) {
    throw new Error(
      'no database: pass --database-url postgresql://… or set DATABASE_URL. The seed writes to PostgreSQL only; the embedded ' +
        'database (PGlite, used without DATABASE_URL) is not meant for a call log of this size.',
    );
  }
  const safeUrl = databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  const applied = await migrate(databaseUrl);
  console.log(`[seed] ${safeUrl}: ${applied.length ? `applied ${applied.length} migration(s)` : 'schema up to date'}`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const ms = await seedCalls(pool, {
      calls,
      onProgress: (done, total, t) => console.log(`[seed] ${done.toLocaleString('en')} / ${total.toLocaleString('en')} calls (${(t / 1000).toFixed(1)} s)`),
    });
    await pool.query('ANALYZE call');
    const { rows } = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM call');
    console.log(`[seed] inserted ${calls.toLocaleString('en')} calls in ${(ms / 1000).toFixed(1)} s; the call table now holds ${Number(rows[0]!.n).toLocaleString('en')} rows`);
  } finally {
    await pool.end();
  }
}

main().catch((err) => {
  console.error('[seed] failed:', (err as Error).message);
  process.exit(1);
});
