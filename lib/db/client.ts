import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export type { PrismaClient };

/** One pg pool per process, shared by Prisma (through its driver adapter) and the raw SQL of the write paths. */
export function createPool(url: string, max: number, opts: { sharedSession?: boolean } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  if (opts.sharedSession) {
    // PGlite keeps one session for every connection: a new connection would find the named statements of the one
    // before it ("prepared statement already exists"). Start each connection with a clean slate.
    pool.on('connect', (client) => {
      client.query('DEALLOCATE ALL').catch(() => undefined);
    });
  }
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  return pool;
}

export function createPrisma(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

/** Runs fn in a transaction on one client of the pool. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;
