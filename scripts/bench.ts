/**
 * `npm run bench`: load test of the production interface on both databases, in one run.
 *
 * For the embedded database (PGlite, fresh DATA_DIR) and for PostgreSQL (a throw-away server, harness startPostgres)
 * it starts the built app (`next start`) against an in-process marketplace emulator, then measures at
 * BENCH_CONNECTIONS (32) connections, after a warm-up of BENCH_WARMUP_SECONDS (3) and for BENCH_SECONDS (10) each:
 *   - GET /api/health
 *   - POST /api/produce queryInstance of a ready instance (expects 000000)
 *   - POST /api/produce newInstance with a fresh order per request (expects 000004)
 *   - POST /api/v1/usage with a batch of 100 fresh usage events per request over 8 pay-per-use instances, with an API
 *     key made through the console (expects 202 with 100 accepted); goal on PostgreSQL: 20,000 events/s
 * Every produce request is signed afresh (new nonce, timestamp); every answer is checked. Prints one Markdown table
 * per database and the goals; writes bench-results/latest.json. Exit 1 on any unexpected answer, transport error or
 * app error log line; exit 0 otherwise, whether or not the goals are met.
 *
 * Third part, the call log at scale (scripts/bench/calllog.ts): a throw-away PostgreSQL seeded with
 * BENCH_CALLLOG_ROWS (1000000) calls, listCalls first and later pages for a set of filters plus listFailures, timed as
 * plain functions; goal p95 < 100 ms per query. BENCH_CALLLOG=0 skips it; BENCH_DATABASES=none skips the app parts.
 *
 * Fourth part, the usage push at scale (scripts/bench/usagepush.ts): a throw-away PostgreSQL with BENCH_USAGE_RECORDS
 * (100000) usage events, one per instance and hour, sealed into as many records and pushed in batches of 1,000 to the
 * in-process emulator (both signatures and every record checked); seal and send timed apart; goal < 30 s in all.
 * BENCH_USAGE_PUSH=0 skips it.
 *
 * On PostgreSQL, after the endpoints, the job queue (issue 12), on the same app:
 *   - provisioning throughput (scripts/bench/provisioning.ts): a burst of newInstance at BENCH_CONNECTIONS for
 *     BENCH_PROVISIONING_SECONDS (20), then instances provisioned per second with the built-in provisioner while the
 *     backlog it left drains (goal ≥ 100; the rates during the burst and overall beside it) and the time to provisioned
 *     of a purchase made right after the burst (goal ≤ 5 s; those made every 5 s during the burst beside it);
 *     BENCH_PROVISIONING=0 skips it
 *   - a Query Order outage (scripts/bench/outage.ts): 503 for BENCH_OUTAGE_SECONDS (120) while BENCH_OUTAGE_PURCHASES
 *     (300) purchases arrive; the most Query Order calls within a breaker probe interval while open (goal 1), a purchase
 *     once the breaker closed (≤ 5 s), the backlog (≤ 60 s), nothing lost or doubled; BENCH_OUTAGE=0 skips it
 *
 * Settings: BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CONNECTIONS, BENCH_DATABASES (embedded,postgresql; none),
 * BENCH_LOG_LEVEL (warn): the app's LOG_LEVEL, BENCH_CALLLOG (1), BENCH_CALLLOG_ROWS (1000000), BENCH_CALLLOG_RUNS (60),
 * BENCH_PROVISIONING (1), BENCH_PROVISIONING_SECONDS (20), BENCH_OUTAGE (1), BENCH_OUTAGE_SECONDS (120),
 * BENCH_OUTAGE_PURCHASES (300).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { makeOrder } from '../lib/marketplace/mockOrders';
import { buildProduceRequest, resultCodeOf, sendProduceCall } from '../lib/marketplace/call';
import { pollQueryInstance } from '../lib/marketplace/retries';
import { startEmulatorServer, type EmulatorServer } from '../emulator/server';
import { createEmulatorState } from '../emulator/state';
import { startPostgres, type PostgresServer } from '../tests/integration/harness/postgres';
import { ConsoleSession } from '../tests/integration/helpers/console-session';
import { cpuShare, postmasterPid, sampleCpu, type CpuShare } from './bench/cpu';
import { ensureBuild, initEmbeddedDatabase, startApp, tailFile, waitForHealth, type AppProcess } from './bench/app';
import { benchCallLog, callLogMarkdown, type CallLogReport } from './bench/calllog';
import { benchUsagePush, usagePushMarkdown, type UsagePushReport } from './bench/usagepush';
import { startJunkLoops, type JunkLoad } from './bench/junk';
import { resultCodeCheck, runLoad, type RunResult, type Scenario } from './bench/load';
import { benchOutage, outageMarkdown, type OutageReport } from './bench/outage';
import { benchProvisioning, provisioningMarkdown, type ProvisioningReport } from './bench/provisioning';

type DatabaseKind = 'embedded' | 'postgresql';

const ROOT = process.cwd();
const KEY = 'bench-key';
const CREDENTIALS = { ak: 'bench-ak', sk: 'bench-sk-' + randomBytes(8).toString('hex') };

function numberSetting(name: string, fallback: number): number {
  const v = process.env[name]?.trim();
  if (!v) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
}

const SETTINGS = {
  seconds: numberSetting('BENCH_SECONDS', 10),
  warmupSeconds: numberSetting('BENCH_WARMUP_SECONDS', 3),
  connections: Math.round(numberSetting('BENCH_CONNECTIONS', 32)),
  logLevel: process.env.BENCH_LOG_LEVEL?.trim() || 'warn',
  databases: (process.env.BENCH_DATABASES?.trim() === 'none'
    ? []
    : (process.env.BENCH_DATABASES?.trim() || 'embedded,postgresql').split(',').map((s) => s.trim())) as DatabaseKind[],
  callLog: process.env.BENCH_CALLLOG?.trim() !== '0',
  callLogRows: Math.round(numberSetting('BENCH_CALLLOG_ROWS', 1_000_000)),
  callLogRuns: Math.round(numberSetting('BENCH_CALLLOG_RUNS', 60)),
  usagePush: process.env.BENCH_USAGE_PUSH?.trim() !== '0',
  provisioning: process.env.BENCH_PROVISIONING?.trim() !== '0',
  provisioningSeconds: numberSetting('BENCH_PROVISIONING_SECONDS', 20),
  outage: process.env.BENCH_OUTAGE?.trim() !== '0',
  outageSeconds: numberSetting('BENCH_OUTAGE_SECONDS', 120),
  outagePurchases: Math.round(numberSetting('BENCH_OUTAGE_PURCHASES', 300)),
  usageRecords: Math.round(numberSetting('BENCH_USAGE_RECORDS', 100_000)),
};

const GOALS = {
  /** queryInstance req/s at least this share of /api/health req/s */
  queryVsHealth: 0.5,
  /** newInstance p99 below this many ms */
  newInstanceP99Ms: 250,
  /** signed queryInstance p99 below this many ms while JUNK_LOOPS clients send unsigned 0.9 MB junk (issue 6) */
  queryUnderJunkP99Ms: 500,
  /** usage events stored per second on PostgreSQL, batches of USAGE_BATCH at BENCH_CONNECTIONS (issue 8) */
  usageEventsPerSecond: 20_000,
};

