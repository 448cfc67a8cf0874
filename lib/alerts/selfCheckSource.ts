import type { Queryable } from '../db/client';

export interface SelfCheckRun {
  runId: string;
  startedAt: Date;
  passed: number;
  failed: number;
}

/** The latest `n` finished scheduled self-check runs (the debugger's run history, trigger `scheduled`), newest first. */
// SQL: debug_run's (trigger, started_at) index
export async function latestSelfChecks(db: Queryable, n: number): Promise<SelfCheckRun[]> {
  const { rows } = await db.query<{ id: string; started_at: Date; passed: number; failed: number }>(
    `SELECT id::text AS id, started_at, passed, failed FROM debug_run WHERE trigger = 'scheduled' AND finished_at IS NOT NULL ORDER BY started_at DESC LIMIT $1`,
    [n],
  );
  return rows.map((r) => ({ runId: r.id, startedAt: r.started_at, passed: r.passed, failed: r.failed }));
}
