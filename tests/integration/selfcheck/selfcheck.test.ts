import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser } from '../../../lib/auth/users';
import { listRuns, runResults } from '../../../lib/debugger/queries';
import { removeCase, saveCase } from '../../../lib/debugger/runner';
import { listAttentionJobs } from '../../../lib/jobs/attention';
import { QUEUES } from '../../../lib/jobs/queue';
import { isRefusal } from '../../../lib/refusal';
import type { Runtime } from '../../../lib/runtime';
import { latestSelfCheck, selfCheckStreak, selfCheckSummary } from '../../../lib/selfcheck/queries';
import { scheduleSelfCheck } from '../../../lib/selfcheck/run';
import { parseSelfCheckSchedule, slotKey } from '../../../lib/selfcheck/schedule';
import { useAppOverHttp } from '../helpers/produce-server';
import { startTestRuntime, waitFor } from '../helpers/runtime';

/**
 * The self-check (issue 12): the scheduler's tick enqueues one job per slot across processes, and the job replays
 * the saved debugger cases against the app's production URL as Run all does, recorded as a `scheduled` run.
 * The tick takes `now`: the slots here are of December 2026, whatever the clock says.
 */

const support: ConsoleUser = { id: randomUUID(), email: 'support@it.test', name: null, role: 'support', locale: 'en' };
const schedule = parseSelfCheckSchedule('07:00,19:00', 'Asia/Shanghai')!;

/** Our `job` rows and pg-boss's jobs of the self-check queue. */
async function selfCheckJobs(rt: Runtime) {
  const ours = await rt.pool.query<{ id: string; state: string; data: { slot: string } }>(`SELECT id, state, data FROM job WHERE queue = $1 ORDER BY created_at`, [QUEUES.selfCheck]);
  const boss = await rt.pool.query<{ id: string; singleton_key: string }>(
    `SELECT id::text, singleton_key FROM pgboss.job WHERE name = $1 UNION ALL SELECT id::text, singleton_key FROM pgboss.archive WHERE name = $1`,
    [QUEUES.selfCheck],
  );
  return { ours: ours.rows, boss: boss.rows };
}

