import type { Queryable } from '../db/client';
import { safeErrorText } from '../jobs/attention';
import { MAX_AGE_MS } from './push';

/**
 * The usage records of the attention queue (issue 8): rejected by the marketplace (a 4xx, or a 500 naming a fault of
 * the records) or expired unpushed (older than 21 days, spec §8.1). They sit beside the failing jobs in the Failures
 * view, are counted in the Overview's "Needs attention", and leave it once re-pushed (lib/usage/push.ts
 * repushRecords) and accepted.
 */
export interface UsageFailure {
  id: string;
  instanceId: string;
  /** the hour's start (ISO) */
  hour: string;
  /** '' for plain pay-per-use */
  packageInstanceId: string;
  seq: number;
  /** the hour's usage, a decimal text */
  value: string;
  status: 'rejected' | 'expired';
  attempts: number;
  /** redacted and cut like a job's error (lib/jobs/attention.ts safeErrorText) */
  lastError: string | null;
  /** the outbound call of the last push, for the call log */
  callId: string | null;
  /** false for a record older than 21 days: the marketplace no longer takes it */
  repushable: boolean;
}

export const MAX_USAGE_FAILURES_PAGE = 500;

// SQL: by status and hour on usage_record's (status, hour) index
export async function listUsageFailures(
  db: Queryable,
  opts: { limit?: number; instanceId?: string; now?: Date } = {},
): Promise<{ records: UsageFailure[]; total: number }> {
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), MAX_USAGE_FAILURES_PAGE);
  const now = opts.now ?? new Date();
  const [{ rows }, total] = await Promise.all([
    db.query<{
      id: string;
      instance_id: string;
      hour: Date;
      package_instance_id: string;
      seq: number;
      value: string;
      status: 'rejected' | 'expired';
      attempts: number;
      last_error: string | null;
      call_id: string | null;
    }>(
      `SELECT r.id::text AS id, r.instance_id, r.hour, r.package_instance_id, r.seq, trim_scale(r.value)::text AS value, r.status, r.attempts,
              r.last_error, r.call_id::text AS call_id
         FROM usage_record r WHERE r.status IN ('rejected', 'expired') AND ($2::varchar IS NULL OR r.instance_id = $2)
        ORDER BY r.hour DESC, r.id DESC LIMIT $1`,
      [limit, opts.instanceId ?? null],
    ),
    countUsageFailures(db, opts.instanceId),
  ]);
  return {
    total,
    records: rows.map((r) => ({
      id: r.id,
      instanceId: r.instance_id,
      hour: r.hour.toISOString(),
      packageInstanceId: r.package_instance_id,
      seq: r.seq,
      value: r.value,
      status: r.status,
      attempts: r.attempts,
      lastError: safeErrorText(r.last_error),
      callId: r.call_id,
      repushable: now.getTime() - r.hour.getTime() < MAX_AGE_MS - 60_000,
    })),
  };
}

/** How many usage records need attention, for the Overview. */
// SQL: one count on usage_record's (status, hour) index
export async function countUsageFailures(db: Queryable, instanceId?: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM usage_record WHERE status IN ('rejected', 'expired') AND ($1::varchar IS NULL OR instance_id = $1)`,
    [instanceId ?? null],
  );
  return rows[0]?.n ?? 0;
}
