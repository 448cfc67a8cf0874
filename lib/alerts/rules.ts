import type { PrismaClient, Queryable } from '../db/client';
import { listFailures, type Failure } from '../calls/queries';
import { countAttentionJobsByQueue } from '../jobs/attention';
import { QUEUES, type QueueName } from '../jobs/queue';
import { latestSelfChecks } from '../selfcheck/queries';

/**
 * The alert rules (issue 12): what each watches, its threshold, and the causes it finds now. A cause is one thing an
 * alert is about ("the failing production-interface messages", "this month's failed orders"); every rule counts its
 * cause's members, so 500 calls failing at once are one alert counting 500, not 500 alerts. lib/alerts/evaluate.ts
 * opens an alert for a new cause, digests a grown one, and resolves one no rule finds any more.
 *
 * Each rule reads the state the console shows (the Failures view, the attention jobs, the usage and licence pages),
 * so an alert and the page it links to always agree.
 */

export const RULE_KEYS = [
  'callFailed',
  'failureAgeing',
  'jobFailing',
  'monthlyFailedOrders',
  'selfCheckFailed',
  'usageUnaccepted',
  'licenceAwaiting',
  'queueLag',
] as const;
export type RuleKey = (typeof RULE_KEYS)[number];

export interface RuleDefinition {
  key: RuleKey;
  /** the threshold's default, bounds and unit (the Settings → Alerts form says it with `unit.*`) */
  threshold: { default: number; min: number; max: number; unit: 'failures' | 'percent' | 'attempts' | 'orders' | 'runs' | 'minutes' | 'hours' | 'seconds' };
  /** the console page that shows what the rule counts */
  link: string;
}

export const RULES: Readonly<Record<RuleKey, RuleDefinition>> = {
  // a production-interface call failed: the first failure of a message, with its deadline (spec §7.1)
  callFailed: { key: 'callFailed', threshold: { default: 1, min: 1, max: 10_000, unit: 'failures' }, link: '/calls?view=failures' },
  // a failure still unresolved when this share of its retry window has passed, and again 30 minutes before the deadline
  failureAgeing: { key: 'failureAgeing', threshold: { default: 50, min: 1, max: 99, unit: 'percent' }, link: '/calls?view=failures' },
  // a background job failing (this many failed attempts) or given up
  jobFailing: { key: 'jobFailing', threshold: { default: 1, min: 1, max: 100, unit: 'attempts' }, link: '/calls?view=failures' },
  // this calendar month's failed orders (spec §7.4: more than 5 a month delist the product)
  monthlyFailedOrders: { key: 'monthlyFailedOrders', threshold: { default: 3, min: 1, max: 100, unit: 'orders' }, link: '/calls?view=failures' },
  // the scheduled self-check failing (spec §1.2: the marketplace's dial test)
  selfCheckFailed: { key: 'selfCheckFailed', threshold: { default: 1, min: 1, max: 20, unit: 'runs' }, link: '/debugger/cases' },
  // a closed usage hour not accepted by the marketplace within this many minutes (spec §8.1)
  usageUnaccepted: { key: 'usageUnaccepted', threshold: { default: 120, min: 10, max: 10_080, unit: 'minutes' }, link: '/usage' },
  // a licence awaiting delivery longer than this many hours (spec §9.4)
  licenceAwaiting: { key: 'licenceAwaiting', threshold: { default: 24, min: 1, max: 720, unit: 'hours' }, link: '/licences' },
  // the job queue's oldest ready job older than this many seconds
  queueLag: { key: 'queueLag', threshold: { default: 60, min: 10, max: 86_400, unit: 'seconds' }, link: '/' },
};

/** The minutes before a deadline at which failureAgeing alerts a second time. */
export const FINAL_WARNING_MINUTES = 30;

/** The background jobs jobFailing watches: the app's work, not the alerts' own deliveries (they would alert about themselves). */
export const WATCHED_QUEUES: readonly QueueName[] = Object.values(QUEUES).filter((q) => q !== QUEUES.alertDelivery);

export interface RuleSetting {
  enabled: boolean;
  threshold: number;
}