/** issue 8: events per POST /api/v1/usage, and the pay-per-use instances they are spread over (one per batch) */
const USAGE_BATCH = 100;
const USAGE_INSTANCES = 8;
const ADMIN = { email: 'bench-admin@example.com', password: 'bench-' + randomBytes(12).toString('hex') };

/** issue 6: clients sending 0.9 MB, 83,000-key bodies with a fake signature, and the marketplace's rate meanwhile */
const JUNK_LOOPS = 16;
const JUNK_QUERY_CONNECTIONS = 4;

/** Variables the app reads that must come from the bench, never from the caller's shell. */
const APP_ENV_OVERRIDDEN =
  /^(PORT|DATA_DIR|DATABASE_URL|MARKETPLACE_KEY.*|MARKETPLACE_API_BASE|HUAWEICLOUD_AK|HUAWEICLOUD_SK|EMULATOR_PORT|PUBLIC_URL|PROVISIONER.*|LOG_LEVEL|ADMIN_.*|JOB_.*)$/;

interface ScenarioReport {
  endpoint: string;
  expected: string;
  warmup: RunResult;
  measured: RunResult;
  /** app log lines written during warm-up + run, by level */
  appLog: { errors: number; warnings: number; samples: string[] };
  /** Query Order calls the emulator answered during warm-up + run (provisioning jobs at work) */
  orderQueries: number;
  /** CPU use during the measured run, in % of one core */
  cpu: CpuShare;
  /** the unsigned junk sent meanwhile (the scenario under attack) */
  junk?: Awaited<ReturnType<JunkLoad['stop']>>;
}

