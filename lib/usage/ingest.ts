import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { withTransaction } from '../db/client';
import { enqueue, QUEUES } from '../jobs/queue';
import { log } from '../log';
import { allocate, type EventPart, type PackageBalance, type SubjectInstance } from './allocate';
import { isRejection, parseUsageEvent, type EventRejection, type UsageEventInput } from './events';
import { unitsOf, unitsToString } from './units';

/**
 * Usage ingestion (POST /api/v1/usage): every event gets its own verdict; valid ones are stored even when others in
 * the batch are not. The unique (source, event_id, part) makes a repeated event a duplicate, acknowledged and never
 * counted again, in any number of processes. Events of a buyer with packages are allocated to them (lib/usage/
 * allocate.ts) under a per-buyer advisory lock, so two requests never spend the same quota; events of plain
 * pay-per-use instances, the usual case, are stored with one statement and no transaction.
 */

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: EventRejection[];
  /** instances that must stop (用完即停 quota used up) */
  stopped: string[];
}

export interface IngestDeps {
  pool: pg.Pool;
  boss: PgBoss;
}

interface SubjectRow {
  id: string;
  status: string;
  charging_mode: string | null;
  customer_id: string | null;
  quota_exhausted_at: Date | null;
  /** the billing item a pay-per-use instance meters, once it has reported one */
  usage_item: string | null;
  /** an active package of the buyer (or the instance itself) exists: its events need allocating */
  has_packages: boolean;
}

const USAGE_MODES = new Set(['ON_DEMAND', 'ON_DEMAND_PKG']);

/** Why an instance cannot take usage, or undefined when it can. */
export function refuseSubject(row: SubjectRow | undefined, id: string): string | undefined {
  if (!row) return `subject: instance ${id} is not known`;
  if (row.status === 'released') return `subject: instance ${id} is released`;
  if (row.status === 'failed') return `subject: instance ${id} failed to provision`;
  if (!row.charging_mode) return `subject: instance ${id} is still being provisioned; send the event again later`;
  if (!USAGE_MODES.has(row.charging_mode)) {
    return `subject: instance ${id} is not pay-per-use or a package (its charging mode is ${row.charging_mode})`;
  }
  return undefined;
}