/**
 * A cause a rule found: `key` unique within the rule, `count` what it counts (the digest reports its growth), `facts`
 * what the message says (numbers, ids, ISO times; never a buyer's personal data), `link` the page that shows it.
 */
export interface Cause {
  key: string;
  count: number;
  facts: Record<string, string | number | null>;
  link: string;
}

const MINUTE = 60_000;

/** "2026-12" of `now` in China Standard Time (UTC+8, no daylight saving), and the month's first instant. */
export function marketplaceMonth(now: Date): { key: string; start: Date } {
  const shifted = new Date(now.getTime() + 8 * 3_600_000);
  const y = shifted.getUTCFullYear();
  const m = shifted.getUTCMonth();
  return { key: `${y}-${String(m + 1).padStart(2, '0')}`, start: new Date(Date.UTC(y, m, 1) - 8 * 3_600_000) };
}

/** What a rule reads with: the pool for its SQL, Prisma for the plain reads of other modules. */
export interface RuleContext {
  db: Queryable;
  prisma: PrismaClient;
  /** the Failures view's entries at the round's `now` (listFailures), read once for the rules that share them */
  failures(): Promise<Failure[]>;
}

/** One evaluation round's context: the Failures view read at most once, when the first rule asks. */
export function ruleContext(db: Queryable, prisma: PrismaClient, now: Date): RuleContext {
  let failures: Promise<Failure[]> | undefined;
  return { db, prisma, failures: () => (failures ??= listFailures(db, now)) };
}

type Evaluator = (ctx: RuleContext, threshold: number, now: Date) => Promise<Cause[]>;