interface GoalReport {
  goal: string;
  pass: boolean;
  detail: string;
}

interface DatabaseReport {
  database: DatabaseKind;
  appLogFile: string;
  health?: unknown;
  scenarios: ScenarioReport[];
  goals: GoalReport[];
  /** PostgreSQL only (issue 12) */
  provisioning?: ProvisioningReport;
  outage?: OutageReport;
  error?: string;
}

const cleanups: (() => Promise<void>)[] = [];
async function runCleanups(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!().catch((err) => console.error('[bench] cleanup step failed:', (err as Error).message));
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`[bench] ${sig}: stopping the app and the database…`);
    void runCleanups().finally(() => process.exit(130));
  });
}

/** Log lines the app wrote since `offset`: its JSON log (level error/warn) and the console.error of pg / pg-boss. */
function appLogSince(file: string, offset: number): { errors: number; warnings: number; samples: string[] } {
  let text = '';
  try {
    const fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.max(0, size - offset));
    fs.readSync(fd, buf, 0, buf.length, offset);
    fs.closeSync(fd);
    text = buf.toString('utf8');
  } catch {
    return { errors: 0, warnings: 0, samples: [] };
  }
  let errors = 0;
  let warnings = 0;
  const samples: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const isError = /"level":"error"|\[jobs\] pg-boss error|\[db\] idle client error|^\s*(Error|TypeError|RangeError)\b|uncaught|unhandled/i.test(line);
    const isWarn = !isError && /"level":"warn"|warning/i.test(line);
    if (isError) errors++;
    if (isWarn) warnings++;
    if ((isError || isWarn) && samples.length < 5) samples.push(line.slice(0, 400));
  }
  return { errors, warnings, samples };
}

function logSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