export async function ingestUsage(deps: IngestDeps, raw: unknown[], opts: { now?: Date; apiKeyId?: string } = {}): Promise<IngestResult> {
  const now = opts.now ?? new Date();
  const rejected: EventRejection[] = [];
  const parsed: UsageEventInput[] = [];
  for (const [i, r] of raw.entries()) {
    const v = parseUsageEvent(r, i, now);
    if (isRejection(v)) rejected.push(v);
    else parsed.push(v);
  }
  // a key repeated inside the batch is a duplicate of its first occurrence
  const firsts: UsageEventInput[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const e of parsed) {
    const k = `${e.source}\n${e.id}`;
    if (seen.has(k)) duplicates++;
    else {
      seen.add(k);
      firsts.push(e);
    }
  }
  const ids = [...new Set(firsts.map((e) => e.instanceId))];
  const rows = ids.length ? await loadSubjects(deps.pool, ids) : new Map<string, SubjectRow>();
  const valid: UsageEventInput[] = [];
  // spec §8.3: a pay-per-use instance is one billing item; its first event names it, within this batch too
  const items = new Map<string, string>();
  for (const e of firsts) {
    const row = rows.get(e.instanceId);
    let why = refuseSubject(row, e.instanceId);
    if (!why && row!.charging_mode === 'ON_DEMAND') {
      const item = items.get(row!.id) ?? row!.usage_item ?? e.billingItem;
      items.set(row!.id, item);
      if (item !== e.billingItem) {
        why = `type: instance ${e.instanceId} meters the billing item "${item}", not "${e.billingItem}" (a pay-per-use instance is one billing item)`;
      }
    }
    if (why) rejected.push({ index: e.index, id: e.id, error: why });
    else valid.push(e);
  }
  rejected.sort((a, b) => a.index - b.index);
  if (!valid.length) return { accepted: 0, duplicates, rejected, stopped: [] };

  const subjects = new Map<string, SubjectInstance>();
  for (const e of valid) {
    const r = rows.get(e.instanceId)!;
    subjects.set(r.id, { id: r.id, customerId: r.customer_id, exhausted: r.quota_exhausted_at !== null });
  }
  if (!valid.some((e) => rows.get(e.instanceId)!.has_packages) && ![...subjects.values()].some((s) => s.exhausted)) {
    // plain pay-per-use: one part per event, billed on the subject
    const parts = new Map<number, EventPart[]>(valid.map((e) => [e.index, [{ part: 0, packageInstanceId: null, units: e.units, billable: true }]]));
    const inserted = await retryDeadlock(() => insertEvents(deps.pool, valid, parts, opts.apiKeyId));
    return { accepted: inserted, duplicates: duplicates + valid.length - inserted, rejected, stopped: [] };
  }
  return retryDeadlock(() => withTransaction(deps.pool, async (client) => {
    const customers = [...new Set([...subjects.values()].map((s) => s.customerId ?? `instance:${s.id}`))].sort();
    // SQL: one advisory lock per buyer, in a fixed order: requests for the same buyer take turns on its quotas
    for (const c of customers) await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`usage:${c}`]);
    // under the lock: the quotas as they are now, and the events already stored (those are duplicates)
    const fresh = await loadBalances(client, subjects);
    const stored = await storedKeys(client, valid);
    const todo = valid.filter((e) => !stored.has(`${e.source}\n${e.id}`));
    const current = await loadSubjects(client, [...subjects.keys()]);
    for (const s of subjects.values()) s.exhausted = current.get(s.id)?.quota_exhausted_at != null;
    const plan = allocate(todo, subjects, fresh);
    const inserted = await insertEvents(client, todo, plan.parts, opts.apiKeyId);
    await markStops(client, deps.boss, plan.newlyStopped, plan.resumed);
    return { accepted: inserted, duplicates: duplicates + valid.length - inserted, rejected, stopped: [...plan.stopped].sort() };
  }));
}

const DEADLOCK = '40P01';

/**
 * Two batches adding to the same instances' totals in different orders may deadlock: PostgreSQL aborts one, which is
 * safe to run again (its inserts were rolled back; ON CONFLICT DO NOTHING keeps a repeat harmless).
 */
async function retryDeadlock<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if ((err as { code?: string }).code !== DEADLOCK || attempt >= 5) throw err;
      log.warn('usage insert deadlocked; trying again', { attempt });
    }
  }
}

// SQL: machine API hot path (README "Measured": ingestion throughput), named statements
async function loadSubjects(db: pg.Pool | pg.PoolClient, ids: string[]): Promise<Map<string, SubjectRow>> {
  const { rows } = await db.query<SubjectRow>({
    name: 'usage.subjects',
    text: `SELECT i.id, i.status, i.charging_mode, i.customer_id, i.quota_exhausted_at, i.usage_item,
                  EXISTS (SELECT 1 FROM instance p WHERE p.charging_mode = 'ON_DEMAND_PKG' AND p.status = 'active'
                             AND (p.id = i.id OR p.customer_id = i.customer_id)) AS has_packages
             FROM instance i WHERE i.id = ANY($1::varchar[])`,
    values: [ids],
  });
  return new Map(rows.map((r) => [r.id, r]));
}

interface BalanceRow {
  package_instance_id: string;
  customer_id: string | null;
  billing_item: string;
  expire_time: Date | null;
  created_at: Date;
  quota: string;
  used: string | null;
  stop_at_quota: boolean;
}

