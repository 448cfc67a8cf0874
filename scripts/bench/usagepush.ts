import pg from 'pg';
import { startEmulatorServer } from '../../emulator/server';
import { createEmulatorState } from '../../emulator/state';
import { migrate } from '../../lib/db/migrate';
import { runUsagePush, sealUsage } from '../../lib/usage/push';
import { hourOf } from '../../lib/usage/units';
import { startPostgres } from '../../tests/integration/harness/postgres';

/**
 * The usage push at scale (issue 8): on a throw-away PostgreSQL, `records` usage events (one per instance and hour,
 * over `instances` instances and the hours before the last closed one) are sealed into as many usage records and
 * pushed in batches of 1,000 to an in-process marketplace emulator that checks both signatures and every record, as
 * plain functions. Timed apart: the seal (one statement) and the send. Goal: the whole push in under 30 s.
 */

export const USAGE_PUSH_GOAL_MS = 30_000;

export interface UsagePushReport {
  records: number;
  instances: number;
  seedMs: number;
  sealMs: number;
  sendMs: number;
  totalMs: number;
  accepted: number;
  /** records the emulator stored (each metering_sn once) */
  stored: number;
  pushes: number;
  goalMs: number;
  pass: boolean;
  error?: string;
}

const HOUR = 3_600_000;

export async function benchUsagePush(opts: { records: number; instances?: number; log?: (s: string) => void }): Promise<UsagePushReport> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const instances = opts.instances ?? 1000;
  const hours = Math.ceil(opts.records / instances);
  if (hours > 20 * 24) throw new Error(`BENCH_USAGE_RECORDS: ${opts.records} records over ${instances} instances span more than 20 days`);
  const report: UsagePushReport = { records: opts.records, instances, seedMs: 0, sealMs: 0, sendMs: 0, totalMs: 0, accepted: 0, stored: 0, pushes: 0, goalMs: USAGE_PUSH_GOAL_MS, pass: false };
  log('[bench] usage push: starting a throw-away PostgreSQL 15…');
  const server = await startPostgres();
  const pool = new pg.Pool({ connectionString: server.url, max: 8 });
  const key = 'bench-usage-key';
  const credentials = { ak: 'bench-usage-ak', sk: 'bench-usage-sk' };
  const state = createEmulatorState({ credentials: [credentials], marketplaceKey: key, maxCalls: 200 });
  const emulator = await startEmulatorServer({ state });
  try {
    await migrate(server.url);
    log(`[bench] usage push: seeding ${opts.records.toLocaleString('en')} events over ${instances} instances × ${hours} hours…`);
    const t0 = performance.now();
    await pool.query(
      `INSERT INTO instance (id, order_id, order_line_id, charging_mode)
       SELECT 'bench-' || i, 'BENCH-' || i, 'BENCH-' || i || '-000001', 'ON_DEMAND' FROM generate_series(1, $1) AS i`,
      [instances],
    );
    const newest = new Date(hourOf(new Date()).getTime() - 2 * HOUR);
    await pool.query(
      `INSERT INTO usage_event (source, event_id, part, instance_id, billing_item, time, hour, value)
       SELECT 'bench', n::text, 0, 'bench-' || (1 + n % $2), 'api-calls', h + interval '7 minutes', h, (1 + n % 997) / 100.0
         FROM generate_series(0, $1 - 1) AS n, LATERAL (SELECT $3::timestamptz - make_interval(hours => n / $2) AS h) AS t`,
      [opts.records, instances, newest],
    );
    await pool.query('VACUUM ANALYZE usage_event');
    report.seedMs = Math.round(performance.now() - t0);

    log('[bench] usage push: seal and send…');
    const deps = { pool, openApi: { base: emulator.url, ...credentials }, basicKey: key, graceSeconds: 300 };
    const t1 = performance.now();
    const sealed = await sealUsage(pool, new Date(), deps.graceSeconds);
    const t2 = performance.now();
    const result = await runUsagePush(deps);
    const t3 = performance.now();
    report.sealMs = Math.round(t2 - t1);
    report.sendMs = Math.round(t3 - t2);
    report.totalMs = Math.round(t3 - t1);
    report.accepted = result.accepted;
    report.stored = state.usage.records.length;
    report.pushes = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM call WHERE activity = 'usagePush'`)).rows[0]!.n;
    if (sealed.records !== opts.records || result.accepted !== opts.records || report.stored !== opts.records) {
      report.error = `expected ${opts.records} records sealed, accepted and stored once; got ${sealed.records} sealed, ${result.accepted} accepted, ${report.stored} stored`;
    }
    report.pass = !report.error && report.totalMs < USAGE_PUSH_GOAL_MS;
  } catch (err) {
    report.error = (err as Error).stack ?? String(err);
  } finally {
    await pool.end();
    await emulator.close();
    await server.stop();
  }
  return report;
}

export function usagePushMarkdown(r: UsagePushReport): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `### Usage push (PostgreSQL 15, ${r.records.toLocaleString('en')} records over ${r.instances} instances)`,
    '',
    '| seal | send | total | pushes | accepted | goal | |',
    '|---|---|---|---|---|---|---|',
    `| ${s(r.sealMs)} | ${s(r.sendMs)} | ${s(r.totalMs)} | ${r.pushes} | ${r.accepted.toLocaleString('en')} | < ${s(r.goalMs)} | ${r.pass ? 'pass' : 'FAIL'} |`,
    ...(r.error ? ['', `Error: ${r.error.split('\n')[0]}`] : []),
  ].join('\n');
}

/** `tsx scripts/bench/usagepush.ts [records]`: this part alone. */
if (process.argv[1]?.endsWith('usagepush.ts')) {
  benchUsagePush({ records: Number(process.argv[2] ?? 100_000) }).then(
    (r) => {
      console.log(usagePushMarkdown(r));
      process.exit(r.error ? 1 : 0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
