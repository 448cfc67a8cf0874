import pg from 'pg';
import { migrate } from '../../lib/db/migrate';
import { listCalls, listFailures, type CallFilters } from '../../lib/calls/queries';
import { startPostgres } from '../../tests/integration/harness/postgres';
import { seedCalls } from '../seed/calls';

/**
 * The call log at scale (issue 3): on a throw-away PostgreSQL seeded with `rows` calls, times listCalls (first pages
 * and later pages through the keyset cursor) and listFailures as plain functions over a pg Pool. Goal: p95 < 100 ms.
 */

export const CALL_LOG_GOAL_P95_MS = 100;

export interface CallLogQueryResult {
  name: string;
  runs: number;
  rowsReturned: number;
  p50: number;
  p95: number;
  max: number;
  pass: boolean;
  /** for a query over the goal: the plan's top nodes and indexes (EXPLAIN ANALYZE, BUFFERS) */
  plan?: string;
}

export interface CallLogReport {
  rows: number;
  seedMs: number;
  runsPerQuery: number;
  goalP95Ms: number;
  queries: CallLogQueryResult[];
  error?: string;
}

interface Case {
  name: string;
  run: (db: pg.Pool) => Promise<number>;
  /** the SQL + values listCalls sends, for EXPLAIN */
  sql?: () => { text: string; values: unknown[] };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const r1 = (n: number) => Math.round(n * 10) / 10;

/** Captures the SQL listCalls sends (the query text and values) without touching the database twice. */
function recordingDb(db: pg.Pool, sink: { text?: string; values?: unknown[] }) {
  return {
    query: (text: string, values?: unknown[]) => {
      sink.text = text;
      sink.values = values;
      return db.query(text, values);
    },
  } as unknown as pg.Pool;
}

async function pick(db: pg.Pool, sql: string): Promise<string> {
  const { rows } = await db.query<{ v: string }>(sql);
  if (!rows[0]) throw new Error(`no sample value: ${sql}`);
  return rows[0].v;
}

export async function benchCallLog(opts: { rows: number; runs?: number; warmup?: number; log?: (s: string) => void }): Promise<CallLogReport> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const runs = opts.runs ?? 60;
  const warmup = opts.warmup ?? 5;
  const report: CallLogReport = { rows: opts.rows, seedMs: 0, runsPerQuery: runs, goalP95Ms: CALL_LOG_GOAL_P95_MS, queries: [] };
  log('[bench] call log: starting a throw-away PostgreSQL 15…');
  const server = await startPostgres();
  const pool = new pg.Pool({ connectionString: server.url, max: 4 });
  try {
    await migrate(server.url);
    log(`[bench] call log: seeding ${opts.rows.toLocaleString('en')} calls…`);
    report.seedMs = await seedCalls(pool, {
      calls: opts.rows,
      onProgress: (done, total, ms) => log(`[bench] call log: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} calls (${(ms / 1000).toFixed(1)} s)`),
    });
    await pool.query('VACUUM ANALYZE call');

    // sample values that exist in the data
    const instanceId = await pick(pool, `SELECT instance_id AS v FROM call WHERE instance_id IS NOT NULL ORDER BY id DESC LIMIT 1 OFFSET 1000`);
    const orderId = await pick(pool, `SELECT order_id AS v FROM call WHERE order_id IS NOT NULL ORDER BY id DESC LIMIT 1 OFFSET 2000`);
    const jobId = await pick(pool, `SELECT job_id AS v FROM call WHERE job_id IS NOT NULL ORDER BY id DESC LIMIT 1 OFFSET 500`);
    const now = new Date();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

    const filterSets: [string, CallFilters][] = [
      ['no filter', {}],
      ['activity=newInstance', { activity: 'newInstance' }],
      ['activity=releaseInstance', { activity: 'releaseInstance' }],
      ['resultCode=000003', { resultCode: '000003' }],
      ['outcome=failure', { outcome: 'failure' }],
      ['direction=outbound, last 7 days', { direction: 'outbound', from: daysAgo(7), to: now.toISOString() }],
      ['direction=inbound, days 20-10 ago', { direction: 'inbound', from: daysAgo(20), to: daysAgo(10) }],
      ['id=<instance id>', { id: instanceId }],
      ['id=<order id>', { id: orderId }],
      ['jobId', { jobId }],
      ['testFlag=1', { testFlag: '1' }],
      ['activity=newInstance + failure', { activity: 'newInstance', outcome: 'failure' }],
      ['inbound + resultCode=000002 + testFlag=1', { direction: 'inbound', resultCode: '000002', testFlag: '1' }],
      ['activity=refreshInstance + failure + testFlag=1 + last 14 days', { activity: 'refreshInstance', outcome: 'failure', testFlag: '1', from: daysAgo(14) }],
    ];

    const cases: Case[] = [];
    for (const [label, filters] of filterSets) {
      for (const depth of [1, 5] as const) {
        // page `depth`: follow the cursor depth-1 times first (outside the timing), then time that page
        let cursor: string | null = null;
        let sink: { text?: string; values?: unknown[] } = {};
        if (depth > 1) {
          for (let i = 1; i < depth && (i === 1 || cursor); i++) cursor = (await listCalls(pool, filters, { cursor, limit: 50 })).nextCursor;
          if (!cursor) continue; // fewer pages than that
        }
        const pageCursor = cursor;
        cases.push({
          name: `${label} — page ${depth}`,
          run: async (db) => {
            sink = {};
            return (await listCalls(recordingDb(db, sink), filters, { cursor: pageCursor, limit: 50 })).calls.length;
          },
          sql: () => ({ text: sink.text!, values: sink.values! }),
        });
      }
    }
    cases.push({ name: 'listFailures (7 days)', run: async (db) => (await listFailures(db, new Date())).length });

    for (const c of cases) {
      let rowsReturned = 0;
      for (let i = 0; i < warmup; i++) rowsReturned = await c.run(pool);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await c.run(pool);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const result: CallLogQueryResult = { name: c.name, runs, rowsReturned, p50: r1(pct(times, 50)), p95: r1(pct(times, 95)), max: r1(times.at(-1)!), pass: pct(times, 95) < CALL_LOG_GOAL_P95_MS };
      if (!result.pass && c.sql) result.plan = await planSummary(pool, c.sql());
      report.queries.push(result);
      log(`[bench] call log: ${c.name}: ${result.rowsReturned} rows, p50 ${result.p50} ms, p95 ${result.p95} ms, max ${result.max} ms${result.plan ? `; plan: ${result.plan}` : ''}`);
    }
    const slowFailures = report.queries.find((q) => q.name.startsWith('listFailures') && !q.pass);
    if (slowFailures) slowFailures.plan = await failuresPlan(pool);
  } catch (err) {
    report.error = (err as Error).message;
    log(`[bench] call log: ${report.error}`);
  } finally {
    await pool.end().catch(() => {});
    await server.stop();
  }
  return report;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Total Time'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

function summarise(root: { Plan: PlanNode; 'Execution Time': number }): string {
  const parts: string[] = [];
  const walk = (n: PlanNode) => {
    if (n['Relation Name'] || n['Index Name']) {
      parts.push(
        `${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}` +
          ` (rows ${n['Actual Rows'] ?? '?'}${(n['Actual Loops'] ?? 1) > 1 ? ` × ${n['Actual Loops']} loops` : ''}${n['Rows Removed by Filter'] ? `, removed by filter ${n['Rows Removed by Filter']}` : ''}, ` +
          `buffers hit ${n['Shared Hit Blocks'] ?? 0} read ${n['Shared Read Blocks'] ?? 0})`,
      );
    }
    n.Plans?.forEach(walk);
  };
  walk(root.Plan);
  return `${root.Plan['Node Type']} ${root['Execution Time'].toFixed(1)} ms: ${parts.join('; ')}`;
}

async function planSummary(db: pg.Pool, q: { text: string; values: unknown[] }): Promise<string> {
  const { rows } = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.text}`, q.values);
  return summarise(rows[0]!['QUERY PLAN'][0]);
}

async function failuresPlan(db: pg.Pool): Promise<string> {
  // listFailures' SQL is internal: capture it from one call
  const sink: { text?: string; values?: unknown[] } = {};
  await listFailures(recordingDb(db, sink), new Date());
  return planSummary(db, { text: sink.text!, values: sink.values! });
}

export function callLogMarkdown(r: CallLogReport): string {
  const lines = [
    `### Call log (PostgreSQL 15, ${r.rows.toLocaleString('en')} calls, seeded in ${(r.seedMs / 1000).toFixed(1)} s; ${r.runsPerQuery} runs per query after warm-up, 50 rows a page)`,
    '',
    `| query | rows | p50 ms | p95 ms | max ms | p95 < ${r.goalP95Ms} ms |`,
    '|---|---:|---:|---:|---:|---|',
  ];
  for (const q of r.queries) lines.push(`| ${q.name} | ${q.rowsReturned} | ${q.p50} | ${q.p95} | ${q.max} | ${q.pass ? 'PASS' : 'FAIL'} |`);
  lines.push('');
  const failed = r.queries.filter((q) => !q.pass);
  lines.push(`- ${failed.length === 0 && !r.error && r.queries.length ? 'PASS' : 'FAIL'}: every call-log query p95 < ${r.goalP95Ms} ms` + (failed.length ? ` (${failed.length} over: ${failed.map((q) => q.name).join(', ')})` : ''));
  for (const q of failed) if (q.plan) lines.push(`- plan of "${q.name}": ${q.plan}`);
  if (r.error) lines.push(`- ERROR: ${r.error}`);
  return lines.join('\n');
}
