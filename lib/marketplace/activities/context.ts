import type pg from 'pg';
import type PgBoss from 'pg-boss';

/** What an activity needs: the database, the job queue, the at-rest key, and the id of the call being answered. */
export interface ActivityContext {
  pool: pg.Pool;
  boss: PgBoss;
  encryptionKey: string;
  callId?: bigint;
  /** the app's public address (PUBLIC_URL), for links the marketplace shows (queryInstance's dashboardUrl) */
  publicUrl?: string;
}

/** PostgreSQL error code for a unique violation. */
export const UNIQUE_VIOLATION = '23505';
