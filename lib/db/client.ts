import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export type { PrismaClient };

/** One pg pool per process, shared by Prisma (through its driver adapter) and the raw SQL of the write paths. */
let connectionCounter = 0;

export function createPool(url: string, max: number, opts: { sharedSession?: boolean } = {}): pg.Pool {
  // PGlite's connections share one session: named prepared statements are visible to every connection, while each
  // pg client believes only in its own. Each connection therefore gets its own statement names (a prefix), and keeps
  // its connection (no idle timeout) so that its statements stay useful.
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: opts.sharedSession ? 0 : 30_000 });
  if (opts.sharedSession) {
    pool.on('connect', (client) => {
      const prefix = `c${++connectionCounter}_`;
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (config: unknown, ...rest: unknown[]) =>
        query(config && typeof config === 'object' && 'name' in config && (config as pg.QueryConfig).name
          ? { ...(config as pg.QueryConfig), name: prefix + (config as pg.QueryConfig).name }
          : config, ...rest);
    });
  }
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  return pool;
}

export function createPrisma(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

/**
 * What runs once the transaction open on a client commits (afterCommit); absent outside withTransaction. On globalThis
 * like the runtime: Next bundles this module more than once, and the copy that opened a transaction must be the one
 * the enqueueing code finds.
 */
const HOOKS_KEY = Symbol.for('koogallery.commitHooks');
const commitHooks: WeakMap<pg.PoolClient, (() => void)[]> = ((globalThis as { [HOOKS_KEY]?: WeakMap<pg.PoolClient, (() => void)[]> })[HOOKS_KEY] ??= new WeakMap());

/**
 * Runs `fn` after the transaction that `client` is in (withTransaction's) commits, never if it rolls back: what must
 * only happen once its rows are visible to others, such as waking the job workers for the jobs it enqueued
 * (lib/jobs/wake.ts). A client outside withTransaction has no transaction to wait for: nothing runs, and the caller's
 * fallback (the workers' polling) applies. `fn` must not throw; a fault in it is logged, never the caller's.
 */
export function afterCommit(client: pg.PoolClient, fn: () => void): void {
  commitHooks.get(client)?.push(fn);
}

/** Runs fn in a transaction on one client of the pool, then what it asked to run after the commit (afterCommit). */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const hooks: (() => void)[] = [];
  let result: T;
  try {
    await client.query('BEGIN');
    commitHooks.set(client, hooks);
    result = await fn(client);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    commitHooks.delete(client);
    client.release();
  }
  for (const hook of hooks) {
    try {
      hook();
    } catch (err) {
      console.error('[db] an after-commit step failed:', (err as Error).message);
    }
  }
  return result;
}

export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * Both handles to the one pool, for a write that is plain Prisma but audits through lib/audit/actions.ts, which the
 * console's SQL actions share. The Runtime (routes) and the tests' runtime fit as they are.
 */
export interface Db {
  pool: pg.Pool;
  prisma: PrismaClient;
}