async function benchDatabase(kind: DatabaseKind, emulator: EmulatorServer, state: ReturnType<typeof createEmulatorState>, counters: { orderQueries: number }, resultsDir: string): Promise<DatabaseReport> {
  const report: DatabaseReport = { database: kind, appLogFile: path.join(resultsDir, `app-${kind}.log`), scenarios: [], goals: [] };
  fs.rmSync(report.appLogFile, { force: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${kind}-`));
  const localCleanups: (() => Promise<void>)[] = [async () => fs.rmSync(dataDir, { recursive: true, force: true })];
  const cleanupHere = async () => {
    while (localCleanups.length) await localCleanups.pop()!().catch((err) => console.error('[bench] cleanup step failed:', (err as Error).message));
  };
  cleanups.push(cleanupHere);
  let pgPid: number | undefined;
  let db: pg.Pool | undefined;
  try {
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'production' };
    for (const [k, v] of Object.entries(process.env)) if (!APP_ENV_OVERRIDDEN.test(k) && k !== 'NODE_ENV') env[k] = v;
    Object.assign(env, {
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: SETTINGS.logLevel,
      DATA_DIR: dataDir,
      MARKETPLACE_KEY: KEY,
      MARKETPLACE_API_BASE: emulator.url,
      HUAWEICLOUD_AK: CREDENTIALS.ak,
      HUAWEICLOUD_SK: CREDENTIALS.sk,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // one API key sends everything here; the per-key limit (default 50 requests/s) is for real clients
      API_RATE_LIMIT_PER_SECOND: '0',
    });

    if (kind === 'embedded') {
      console.log(`[bench] embedded: creating the PGlite database in ${dataDir} (before any timing)…`);
      initEmbeddedDatabase(ROOT, dataDir);
    } else {
      console.log('[bench] postgresql: starting a throw-away PostgreSQL 15…');
      const pgServer: PostgresServer = await startPostgres();
      localCleanups.push(() => pgServer.stop());
      env.DATABASE_URL = pgServer.url;
      pgPid = postmasterPid(path.join(pgServer.dir, 'data'));
      const pool = new pg.Pool({ connectionString: pgServer.url, max: 2 });
      localCleanups.push(() => pool.end());
      db = pool;
      console.log(`[bench] postgresql: ${pgServer.url}`);
    }

    console.log(`[bench] ${kind}: starting the app (next start)…`);
    const app: AppProcess = await startApp({ root: ROOT, env, logFile: report.appLogFile });
    localCleanups.push(() => app.stop());
    report.health = await waitForHealth(app);
    const healthKind = (report.health as { database?: { kind?: string } }).database?.kind;
    if (healthKind !== kind) throw new Error(`the app reports database ${healthKind}, expected ${kind}`);
    console.log(`[bench] ${kind}: app healthy on ${app.url} (pid ${app.pid})`);

    const produceUrl = `${app.url}/api/produce`;
    const runTag = randomBytes(3).toString('hex').toUpperCase();
    let seq = 0;
    const freshOrder = (chargingMode: 'PERIOD' | 'ON_DEMAND' = 'PERIOD') => {
      const orderId = `BENCH${runTag}${kind === 'embedded' ? 'E' : 'P'}${String(++seq).padStart(8, '0')}`;
      const order = makeOrder({ orderId, chargingMode });
      state.orders.putOrder(order); // in-process and synchronous: registered before the request leaves
      return { orderId, orderLineId: order.orderLine[0]!.orderLineId };
    };

    // a ready instance for queryInstance: newInstance, then poll until 000000 (provisioning went through the emulator)
    const first = freshOrder();
    const created = await sendProduceCall({ url: produceUrl, key: KEY, body: { activity: 'newInstance', ...first, businessId: randomUUID() } });
    const createdCode = resultCodeOf(created);
    const instanceId = (created.json as { instanceId?: unknown } | undefined)?.instanceId;
    if ((createdCode !== '000004' && createdCode !== '000000') || typeof instanceId !== 'string') {
      throw new Error(`newInstance for the queryInstance target answered ${created.status} ${created.rawBody || created.error}`);
    }
    const poll = await pollQueryInstance(produceUrl, KEY, instanceId, { timeoutMs: 60_000, intervalMs: 250 });
    if (!poll.ok) throw new Error(`instance ${instanceId} never became ready: ${poll.reason}; log tail:\n${tailFile(app.logFile)}`);
    console.log(`[bench] ${kind}: instance ${instanceId} ready after ${poll.polls.length} poll(s)`);

    // issue 8: an API key (through the console, as an admin would) and pay-per-use instances to report usage for
    const session = new ConsoleSession(app.url);
    await session.signIn(ADMIN);
    const created2 = await session.send('POST', '/api/console/api-keys', { name: 'bench', scopes: ['usage:write'] }, { origin: app.url });
    const apiKey = created2.json.key;
    if (created2.status !== 201 || typeof apiKey !== 'string') throw new Error(`creating the API key answered ${created2.status} ${created2.text.slice(0, 200)}`);
    const meters: string[] = [];
    for (let i = 0; i < USAGE_INSTANCES; i++) {
      const r = await sendProduceCall({ url: produceUrl, key: KEY, body: { activity: 'newInstance', ...freshOrder('ON_DEMAND'), businessId: randomUUID() } });
      const id = (r.json as { instanceId?: unknown } | undefined)?.instanceId;
      if (typeof id !== 'string') throw new Error(`newInstance of a pay-per-use order answered ${r.status} ${r.rawBody || r.error}`);
      const ready = await pollQueryInstance(produceUrl, KEY, id, { timeoutMs: 60_000, intervalMs: 250 });
      if (!ready.ok) throw new Error(`pay-per-use instance ${id} never became ready: ${ready.reason}`);
      meters.push(id);
    }
    let batchNo = 0;
    const usageBatch = () => {
      const subject = meters[batchNo++ % meters.length]!;
      const time = new Date(Date.now() - 60_000).toISOString();
      const tag = `${runTag}-${batchNo}`;
      return JSON.stringify(
        Array.from({ length: USAGE_BATCH }, (_, i) => ({ specversion: '1.0', id: `${tag}-${i}`, source: 'bench', subject, type: 'api_calls', time, data: { value: 1.5 } })),
      );
    };

    const pathOf = (url: string) => {
      const u = new URL(url);
      return u.pathname + u.search;
    };
    const scenarios: Scenario[] = [
      {
        name: 'GET /api/health',
        expected: 'HTTP 200 status ok',
        method: 'GET',
        build: () => ({ path: '/api/health' }),
        check: (status, body) => {
          if (status !== 200) return { ok: false, code: `HTTP ${status}` };
          try {
            const s = (JSON.parse(body) as { status?: unknown }).status;
            return { ok: s === 'ok', code: String(s) };
          } catch {
            return { ok: false, code: '(not JSON)' };
          }
        },
      },
      {
        name: 'POST /api/produce queryInstance',
        expected: '000000',
        method: 'POST',
        build: () => {
          const r = buildProduceRequest({ url: produceUrl, key: KEY, body: { activity: 'queryInstance', instanceId } });
          return { path: pathOf(r.url), body: r.body };
        },
        check: resultCodeCheck('000000'),
      },
      {
        name: 'POST /api/produce newInstance',
        expected: '000004',
        method: 'POST',
        build: () => {
          const r = buildProduceRequest({ url: produceUrl, key: KEY, body: { activity: 'newInstance', ...freshOrder(), businessId: randomUUID() } });
          return { path: pathOf(r.url), body: r.body };
        },
        check: resultCodeCheck('000004'),
      },
      {
        name: `POST /api/v1/usage, batches of ${USAGE_BATCH} events`,
        expected: `202, ${USAGE_BATCH} accepted`,
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}` },
        build: () => ({ path: '/api/v1/usage', body: usageBatch() }),
        check: (status, body) => {
          if (status !== 202) return { ok: false, code: `HTTP ${status}` };
          try {
            const accepted = (JSON.parse(body) as { accepted?: unknown }).accepted;
            return { ok: accepted === USAGE_BATCH, code: `accepted ${String(accepted)}` };
          } catch {
            return { ok: false, code: '(not JSON)' };
          }
        },
      },
      {
        name: `POST /api/produce queryInstance under junk (${JUNK_LOOPS} junk loops, ${JUNK_QUERY_CONNECTIONS} connections)`,
        expected: '000000',
        method: 'POST',
        connections: JUNK_QUERY_CONNECTIONS,
        background: () => startJunkLoops(produceUrl, JUNK_LOOPS),
        build: () => {
          const r = buildProduceRequest({ url: produceUrl, key: KEY, body: { activity: 'queryInstance', instanceId } });
          return { path: pathOf(r.url), body: r.body };
        },
        check: resultCodeCheck('000000'),
      },
    ];

    for (const scenario of scenarios) {
      const logOffset = logSize(app.logFile);
      const queriesBefore = counters.orderQueries;
      const connections = scenario.connections ?? SETTINGS.connections;
      const background = scenario.background?.();
      console.log(`[bench] ${kind}: ${scenario.name}: warm-up ${SETTINGS.warmupSeconds} s…`);
      const warmup = await runLoad(app.url, scenario, { seconds: SETTINGS.warmupSeconds, connections });
      console.log(`[bench] ${kind}: ${scenario.name}: measuring ${SETTINGS.seconds} s…`);
      const cpuBefore = sampleCpu({ appPgid: app.pid, postmasterPid: pgPid });
      const measured = await runLoad(app.url, scenario, { seconds: SETTINGS.seconds, connections });
      const cpu = cpuShare(cpuBefore, sampleCpu({ appPgid: app.pid, postmasterPid: pgPid }), os.cpus().length);
      const junk = await background?.stop();
      const appLog = appLogSince(app.logFile, logOffset);
      const entry: ScenarioReport = {
        endpoint: scenario.name,
        expected: scenario.expected,
        warmup,
        measured,
        appLog,
        orderQueries: counters.orderQueries - queriesBefore,
        cpu,
        ...(junk ? { junk } : {}),
      };
      if (junk) console.log(`[bench] ${kind}: junk: ${junk.sent} sent, ${junk.refused} refused with 000001, ${junk.unexpected} unexpected`);
      report.scenarios.push(entry);
      console.log(
        `[bench] ${kind}: ${scenario.name}: ${measured.reqPerSec.toFixed(1)} req/s, p50 ${measured.latency.p50} ms, p99 ${measured.latency.p99} ms, ` +
          `${measured.unexpected} unexpected (warm-up ${warmup.unexpected}), ${measured.errors + warmup.errors} errors`,
      );
      if (app.exited()) throw new Error(`the app exited during ${scenario.name}; log tail:\n${tailFile(app.logFile)}`);
    }
    report.goals = evaluateGoals(report.scenarios, kind);

    // issue 12: the job queue, on PostgreSQL
    if (db && SETTINGS.provisioning) {
      report.provisioning = await benchProvisioning({ produceUrl, key: KEY, freshOrder, db }, { seconds: SETTINGS.provisioningSeconds, connections: SETTINGS.connections });
      if (app.exited()) throw new Error(`the app exited during the provisioning burst; log tail:\n${tailFile(app.logFile)}`);
    }
    if (db && SETTINGS.outage) {
      // the app's probe interval: BREAKER_PROBE_SECONDS as given to it, else its default
      const probeSeconds = Number(env.BREAKER_PROBE_SECONDS ?? 30);
      report.outage = await benchOutage(
        { produceUrl, key: KEY, freshOrder, db, appUrl: app.url, state },
        { seconds: SETTINGS.outageSeconds, purchases: SETTINGS.outagePurchases, probeSeconds },
      );
      if (app.exited()) throw new Error(`the app exited during the outage; log tail:\n${tailFile(app.logFile)}`);
    }
  } catch (err) {
    report.error = (err as Error).message;
    console.error(`[bench] ${kind}: ${report.error}`);
  } finally {
    await cleanupHere();
    const i = cleanups.indexOf(cleanupHere);
    if (i >= 0) cleanups.splice(i, 1);
  }
  return report;
}

