import type { ConfigWarning } from './config';
import type { PrismaClient, Queryable } from './db/client';
import { countAttentionJobs } from './jobs/attention';
import { countUsageFailures } from './usage/attention';

/**
 * The Overview's configuration warnings in the order the page shows them: a missing MARKETPLACE_KEY first and on its
 * own, since every production-interface call is refused with 000001 without it (spec §2); the others after.
 */
export function overviewWarnings(list: ConfigWarning[]): { noKey: ConfigWarning | undefined; others: ConfigWarning[] } {
  return { noKey: list.find((w) => w.code === 'noKey'), others: list.filter((w) => w.code !== 'noKey') };
}

export interface Bucket {
  /** start of the bucket */
  at: Date;
  success: number;
  failure: number;
}

/**
 * Calls per bucket over the last `hours` (inbound and outbound), successes against failures. Buckets are hours for a
 * day, 6-hour blocks for a week, so both charts have a readable number of bars.
 */
// SQL: empty buckets come from generate_series and date_bin, which Prisma has no words for
export async function callsOverTime(db: Queryable, hours: number, bucketHours: number, now = new Date()): Promise<Bucket[]> {
  const { rows } = await db.query<{ at: Date; success: number; failure: number }>(
    `WITH buckets AS (
       SELECT generate_series(
         date_bin(make_interval(hours => $2), $3::timestamptz - make_interval(hours => $1 - $2), TIMESTAMPTZ '2000-01-01'),
         date_bin(make_interval(hours => $2), $3::timestamptz, TIMESTAMPTZ '2000-01-01'),
         make_interval(hours => $2)) AS at
     )
     SELECT b.at,
            count(c.id) FILTER (WHERE c.success)::int AS success,
            count(c.id) FILTER (WHERE NOT c.success)::int AS failure
       FROM buckets b
       LEFT JOIN call c ON c.created_at >= b.at AND c.created_at < b.at + make_interval(hours => $2)
      GROUP BY b.at ORDER BY b.at`,
    [hours, bucketHours, now],
  );
  return rows;
}

export async function instancesByStatus(prisma: PrismaClient): Promise<Record<string, number>> {
  const groups = await prisma.instance.groupBy({ by: ['status'], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}

export interface Attention {
  /** inbound calls that failed in the last 24 h although their signature was valid */
  failedCalls24h: number;
  /** instances whose provisioning gave up */
  failedInstances: number;
  /** background jobs failing and still retrying, and those that gave up unresolved (lib/jobs/attention.ts) */
  failingJobs: number;
  gaveUpJobs: number;
  /** licences awaiting delivery (spec §9.4), and licences the buyer rejected (to deliver again); released instances owe none */
  licencesAwaiting: number;
  licencesRejected: number;
  /** usage records the marketplace rejected, or that expired unpushed (lib/usage/attention.ts) */
  usageFailures: number;
}

// SQL: four counts in one round trip, two of them joined to instance, beside the job counts' own SQL
export async function attention(db: Queryable, now = new Date()): Promise<Attention> {
  const [{ rows }, jobs, usageFailures] = await Promise.all([
    db.query<Omit<Attention, 'failingJobs' | 'gaveUpJobs' | 'usageFailures'>>(
      `SELECT (SELECT count(*)::int FROM call WHERE direction = 'inbound' AND NOT success AND signature_verdict = 'valid'
                 AND created_at > $1::timestamptz - interval '24 hours') AS "failedCalls24h",
              (SELECT count(*)::int FROM instance WHERE status = 'failed') AS "failedInstances",
              (SELECT count(*)::int FROM licence_delivery d JOIN instance i ON i.id = d.instance_id
                WHERE d.status = 'awaiting' AND i.status <> 'released') AS "licencesAwaiting",
              (SELECT count(*)::int FROM licence_delivery d JOIN instance i ON i.id = d.instance_id
                WHERE d.status = 'rejected' AND i.status <> 'released') AS "licencesRejected"`,
      [now],
    ),
    countAttentionJobs(db),
    countUsageFailures(db),
  ]);
  return { ...rows[0]!, failingJobs: jobs.failing, gaveUpJobs: jobs.gaveUp, usageFailures };
}