/** The active packages of the subjects' buyers (and the subjects themselves when they are packages), per billing item. */
// SQL: machine API hot path; a four-table join by the buyer, named statement
async function loadBalances(db: pg.Pool | pg.PoolClient, subjects: Map<string, SubjectInstance>): Promise<PackageBalance[]> {
  const customers = [...new Set([...subjects.values()].map((s) => s.customerId).filter((c): c is string => c !== null))];
  const { rows } = await db.query<BalanceRow>({
    name: 'usage.balances',
    text: `SELECT p.id AS package_instance_id, p.customer_id, q.billing_item, p.expire_time, p.created_at, q.quota, u.used, s.stop_at_quota
             FROM instance p
             JOIN package_quota q ON q.product_id = p.product_id AND q.sku_code = p.sku_code
             JOIN package_sku s ON s.product_id = q.product_id AND s.sku_code = q.sku_code
             LEFT JOIN package_usage u ON u.package_instance_id = p.id AND u.billing_item = q.billing_item
            WHERE p.charging_mode = 'ON_DEMAND_PKG' AND p.status = 'active'
              AND (p.customer_id = ANY($1::varchar[]) OR p.id = ANY($2::varchar[]))`,
    values: [customers, [...subjects.keys()]],
  });
  return rows.map((r) => ({
    packageInstanceId: r.package_instance_id,
    customerId: r.customer_id,
    billingItem: r.billing_item,
    expireTime: r.expire_time,
    createdAt: r.created_at,
    quotaUnits: unitsOf(r.quota),
    usedUnits: r.used === null ? 0 : unitsOf(r.used),
    stopAtQuota: r.stop_at_quota,
  }));
}

// SQL: a row-value IN over the batch's keys, named statement
async function storedKeys(client: pg.PoolClient, events: UsageEventInput[]): Promise<Set<string>> {
  const { rows } = await client.query<{ source: string; event_id: string }>({
    name: 'usage.stored',
    text: `SELECT source, event_id FROM usage_event
            WHERE part = 0 AND (source, event_id) IN (SELECT * FROM unnest($1::varchar[], $2::varchar[]))`,
    values: [events.map((e) => e.source), events.map((e) => e.id)],
  });
  return new Set(rows.map((r) => `${r.source}\n${r.event_id}`));
}

/**
 * Stores the events' parts, adds what was new to the instances' totals and the packages' used amounts, in one
 * statement (one snapshot: only the rows this statement inserted are counted). Returns how many events were new.
 */