function evaluateGoals(scenarios: ScenarioReport[], kind: DatabaseKind): GoalReport[] {
  const by = (name: string) => scenarios.find((s) => s.endpoint.endsWith(name))?.measured;
  const health = by('/api/health');
  const query = by('queryInstance');
  const create = by('newInstance');
  const underJunk = scenarios.find((s) => s.junk)?.measured;
  const goals: GoalReport[] = [];
  if (health && query) {
    const ratio = health.reqPerSec > 0 ? query.reqPerSec / health.reqPerSec : 0;
    goals.push({
      goal: `queryInstance throughput ≥ ${GOALS.queryVsHealth * 100} % of /api/health`,
      pass: ratio >= GOALS.queryVsHealth,
      detail: `${query.reqPerSec.toFixed(1)} req/s = ${(ratio * 100).toFixed(1)} % of ${health.reqPerSec.toFixed(1)} req/s`,
    });
  }
  if (create) {
    goals.push({
      goal: `newInstance p99 < ${GOALS.newInstanceP99Ms} ms`,
      pass: create.latency.p99 < GOALS.newInstanceP99Ms,
      detail: `p99 ${create.latency.p99} ms (p50 ${create.latency.p50} ms, ${create.reqPerSec.toFixed(1)} req/s)`,
    });
  }
  const usage = scenarios.find((s) => s.endpoint.startsWith('POST /api/v1/usage'))?.measured;
  if (usage && health && kind === 'postgresql') {
    const events = usage.reqPerSec * USAGE_BATCH;
    goals.push({
      goal: `usage ingestion ≥ ${GOALS.usageEventsPerSecond.toLocaleString('en')} events/s on PostgreSQL (batches of ${USAGE_BATCH})`,
      pass: events >= GOALS.usageEventsPerSecond,
      detail: `${Math.round(events).toLocaleString('en')} events/s (${usage.reqPerSec.toFixed(1)} req/s, p99 ${usage.latency.p99} ms; /api/health ${health.reqPerSec.toFixed(1)} req/s)`,
    });
  }
  if (underJunk) {
    goals.push({
      goal: `queryInstance p99 < ${GOALS.queryUnderJunkP99Ms} ms while ${JUNK_LOOPS} clients send unsigned 0.9 MB junk`,
      pass: underJunk.latency.p99 < GOALS.queryUnderJunkP99Ms,
      detail: `p99 ${underJunk.latency.p99} ms (p50 ${underJunk.latency.p50} ms, ${underJunk.reqPerSec.toFixed(1)} req/s)`,
    });
  }
  return goals;
}