const evaluators: Record<RuleKey, Evaluator> = {
  async callFailed(ctx, threshold, now) {
    // messages the marketplace is still retrying (window open), or without a documented window failed in the last day;
    // one cause per interface: purchases failing and renewals failing are different troubles, 500 purchases one
    const live = (await ctx.failures()).filter((f) => f.open || (f.deadline === null && now.getTime() - Date.parse(f.lastFailureAt) < 24 * 60 * MINUTE));
    const byActivity = new Map<string, typeof live>();
    for (const f of live) {
      const key = (f.activity ?? 'unknown').slice(0, 64);
      byActivity.set(key, [...(byActivity.get(key) ?? []), f]);
    }
    return [...byActivity]
      .filter(([, list]) => list.length >= threshold)
      .map(([activity, list]) => {
        // the first to reach its deadline (listFailures orders by deadline)
        const first = list[0]!;
        return {
          key: activity,
          count: list.length,
          facts: { activity: first.activity, orderId: first.orderId, instanceId: first.instanceId, resultCode: first.resultCode, deadline: first.deadline, afterwards: first.afterwards, calls: list.reduce((n, f) => n + f.attempts, 0) },
          link: RULES.callFailed.link,
        };
      });
  },

  async failureAgeing(ctx, threshold, now) {
    const open = (await ctx.failures()).filter((f) => f.open && f.deadline && f.retryWindowMs);
    const half = open.filter((f) => now.getTime() - Date.parse(f.firstFailureAt) >= (f.retryWindowMs! * threshold) / 100);
    const final = open.filter((f) => Date.parse(f.deadline!) - now.getTime() <= FINAL_WARNING_MINUTES * MINUTE);
    const cause = (key: string, list: typeof open, stage: string): Cause[] =>
      list.length
        ? [{ key, count: list.length, facts: { stage, percent: threshold, minutes: FINAL_WARNING_MINUTES, activity: list[0]!.activity, orderId: list[0]!.orderId, instanceId: list[0]!.instanceId, deadline: list[0]!.deadline, afterwards: list[0]!.afterwards }, link: RULES.failureAgeing.link }]
        : [];
    return [...cause('half', half, 'half'), ...cause('final', final, 'final')];
  },

  async jobFailing({ db }, threshold) {
    return (await countAttentionJobsByQueue(db, threshold, WATCHED_QUEUES)).map((q) => ({
      key: q.queue,
      count: q.failing + q.gaveUp,
      facts: { queue: q.queue, failing: q.failing, gaveUp: q.gaveUp },
      link: RULES.jobFailing.link,
    }));
  },

  async monthlyFailedOrders({ db }, threshold, now) {
    // failed orders: messages of an order whose retry window closed unresolved this month (refunded, or waiting for a
    // manual delivery), as the marketplace counts them (spec §7.4)
    const month = marketplaceMonth(now);
    const failures = await listFailures(db, now, { lookbackMs: now.getTime() - month.start.getTime() + 3 * 3_600_000 });
    const orders = new Set(failures.filter((f) => f.orderId && f.deadline && !f.open && Date.parse(f.deadline) >= month.start.getTime()).map((f) => f.orderId!));
    if (orders.size < threshold) return [];
    return [{ key: month.key, count: orders.size, facts: { month: month.key, orders: orders.size, limit: 5 }, link: RULES.monthlyFailedOrders.link }];
  },

  async selfCheckFailed({ prisma }, threshold) {
    const runs = await latestSelfChecks(prisma, threshold);
    if (runs.length < threshold || !runs.every((r) => r.failed > 0)) return [];
    const last = runs[0]!;
    return [{ key: 'self-check', count: runs.length, facts: { runId: last.runId, failed: last.failed, passed: last.passed, at: last.startedAt }, link: `/debugger/cases?run=${encodeURIComponent(last.runId)}#history-run` }];
  },

  // SQL: records by status and hour (usage_record's (status, hour) index), within the Failures view's 7 days
  async usageUnaccepted({ db }, threshold, now) {
    const { rows } = await db.query<{ n: number; oldest: Date | null }>(
      `SELECT count(*)::int AS n, min(hour) AS oldest FROM usage_record
        WHERE status <> 'accepted' AND hour >= $1::timestamptz - interval '7 days' AND hour + interval '1 hour' + make_interval(mins => $2) < $1`,
      [now, threshold],
    );
    const r = rows[0]!;
    return r.n ? [{ key: 'usage', count: r.n, facts: { records: r.n, oldestHour: r.oldest!.toISOString(), minutes: threshold }, link: RULES.usageUnaccepted.link }] : [];
  },

  // SQL: deliveries by status and age (licence_delivery's (status, created_at) index); released instances owe none
  async licenceAwaiting({ db }, threshold, now) {
    const { rows } = await db.query<{ n: number; oldest: Date | null }>(
      `SELECT count(*)::int AS n, min(d.created_at) AS oldest FROM licence_delivery d JOIN instance i ON i.id = d.instance_id
        WHERE d.status = 'awaiting' AND i.status <> 'released' AND d.created_at < $1::timestamptz - make_interval(hours => $2)`,
      [now, threshold],
    );
    const r = rows[0]!;
    return r.n ? [{ key: 'licences', count: r.n, facts: { licences: r.n, oldest: r.oldest!.toISOString(), hours: threshold }, link: RULES.licenceAwaiting.link }] : [];
  },

  // SQL: pg-boss's own job table (ready: created or retry, its start time passed), the app's queues
  async queueLag({ db }, threshold, now) {
    const { rows } = await db.query<{ n: number; oldest: Date | null }>(
      `SELECT count(*)::int AS n, min(start_after) AS oldest FROM pgboss.job
        WHERE name = ANY($3::text[]) AND state IN ('created', 'retry') AND start_after < $1::timestamptz - make_interval(secs => $2)`,
      [now, threshold, WATCHED_QUEUES],
    );
    const r = rows[0]!;
    if (!r.n) return [];
    return [{ key: 'queue', count: r.n, facts: { jobs: r.n, oldestSeconds: Math.round((now.getTime() - r.oldest!.getTime()) / 1000), seconds: threshold }, link: RULES.queueLag.link }];
  },
};

/** The causes `rule` finds at `now` with `threshold`. */
export function findCauses(ctx: RuleContext, rule: RuleKey, threshold: number, now: Date): Promise<Cause[]> {
  return evaluators[rule](ctx, threshold, now);
}

/** A threshold as the form sent it: an integer within the rule's bounds, else undefined. */
export function validThreshold(rule: RuleKey, value: unknown): number | undefined {
  const { min, max } = RULES[rule].threshold;
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

export function isRuleKey(v: unknown): v is RuleKey {
  return typeof v === 'string' && (RULE_KEYS as readonly string[]).includes(v);
}