// SQL: machine API hot path: unnest bulk insert, ON CONFLICT dedupe and the totals in one statement
async function insertEvents(
  db: pg.Pool | pg.PoolClient,
  events: UsageEventInput[],
  parts: Map<number, EventPart[]>,
  apiKeyId: string | undefined,
): Promise<number> {
  if (!events.length) return 0;
  // one JSON parameter for the whole batch: PostgreSQL reads it in C (json_to_recordset), where eleven arrays of
  // Dates and strings cost the pg driver's escaping on every value (measured: a tenth of the app's CPU per batch)
  const batch: unknown[] = [];
  for (const e of events) {
    for (const p of parts.get(e.index) ?? []) {
      batch.push({
        s: e.source,
        e: e.id,
        p: p.part,
        i: e.instanceId,
        b: e.billingItem,
        t: e.time,
        h: e.hour,
        v: unitsToString(p.units),
        k: p.packageInstanceId,
        bl: p.billable,
      });
    }
  }
  const query = {
    name: 'usage.insert',
    text: `WITH ins AS (
             INSERT INTO usage_event (source, event_id, part, instance_id, billing_item, time, hour, value, package_instance_id, billable, api_key_id)
             SELECT r.s, r.e, r.p, r.i, r.b, to_timestamp(r.t / 1000.0), to_timestamp(r.h / 1000.0), r.v, r.k, r.bl, $2::uuid
               FROM json_to_recordset($1::json)
                    AS r(s varchar, e varchar, p smallint, i varchar, b varchar, t bigint, h bigint, v numeric, k varchar, bl boolean)
             ON CONFLICT (source, event_id, part) DO NOTHING
             RETURNING part, instance_id, billing_item, time, value, package_instance_id
           ), totals AS (
             UPDATE instance i SET usage_value = i.usage_value + t.v, usage_time = GREATEST(i.usage_time, t.at),
                    usage_item = CASE WHEN i.charging_mode = 'ON_DEMAND' THEN COALESCE(i.usage_item, t.item) ELSE i.usage_item END
               FROM (SELECT instance_id, sum(value) AS v, max(time) AS at, min(billing_item) AS item FROM ins GROUP BY instance_id ORDER BY instance_id) t
              WHERE i.id = t.instance_id
           ), packages AS (
             INSERT INTO package_usage (package_instance_id, billing_item, used, related_instance_id, last_time)
             SELECT package_instance_id, billing_item, sum(value), max(instance_id), max(time)
               FROM ins WHERE package_instance_id IS NOT NULL GROUP BY package_instance_id, billing_item
             ON CONFLICT (package_instance_id, billing_item) DO UPDATE
               SET used = package_usage.used + excluded.used, related_instance_id = excluded.related_instance_id,
                   last_time = GREATEST(package_usage.last_time, excluded.last_time)
           )
           SELECT count(*)::int AS n FROM ins WHERE part = 0`,
    values: [JSON.stringify(batch), apiKeyId ?? null],
  };
  const { rows } = await db.query<{ n: number }>(query);
  return rows[0]!.n;
}

/**
 * Newly stopped instances get quota_exhausted_at and the provisioner hears `quota_exhausted`; resumed ones lose it and
 * the provisioner hears `quota_restored`. The conditional UPDATE decides, so each change is told once.
 */
// SQL: conditional updates in the caller's transaction, with the jobs they enqueue
async function markStops(client: pg.PoolClient, boss: PgBoss, stopped: Set<string>, resumed: Set<string>): Promise<void> {
  if (stopped.size) {
    const { rows } = await client.query<{ id: string }>(
      `UPDATE instance SET quota_exhausted_at = now(), updated_at = now() WHERE id = ANY($1::varchar[]) AND quota_exhausted_at IS NULL RETURNING id`,
      [[...stopped]],
    );
    for (const r of rows) await enqueue(client, boss, QUEUES.lifecycle, { instanceId: r.id, event: 'quota_exhausted' }, { instanceId: r.id });
  }
  if (resumed.size) await resume(client, boss, [...resumed]);
}

/** Clears the stop of `ids` and tells the provisioner, once per instance. */
// SQL: conditional update in the caller's transaction, with the jobs it enqueues
export async function resume(client: pg.PoolClient, boss: PgBoss, ids: string[]): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `UPDATE instance SET quota_exhausted_at = NULL, updated_at = now() WHERE id = ANY($1::varchar[]) AND quota_exhausted_at IS NOT NULL RETURNING id`,
    [ids],
  );
  for (const r of rows) await enqueue(client, boss, QUEUES.lifecycle, { instanceId: r.id, event: 'quota_restored' }, { instanceId: r.id });
  return rows.map((r) => r.id);
}

/**
 * A new package of a buyer became active (spec §8.3: "a new package order resumes the service"): the buyer's stopped
 * instances may take usage again; if the new package does not cover them, their next event stops them again.
 */
// SQL: the buyer's stopped instances, locked by the usage advisory lock of lib/usage/ingest.ts
export async function resumeBuyer(pool: pg.Pool, boss: PgBoss, customerId: string): Promise<string[]> {
  return withTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`usage:${customerId}`]);
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM instance WHERE customer_id = $1 AND quota_exhausted_at IS NOT NULL`,
      [customerId],
    );
    return rows.length ? resume(client, boss, rows.map((r) => r.id)) : [];
  });
}