/** Problems that make the run invalid (exit 1): unexpected answers, transport errors, app errors, setup failures. */
function problemsOf(r: DatabaseReport): string[] {
  const out: string[] = [];
  if (r.error) out.push(`${r.database}: ${r.error.split('\n')[0]}`);
  for (const s of r.scenarios) {
    for (const [phase, run] of [['warm-up', s.warmup], ['run', s.measured]] as const) {
      if (run.unexpected) out.push(`${r.database} ${s.endpoint} ${phase}: ${run.unexpected} non-${s.expected} answers ${JSON.stringify(run.unexpectedCodes)}; e.g. ${run.unexpectedSamples[0] ?? ''}`);
      if (run.errors || run.timeouts || run.non2xx) out.push(`${r.database} ${s.endpoint} ${phase}: ${run.errors} errors (${run.timeouts} timeouts), ${run.non2xx} non-2xx`);
    }
    if (s.junk?.unexpected) out.push(`${r.database} ${s.endpoint}: ${s.junk.unexpected} junk answers were not 000001, e.g. ${s.junk.samples[0] ?? ''}`);
    if (s.appLog.errors) out.push(`${r.database} ${s.endpoint}: the app logged ${s.appLog.errors} error line(s), e.g. ${s.appLog.samples[0] ?? ''}`);
  }
  if (r.provisioning?.error) out.push(`${r.database} provisioning: ${r.provisioning.error}`);
  if (r.provisioning?.unexpected) out.push(`${r.database} provisioning: ${r.provisioning.unexpected} burst purchases not answered 000004`);
  if (r.outage?.error) out.push(`${r.database} outage: ${r.outage.error}`);
  return out;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

function markdown(r: DatabaseReport): string {
  const title = r.database === 'embedded' ? 'embedded database (PGlite)' : 'PostgreSQL 15';
  const lines = [
    `### ${title}`,
    '',
    '| endpoint | req/s | p50 ms | p99 ms | non-expected answers |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const s of r.scenarios) {
    const m = s.measured;
    lines.push(`| ${s.endpoint} (expects ${s.expected}) | ${fmt(m.reqPerSec)} | ${m.latency.p50} | ${m.latency.p99} | ${m.unexpected} of ${m.checked} |`);
  }
  lines.push('');
  for (const g of r.goals) lines.push(`- ${g.pass ? 'PASS' : 'FAIL'}: ${g.goal}: ${g.detail}`);
  lines.push('');
  lines.push(`CPU during each measured run (% of one core; the machine has ${r.scenarios[0]?.cpu.cores ?? '?'} cores):`);
  for (const s of r.scenarios) {
    const c = s.cpu;
    lines.push(
      `- ${s.endpoint}: app ${c.app} %` + (r.database === 'postgresql' ? `, PostgreSQL ${c.postgres} %` : ' (PGlite runs inside it)') +
        `, bench process (autocannon + emulator) ${c.bench} %, other processes ${c.others} %, whole machine ${c.machine} %`,
    );
  }
  lines.push('');
  for (const s of r.scenarios) {
    const extra: string[] = [];
    const m = s.measured;
    if (m.errors || m.timeouts || m.non2xx) extra.push(`${m.errors} transport errors, ${m.timeouts} timeouts, ${m.non2xx} non-2xx`);
    if (s.warmup.unexpected) extra.push(`${s.warmup.unexpected} non-expected answers in the warm-up`);
    if (s.appLog.errors || s.appLog.warnings) extra.push(`app log: ${s.appLog.errors} error / ${s.appLog.warnings} warn lines`);
    if (s.junk) extra.push(`${s.junk.sent} junk requests answered meanwhile (${s.junk.refused} refused with 000001)`);
    if (s.endpoint.endsWith('newInstance')) extra.push(`${s.orderQueries} Query Order calls by provisioning jobs during warm-up + run (${s.warmup.total + m.total} instances created)`);
    if (extra.length) lines.push(`- ${s.endpoint}: ${extra.join('; ')}`);
  }
  if (r.provisioning) lines.push('', provisioningMarkdown(r.provisioning));
  if (r.outage) lines.push('', outageMarkdown(r.outage));
  if (r.error) lines.push(`- ERROR: ${r.error}`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(ROOT, 'package.json')) || !fs.existsSync(path.join(ROOT, 'app'))) {
    throw new Error(`run from the project root (npm run bench); cwd is ${ROOT}`);
  }
  const startedAt = new Date();
  const resultsDir = path.join(ROOT, 'bench-results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const notes: string[] = [];
  let buildId: string | undefined;
  const reports: DatabaseReport[] = [];
  if (SETTINGS.databases.length) {
    const buildWarning = ensureBuild(ROOT);
    if (buildWarning) {
      notes.push(buildWarning);
      console.warn(`[bench] warning: ${buildWarning}`);
    }
    buildId = fs.readFileSync(path.join(ROOT, '.next', 'BUILD_ID'), 'utf8').trim();

    // the marketplace's open API (Query Order) for the provisioning jobs, in this process
    const state = createEmulatorState({ credentials: [CREDENTIALS], marketplaceKey: KEY, maxCalls: 500 });
    const counters = { orderQueries: 0 };
    const getOrder = state.orders.getOrder.bind(state.orders);
    state.orders.getOrder = (orderId, orderLineId) => {
      counters.orderQueries++;
      return getOrder(orderId, orderLineId);
    };
    const emulator = await startEmulatorServer({ state });
    cleanups.push(() => emulator.close());
    console.log(`[bench] marketplace emulator on ${emulator.url}`);
    console.log(
      `[bench] ${SETTINGS.connections} connections, warm-up ${SETTINGS.warmupSeconds} s, ${SETTINGS.seconds} s per endpoint, app LOG_LEVEL=${SETTINGS.logLevel}, ${os.cpus().length} CPUs`,
    );

    for (const kind of SETTINGS.databases) {
      if (kind !== 'embedded' && kind !== 'postgresql') throw new Error(`BENCH_DATABASES: unknown database "${kind}"`);
      reports.push(await benchDatabase(kind, emulator, state, counters, resultsDir));
    }
  }
  await runCleanups();

  let callLog: CallLogReport | undefined;
  if (SETTINGS.callLog) callLog = await benchCallLog({ rows: SETTINGS.callLogRows, runs: SETTINGS.callLogRuns });
  let usagePush: UsagePushReport | undefined;
  if (SETTINGS.usagePush) usagePush = await benchUsagePush({ records: SETTINGS.usageRecords });

  const problems = reports.flatMap(problemsOf);
  if (callLog?.error) problems.push(`call log: ${callLog.error.split('\n')[0]}`);
  if (usagePush?.error) problems.push(`usage push: ${usagePush.error.split('\n')[0]}`);
  console.log('\n## Benchmark results\n');
  console.log(
    (reports.length ? `${SETTINGS.connections} connections, ${SETTINGS.seconds} s per endpoint after a ${SETTINGS.warmupSeconds} s warm-up; ` : 'app benchmarks skipped (BENCH_DATABASES=none); ') +
      `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}; node ${process.version}` +
      (reports.length ? `; build ${buildId}; app LOG_LEVEL=${SETTINGS.logLevel}\n` : '\n'),
  );
  for (const r of reports) console.log(markdown(r) + '\n');
  if (callLog) console.log(callLogMarkdown(callLog) + '\n');
  if (usagePush) console.log(usagePushMarkdown(usagePush) + '\n');
  const busy = reports.flatMap((r) => r.scenarios.filter((s) => s.cpu.others > 25).map((s) => `${r.database} ${s.endpoint} (${s.cpu.others} %)`));
  if (busy.length) {
    notes.push(
      `other processes used more than a quarter of a core during: ${busy.join(', ')}; on a small machine this lowers the figures: re-run on a quiet machine before comparing`,
    );
  }
  for (const n of notes) console.log(`Note: ${n}`);
  if (problems.length) {
    console.log('\nINVALID RUN (exit 1):');
    for (const p of problems) console.log(`- ${p}`);
  }

  const out = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    settings: { ...SETTINGS, goals: GOALS },
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryMiB: Math.round(os.totalmem() / 2 ** 20), node: process.version, platform: process.platform },
    buildId,
    notes,
    ok: problems.length === 0,
    problems,
    databases: reports,
    callLog,
    usagePush,
  };
  const file = path.join(resultsDir, 'latest.json');
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`\nresults: ${path.relative(ROOT, file)}`);
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error('[bench] failed:', (err as Error).stack ?? err);
    await runCleanups();
    process.exit(1);
  },
);
