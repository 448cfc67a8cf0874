import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { withTransaction } from '../db/client';
import { runScheduledCases, type DebuggerDeps } from '../debugger/runner';
import { enqueueOncePerSlot, QUEUES } from '../jobs/queue';
import { dueSlot, SELF_CHECK_GRACE_MS, slotKey, type SelfCheckSchedule } from './schedule';

/**
 * The self-check (issue 12): at each slot of the schedule (lib/selfcheck/schedule.ts) one job, across every process,
 * replays the saved debugger cases against the production URL exactly as Run all does (spec §1.2: the marketplace's
 * twice-daily dial test, which hides the product after 5 days of failures). Its run joins the debugger's history as
 * `scheduled`; lib/selfcheck/queries.ts reads the outcome for the Overview and the alert rule.
 */

export interface SelfCheckJobData {
  /** the slot's instant, ISO */
  slot: string;
  trigger: 'schedule';
}

/**
 * The scheduler's tick, run by every process with workers every SELF_CHECK_TICK_MS: enqueues the job of the slot due
 * at `now` (at most SELF_CHECK_GRACE_MS after it: a process that was down at 07:00 runs it until 08:00, not later).
 * pg-boss keeps one job per slot key, whichever process asks first, so N processes ticking together make one job.
 * Resolves with the slot and the job's id (null when another tick was first), or undefined when no slot is due.
 */
export async function scheduleSelfCheck(
  pool: pg.Pool,
  boss: PgBoss,
  schedule: SelfCheckSchedule | null,
  now = new Date(),
): Promise<{ slot: Date; jobId: string | null } | undefined> {
  const slot = dueSlot(schedule, now);
  if (!slot) return undefined;
  const data: SelfCheckJobData = { slot: slot.toISOString(), trigger: 'schedule' };
  const jobId = await withTransaction(pool, (client) =>
    enqueueOncePerSlot(client, boss, QUEUES.selfCheck, { ...data }, { key: slotKey(slot), seconds: SELF_CHECK_GRACE_MS / 1000, once: true }),
  );
  return { slot, jobId };
}

/** How often each process asks (a slot is enqueued within this long of its time). */
export const SELF_CHECK_TICK_MS = 30_000;

/** the run's counts, or `skipped`: no saved case, nothing to replay (the Overview says so) */
export type SelfCheckOutcome = { runId: string; passed: number; failed: number } | 'skipped';

/**
 * The job: the replay itself. Failing cases are the run's outcome (recorded, shown, alerted on), not the job's
 * failure; the job fails only when the replay cannot be made (the database is gone), and pg-boss retries it.
 */
export async function runSelfCheck(deps: DebuggerDeps, opts: { pollIntervalMs?: number } = {}): Promise<SelfCheckOutcome> {
  const run = await runScheduledCases(deps, opts);
  return run ? { runId: run.runId, passed: run.passed, failed: run.failed } : 'skipped';
}