describe('self-check scheduling: one job per slot across processes', () => {
  let a: Runtime;
  let b: Runtime;
  beforeAll(async () => {
    a = await startTestRuntime({}, { workers: false });
    b = await startTestRuntime({ DATABASE_URL: a.config.databaseUrl! }, { workers: false });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('two runtimes ticking the same slot, ten times each at once, enqueue exactly one job; later ticks of the slot none', async () => {
    // 07:00 in Shanghai on 2026-12-04 is 23:00 UTC on the 3rd; the processes tick 5 to 14 s after it
    const slot = Date.parse('2026-12-03T23:00:00Z');
    const ticks = await Promise.all(Array.from({ length: 20 }, (_, i) => scheduleSelfCheck((i % 2 ? a : b).pool, (i % 2 ? a : b).boss, schedule, new Date(slot + 5000 + i * 500))));
    expect(ticks.every((t) => t?.slot.toISOString() === '2026-12-03T23:00:00.000Z')).toBe(true);
    expect(ticks.filter((t) => t?.jobId).length).toBe(1);
    // 50 minutes later (a process started late) the slot is still the due one, and still has its job
    expect(await scheduleSelfCheck(a.pool, a.boss, schedule, new Date(slot + 50 * 60_000))).toMatchObject({ jobId: null });
    const jobs = await selfCheckJobs(a);
    expect(jobs.ours).toEqual([{ id: expect.any(String), state: 'created', data: { slot: '2026-12-03T23:00:00.000Z', trigger: 'schedule' } }]);
    expect(jobs.boss).toEqual([{ id: jobs.ours[0]!.id, singleton_key: slotKey(new Date(slot)) }]);
  });

  it('a slot missed by more than the hour of grace is not run; before a slot, nothing is due; the next slot gets its own job', async () => {
    const slot = Date.parse('2026-12-04T11:00:00Z'); // 19:00 in Shanghai
    expect(await scheduleSelfCheck(a.pool, a.boss, schedule, new Date(slot - 1000))).toBeUndefined();
    expect(await scheduleSelfCheck(a.pool, a.boss, schedule, new Date(slot + 61 * 60_000))).toBeUndefined();
    expect(await scheduleSelfCheck(b.pool, b.boss, null, new Date(slot + 1000))).toBeUndefined();
    const [x, y] = await Promise.all([scheduleSelfCheck(a.pool, a.boss, schedule, new Date(slot + 1000)), scheduleSelfCheck(b.pool, b.boss, schedule, new Date(slot + 1200))]);
    expect([x?.jobId, y?.jobId].filter(Boolean)).toHaveLength(1);
    expect((await selfCheckJobs(a)).ours.map((j) => j.data.slot)).toEqual(['2026-12-03T23:00:00.000Z', '2026-12-04T11:00:00.000Z']);
  });
});

describe('the self-check job replays the saved cases against the app over HTTP', () => {
  const ctx = useAppOverHttp();
  let junk: http.Server;
  let junkUrl: string;
  beforeAll(async () => {
    // a production URL that is broken: HTTP 500 with an HTML page
    junk = http.createServer((_req, res) => res.writeHead(500, { 'content-type': 'text/html' }).end('<html>Internal error</html>'));
    await new Promise<void>((r) => junk.listen(0, '127.0.0.1', r));
    junkUrl = `http://127.0.0.1:${(junk.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    junk?.closeAllConnections();
    await new Promise<void>((r) => (junk ? junk.close(() => r()) : r()));
  });

  /** Ticks at `now` and waits for the slot's job to complete; the job's outcome in the log is its run or skipped. */
  async function tickAndWait(now: string) {
    const due = await scheduleSelfCheck(ctx.rt.pool, ctx.rt.boss, schedule, new Date(now));
    expect(due?.jobId).toEqual(expect.any(String));
    return waitFor(async () => {
      const { rows } = await ctx.rt.pool.query<{ state: string }>(`SELECT state FROM job WHERE id = $1`, [due!.jobId]);
      return rows[0]?.state === 'completed' && rows[0];
    }, 60_000, 'the self-check job');
  }

  it('no saved case: the job completes and makes no run; the summary says there is nothing to replay', async () => {
    await tickAndWait('2026-12-01T23:00:30Z');
    expect(await listRuns(ctx.rt.prisma, { triggers: ['scheduled'] })).toEqual([]);
    expect(await latestSelfCheck(ctx.rt.prisma)).toBeNull();
    expect(await selfCheckSummary(ctx.rt.prisma, schedule, new Date('2026-12-01T23:01:00Z'))).toEqual({
      schedule: { times: ['07:00', '19:00'], timeZone: 'Asia/Shanghai' },
      next: '2026-12-02T11:00:00.000Z',
      latest: null,
      streakDays: 0,
      savedCases: 0,
    });
  });

  it('replays every saved case against PUBLIC_URL/api/produce as Run all does: a passing scheduled run, audited by the schedule', async () => {
    const buy = await saveCase(ctx.deps, support, {
      name: 'buy yearly',
      activity: 'newInstance',
      params: { orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId: '{{uuid}}' },
    });
    const query = await saveCase(ctx.deps, support, { name: 'query it', activity: 'queryInstance', params: { instanceId: '{{lastInstanceId}}' } });
    expect(isRefusal(buy) || isRefusal(query)).toBe(false);

    await tickAndWait('2026-12-02T11:00:05Z');
    const runs = await listRuns(ctx.rt.prisma, { triggers: ['scheduled'] });
    expect(runs.map((r) => [r.trigger, r.triggeredBy, r.passed, r.failed])).toEqual([['scheduled', 'schedule', 2, 0]]);
    const results = await runResults(ctx.rt.prisma, runs[0]!.id);
    expect(results.map((r) => [r.caseName, r.pass, r.targetUrl])).toEqual([
      ['buy yearly', true, ctx.app.productionUrl],
      ['query it', true, ctx.app.productionUrl],
    ]);
    // the calls reached the app: its call log has them, signed and valid, as test calls
    const { rows: calls } = await ctx.rt.pool.query(`SELECT activity, test_flag, signature_verdict FROM call WHERE direction = 'inbound' AND activity = 'queryInstance'`);
    expect(calls).toContainEqual({ activity: 'queryInstance', test_flag: true, signature_verdict: 'valid' });
    const { rows: audits } = await ctx.rt.pool.query(`SELECT user_email, target, outcome, detail FROM audit_log WHERE action = 'debug.self_check'`);
    expect(audits).toEqual([{ user_email: 'schedule', target: '2 debug cases', outcome: 'success', detail: { runId: runs[0]!.id, passed: 2, failed: 0 } }]);
    expect(await latestSelfCheck(ctx.rt.prisma)).toEqual({ runId: runs[0]!.id, startedAt: runs[0]!.startedAt, finishedAt: runs[0]!.finishedAt, passed: 2, failed: 0 });
    // Run all's history filter keeps the two apart
    expect((await listRuns(ctx.rt.prisma, { triggers: ['run_all'] })).length).toBe(0);
  }, 90_000);

  it('a failing case gives a failed scheduled run (the job itself completes); latestSelfCheck and the streak say so', async () => {
    const broken = await saveCase(ctx.deps, support, { name: 'broken url', activity: 'queryInstance', params: { instanceId: 'x' }, url: `${junkUrl}/produce`, key: 'junk-key' });
    expect(isRefusal(broken)).toBe(false);
    await tickAndWait('2026-12-02T23:00:05Z');
    const latest = await latestSelfCheck(ctx.rt.prisma);
    expect(latest).toMatchObject({ passed: 2, failed: 1 });
    const results = await runResults(ctx.rt.prisma, latest!.runId);
    expect(results.map((r) => [r.caseName, r.pass])).toEqual([
      ['buy yearly', true],
      ['query it', true],
      ['broken url', false],
    ]);
    // the runs are of today's real date, one passed and one failed: today did not pass
    expect(await selfCheckStreak(ctx.rt.prisma, 'Asia/Shanghai')).toBe(0);
    // a failed replay is not a failing job: nothing in the attention queue
    const page = await listAttentionJobs(ctx.rt.pool);
    expect(!isRefusal(page) && page.jobs.filter((j) => j.queue === QUEUES.selfCheck)).toEqual([]);
    if (!isRefusal(broken)) await removeCase(ctx.deps, support, broken.id);
  }, 90_000);
});

describe('the passing streak, in the schedule zone', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startTestRuntime({}, { workers: false });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('counts the days whose scheduled runs all passed back from the latest; runs of other triggers and unfinished runs do not count', async () => {
    const run = (trigger: string, at: string, failed = 0, finished = true) =>
      rt.prisma.debugRun.create({ data: { trigger, triggeredBy: 'schedule', startedAt: new Date(at), finishedAt: finished ? new Date(Date.parse(at) + 20_000) : null, passed: 3 - failed, failed } });
    await run('scheduled', '2026-11-28T23:00:00Z'); // Shanghai 11-29 07:00
    await run('scheduled', '2026-11-29T11:00:00Z'); // 11-29 19:00
    await run('scheduled', '2026-11-29T23:00:00Z'); // 11-30 07:00
    await run('scheduled', '2026-11-30T11:00:00Z', 1); // 11-30 19:00: failed
    await run('scheduled', '2026-11-30T23:00:00Z'); // 12-01
    await run('scheduled', '2026-12-01T11:00:00Z');
    await run('scheduled', '2026-12-01T23:00:00Z'); // 12-02
    await run('scheduled', '2026-12-02T11:00:00Z');
    const latest = await run('scheduled', '2026-12-02T23:00:00Z'); // 12-03 07:00
    await run('scheduled', '2026-12-03T11:00:00Z', 2, false); // 12-03 19:00, still running (or its process died)
    await run('run_all', '2026-12-03T12:00:00Z', 3); // a person's Run all that failed
    const now = new Date('2026-12-03T12:30:00Z');
    // Shanghai: 12-03, 12-02, 12-01 passed, 11-30 failed
    expect(await selfCheckStreak(rt.prisma, 'Asia/Shanghai', now)).toBe(3);
    // UTC: 12-02 and 12-01 passed, 11-30 failed (its 11:00 run)
    expect(await selfCheckStreak(rt.prisma, 'UTC', now)).toBe(2);
    expect(await latestSelfCheck(rt.prisma)).toEqual({
      runId: latest.id.toString(),
      startedAt: '2026-12-02T23:00:00.000Z',
      finishedAt: '2026-12-02T23:00:20.000Z',
      passed: 3,
      failed: 0,
    });
    expect(await selfCheckSummary(rt.prisma, schedule, now)).toMatchObject({ next: '2026-12-03T23:00:00.000Z', streakDays: 3, latest: { runId: latest.id.toString() } });
    expect(await selfCheckSummary(rt.prisma, null, now)).toMatchObject({ schedule: null, next: null, streakDays: 3 });
  });
});

describe('a self-check job that cannot run is a job of the attention queue like any other', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startTestRuntime({ JOB_RETRY_LIMIT: '0' });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('gives up, is listed by its kind, and the next slot’s self-check settles it', async () => {
    // the saved cases cannot be read (as if the database lost the table): the replay throws
    await rt.pool.query(`ALTER TABLE debug_case RENAME TO debug_case_away`);
    const first = await scheduleSelfCheck(rt.pool, rt.boss, schedule, new Date('2026-12-03T11:00:10Z'));
    const listed = await waitFor(async () => {
      const page = await listAttentionJobs(rt.pool);
      return !isRefusal(page) && page.jobs.find((j) => j.id === first?.jobId && j.state === 'gaveUp');
    }, 30_000, 'the given-up self-check job');
    expect(listed).toMatchObject({ queue: 'self-check', kind: 'selfCheck', instanceId: null, state: 'gaveUp', lastError: expect.stringMatching(/debug_case/) });

    await rt.pool.query(`ALTER TABLE debug_case_away RENAME TO debug_case`);
    const next = await scheduleSelfCheck(rt.pool, rt.boss, schedule, new Date('2026-12-03T23:00:10Z'));
    await waitFor(async () => (await rt.pool.query(`SELECT 1 FROM job WHERE id = $1 AND state = 'completed'`, [next?.jobId])).rowCount, 30_000, 'the next self-check');
    const page = await listAttentionJobs(rt.pool);
    expect(!isRefusal(page) && page.jobs.filter((j) => j.queue === QUEUES.selfCheck)).toEqual([]);
  });
});
