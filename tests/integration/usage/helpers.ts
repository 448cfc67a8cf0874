import type pg from 'pg';
import { hourOf } from '../../../lib/usage/units';

/** Test data for the usage push, written as rows (the ingestion API is another feature's). */

const HOUR = 3_600_000;

/** The start of the hour `k` hours before the current one (k ≥ 2 is closed whatever the grace). */
export function hoursAgo(k: number, now = new Date()): Date {
  return new Date(hourOf(now).getTime() - k * HOUR);
}

export async function insertInstances(db: pg.Pool, ids: string[]): Promise<void> {
  await db.query(
    `INSERT INTO instance (id, order_id, order_line_id, charging_mode)
     SELECT id, 'ORD-' || id, 'ORD-' || id || '-000001', 'ON_DEMAND' FROM unnest($1::text[]) AS id
     ON CONFLICT (id) DO NOTHING`,
    [ids],
  );
}

export interface TestEvent {
  instanceId: string;
  hour: Date;
  /** a decimal text, e.g. "1.5" */
  value: string;
  packageInstanceId?: string | null;
  billable?: boolean;
  billingItem?: string;
}

let seq = 0;
/** Inserts events (one part each) in one statement; instances are created as needed. */
export async function insertEvents(db: pg.Pool, events: TestEvent[]): Promise<void> {
  await insertInstances(db, [...new Set(events.map((e) => e.instanceId))]);
  const ids = events.map(() => `ev-${process.pid}-${Date.now()}-${seq++}`);
  await db.query(
    `INSERT INTO usage_event (source, event_id, part, instance_id, billing_item, time, hour, value, package_instance_id, billable)
     SELECT 'test', e.id, 0, e.instance_id, e.item, e.hour + interval '10 minutes', e.hour, e.value, e.pkg, e.billable
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::numeric[], $6::text[], $7::bool[])
         AS e(id, instance_id, item, hour, value, pkg, billable)`,
    [
      ids,
      events.map((e) => e.instanceId),
      events.map((e) => e.billingItem ?? 'api-calls'),
      events.map((e) => e.hour),
      events.map((e) => e.value),
      events.map((e) => e.packageInstanceId ?? null),
      events.map((e) => e.billable ?? true),
    ],
  );
}

export interface RecordRow {
  id: string;
  instance_id: string;
  hour: Date;
  package_instance_id: string;
  seq: number;
  value: string;
  metering_sn: string;
  status: string;
  attempts: number;
  last_error: string | null;
  call_id: string | null;
}

export async function records(db: pg.Pool): Promise<RecordRow[]> {
  const { rows } = await db.query<RecordRow>(
    `SELECT id::text AS id, instance_id, hour, package_instance_id, seq, value::text AS value, metering_sn, status, attempts, last_error,
            call_id::text AS call_id
       FROM usage_record ORDER BY instance_id, hour, package_instance_id, seq`,
  );
  return rows;
}

export async function clearUsage(db: pg.Pool): Promise<void> {
  await db.query(`DELETE FROM usage_event; DELETE FROM usage_record; DELETE FROM call WHERE activity = 'usagePush'`);
}
