import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { QUEUES, enqueue } from '../jobs/queue';
import { withTransaction, type PrismaClient } from '../db/client';
import { log } from '../log';
import { findCauses, RULE_KEYS, ruleContext, type Cause, type RuleKey } from './rules';
import { ruleSettings } from './settings';

/**
 * The alerts' evaluation (issue 12), every ALERT_EVALUATE_SECONDS in each process that runs workers. Each enabled rule
 * finds its causes (lib/alerts/rules.ts); then, in one transaction that only one process at a time gets (a
 * transaction-level advisory lock; a process that does not get it skips this round):
 *   - a cause without an open alert opens one, and every enabled channel gets a `fired` message;
 *   - an open alert whose cause grew since its last message gets a `digest` once ALERT_DIGEST_MINUTES have passed
 *     since that message (not while acknowledged: someone is on it), so a storm is one alert and a digest a quarter;
 *   - an open alert whose cause no rule finds any more is resolved, with a `resolved` message;
 *   - an open alert of a rule turned off is resolved without a message.
 * A rule whose query fails keeps its alerts as they are (logged; nothing is resolved for want of an answer).
 * Messages are deliveries (lib/alerts/deliver.ts), each a job of its own in the same transaction: sent after commit,
 * retried, and never in the way of the production interfaces.
 */

export interface EvaluateDeps {
  pool: pg.Pool;
  prisma: PrismaClient;
  boss: PgBoss;
  digestMinutes: number;
}

export interface EvaluateOutcome {
  opened: number;
  digested: number;
  resolved: number;
}

/** pg_try_advisory_xact_lock key of the evaluation: "alerts" as an int. */
const LOCK_KEY = 0x616c6572;

interface OpenAlert {
  id: string;
  rule: RuleKey;
  cause: string;
  count: number;
  notified_count: number;
  last_notified_at: Date;
  acknowledged_at: Date | null;
}

export async function evaluateAlerts(deps: EvaluateDeps, now = new Date()): Promise<EvaluateOutcome | null> {
  const settings = await ruleSettings(deps.pool);
  const found = new Map<RuleKey, Cause[]>();
  const ctx = ruleContext(deps.pool, deps.prisma, now);
  for (const rule of RULE_KEYS) {
    const s = settings[rule];
    if (!s.enabled) continue;
    try {
      found.set(rule, await findCauses(ctx, rule, s.threshold, now));
    } catch (err) {
      log.warn('alert rule could not be evaluated', { rule, error: (err as Error).message });
    }
  }

  const outcome: EvaluateOutcome = { opened: 0, digested: 0, resolved: 0 };
  const locked = await withTransaction(deps.pool, async (client) => {
    const { rows: lock } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [LOCK_KEY]);
    if (!lock[0]?.locked) return false;
    const channels = await enabledChannels(client);
    // SQL: the open alerts, locked for this round (one row per rule and cause)
    const { rows: open } = await client.query<OpenAlert>(
      `SELECT id::text AS id, rule, cause, count, notified_count, last_notified_at, acknowledged_at FROM alert WHERE state = 'open' FOR UPDATE`,
    );
    const digestMs = deps.digestMinutes * 60_000;
    for (const rule of RULE_KEYS) {
      const mine = open.filter((a) => a.rule === rule);
      if (!settings[rule].enabled) {
        for (const a of mine) {
          await client.query(`UPDATE alert SET state = 'resolved', resolved_at = $2 WHERE id = $1`, [a.id, now]);
          outcome.resolved++;
        }
        continue;
      }
      const causes = found.get(rule);
      if (!causes) continue; // its query failed: leave its alerts be
      for (const cause of causes) {
        const existing = mine.find((a) => a.cause === cause.key);
        if (!existing) {
          const { rows } = await client.query<{ id: string }>(
            `INSERT INTO alert (rule, cause, state, count, notified_count, facts, link, opened_at, last_seen_at, last_notified_at)
             VALUES ($1, $2, 'open', $3, $3, $4, $5, $6, $6, $6) RETURNING id::text AS id`,
            [rule, cause.key, cause.count, cause.facts, cause.link, now],
          );
          await queueDeliveries(client, deps.boss, channels, rows[0]!.id, 'fired', cause);
          outcome.opened++;
          continue;
        }
        const digest = cause.count > existing.notified_count && !existing.acknowledged_at && now.getTime() - existing.last_notified_at.getTime() >= digestMs;
        await client.query(
          `UPDATE alert SET count = $2, facts = $3, link = $4, last_seen_at = $5,
                  notified_count = CASE WHEN $6 THEN $2 ELSE notified_count END,
                  last_notified_at = CASE WHEN $6 THEN $5 ELSE last_notified_at END
            WHERE id = $1`,
          [existing.id, cause.count, cause.facts, cause.link, now, digest],
        );
        if (digest) {
          await queueDeliveries(client, deps.boss, channels, existing.id, 'digest', cause, existing.notified_count);
          outcome.digested++;
        }
      }
      for (const a of mine.filter((x) => !causes.some((c) => c.key === x.cause))) {
        const { rows } = await client.query<{ facts: Cause["facts"] }>(
          `UPDATE alert SET state = 'resolved', resolved_at = $2 WHERE id = $1 RETURNING facts`,
          [a.id, now],
        );
        await queueDeliveries(client, deps.boss, channels, a.id, 'resolved', { count: a.count, facts: rows[0]!.facts });
        outcome.resolved++;
      }
    }
    return true;
  });
  if (!locked) return null;
  if (outcome.opened || outcome.digested || outcome.resolved) log.info('alerts evaluated', { ...outcome });
  return outcome;
}

export type DeliveryEvent = 'fired' | 'digest' | 'resolved' | 'test';

async function enabledChannels(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(`SELECT c.id::text AS id FROM alert_channel c WHERE c.enabled ORDER BY c.id`);
  return rows.map((r) => r.id);
}

/**
 * One delivery per channel, each with its job, in the caller's transaction. `previous`: a digest's count at the
 * message before (the digest says "was …").
 */
export async function queueDeliveries(
  client: pg.PoolClient,
  boss: PgBoss,
  channelIds: string[],
  alertId: string | null,
  event: DeliveryEvent,
  cause: Pick<Cause, 'count' | 'facts'>,
  previous?: number,
): Promise<string[]> {
  const ids: string[] = [];
  const facts = previous === undefined ? cause.facts : { ...cause.facts, previous };
  for (const channelId of channelIds) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO alert_delivery (alert_id, channel_id, event, facts, count) VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`,
      [alertId, channelId, event, facts, cause.count],
    );
    const deliveryId = rows[0]!.id;
    await enqueue(client, boss, QUEUES.alertDelivery, { deliveryId });
    ids.push(deliveryId);
  }
  return ids;
}

/** How long resolved alerts (and their messages) and test messages are kept: the Alerts page shows 7 days of them. */
export const ALERT_RETENTION_DAYS = 90;

/** Deletes alerts resolved more than ALERT_RETENTION_DAYS ago (their deliveries with them) and test messages as old. */
// SQL: two set-based DELETEs by age
export async function sweepAlerts(db: Pick<pg.Pool, 'query'>, now = new Date()): Promise<void> {
  await db.query(`DELETE FROM alert WHERE state = 'resolved' AND resolved_at < $1::timestamptz - make_interval(days => $2)`, [now, ALERT_RETENTION_DAYS]);
  await db.query(`DELETE FROM alert_delivery WHERE alert_id IS NULL AND created_at < $1::timestamptz - make_interval(days => $2)`, [now, ALERT_RETENTION_DAYS]);
}
