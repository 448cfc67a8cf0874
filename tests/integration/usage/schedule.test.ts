import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../../emulator/server';
import { createEmulatorState, injectFault } from '../../../emulator/state';
import { loadConfig } from '../../../lib/config';
import { countAttentionJobs, listAttentionJobs } from '../../../lib/jobs/attention';
import { attention } from '../../../lib/overview';
import { isRefusal } from '../../../lib/refusal';
import { createRuntime, type Runtime } from '../../../lib/runtime';
import { listUsageFailures } from '../../../lib/usage/attention';
import { pushUsageNow, repushRecords, scheduleUsagePush, usagePushDeps } from '../../../lib/usage/push';
import { startTestRuntime, tempDir, TEST_KEY, waitFor } from '../helpers/runtime';
import { hoursAgo, insertEvents, records } from './helpers';

const CREDS = { ak: 'sched-ak', sk: 'sched-sk' };

/** The usage-push job: one per interval across processes, run by a worker; its failures in the attention queue. */
describe('usage push job', () => {
  let a: Runtime;
  let b: Runtime;
  let emulator: EmulatorServer;
  const state = createEmulatorState({ credentials: [CREDS], marketplaceKey: TEST_KEY });
  beforeAll(async () => {
    emulator = await startEmulatorServer({ state });
    const env = {
      HUAWEICLOUD_AK: CREDS.ak,
      HUAWEICLOUD_SK: CREDS.sk,
      MARKETPLACE_API_BASE: emulator.url,
      USAGE_PUSH_INTERVAL_SECONDS: '3600',
      JOB_RETRY_LIMIT: '1',
      JOB_RETRY_DELAY_SECONDS: '1',
    };
    a = await startTestRuntime(env);
    // a second process on the same database, with its own workers and timer
    b = await createRuntime(loadConfig({ ...env, DATABASE_URL: a.databaseUrl, DATA_DIR: tempDir(), MARKETPLACE_KEY: TEST_KEY, LOG_LEVEL: 'error', JOB_POLL_SECONDS: '0.5', BREAKER_FAILURES: '1000' }));
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await emulator?.close();
  });
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await a.pool.query<T>(sql, params)).rows;

  it('two processes asking many times make one job per interval, and a worker runs it', async () => {
    // both timers asked at start; now both ask again, many times at once
    const ids = await Promise.all([a, b, a, b, a, b].map((rt) => scheduleUsagePush(rt.pool, rt.boss, 3600)));
    expect(ids.every((id) => id === null)).toBe(true);
    const jobs = await q<{ id: string; singleton_on: Date | null; singleton_key: string }>(
      `SELECT id::text AS id, singleton_on, singleton_key FROM pgboss.job WHERE name = 'usage-push'`,
    );
    const slots = new Set(jobs.map((j) => j.singleton_on?.getTime()));
    // one job per slot (two only if the processes started on either side of an hour's boundary)
    expect(jobs.length).toBe(slots.size);
    expect(jobs.length).toBeLessThanOrEqual(2);
    expect(jobs.every((j) => j.singleton_key === 'usage-push' && j.singleton_on)).toBe(true);
    // each job has its row in our job table (the attention queue and the call log read it)
    expect((await q(`SELECT 1 FROM job WHERE queue = 'usage-push'`)).length).toBe(jobs.length);
    await waitFor(async () => (await q(`SELECT 1 FROM job WHERE queue = 'usage-push' AND state = 'completed'`)).length === jobs.length, 20_000, 'the push job');
  });

  it('a push job that gives up is one entry of the attention queue; rejected records are listed and counted', async () => {
    await insertEvents(a.pool, [
      { instanceId: 'att-a', hour: hoursAgo(2), value: '4' },
      { instanceId: 'att-b', hour: hoursAgo(3), value: '1.25' },
    ]);
    // the next pushes (Push now: the pair, then each record alone) are rejected
    injectFault(state, { api: 'usage', count: 3, status: 400, errorCode: 'MKT.0101' });
    expect(await pushUsageNow(usagePushDeps(a))).toMatchObject({ sealed: 2, rejected: 2, pending: 0 });
    const failures = await listUsageFailures(a.pool);
    expect(failures.total).toBe(2);
    expect(failures.records.map((r) => [r.instanceId, r.value, r.status, r.repushable])).toEqual([
      ['att-a', '4', 'rejected', true],
      ['att-b', '1.25', 'rejected', true],
    ]);
    expect(failures.records[0]!.lastError).toMatch(/MKT\.0101/);
    expect((await attention(a.pool)).usageFailures).toBe(2);

    // a job whose pushes keep failing: 2 attempts (retry limit 1), 3 HTTP requests each
    await insertEvents(a.pool, [{ instanceId: 'att-c', hour: hoursAgo(2), value: '1' }]);
    injectFault(state, { api: 'usage', count: 100, status: 503 });
    const id = await a.boss.send('usage-push', { trigger: 'test' });
    await a.pool.query(`INSERT INTO job (id, queue, state, data) VALUES ($1, 'usage-push', 'created', '{"trigger":"test"}')`, [id]);
    await waitFor(async () => (await q(`SELECT 1 FROM job WHERE id = $1 AND state = 'failed'`, [id])).length === 1, 60_000, 'the push job to give up');
    const page = await listAttentionJobs(a.pool);
    if (isRefusal(page)) throw page;
    const pushJobs = page.jobs.filter((j) => j.queue === 'usage-push');
    expect(pushJobs).toHaveLength(1);
    expect(pushJobs[0]).toMatchObject({ id, kind: 'usagePush', state: 'gaveUp', instanceId: null });
    expect(pushJobs[0]!.lastError).toMatch(/HTTP 503/);
    expect((await countAttentionJobs(a.pool)).gaveUp).toBe(1);

    // the marketplace is back: re-push the rejected ones, and the next push job settles the one that gave up
    state.faults.length = 0;
    const ids = failures.records.map((r) => r.id);
    expect(await repushRecords(a.pool, ids)).toEqual({ repushed: 2 });
    const next = await a.boss.send('usage-push', { trigger: 'test' });
    await a.pool.query(`INSERT INTO job (id, queue, state, data) VALUES ($1, 'usage-push', 'created', '{"trigger":"test"}')`, [next]);
    await waitFor(async () => (await q(`SELECT 1 FROM job WHERE id = $1 AND state = 'completed'`, [next])).length === 1, 40_000, 'the next push job');
    expect((await records(a.pool)).map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect((await countAttentionJobs(a.pool)).gaveUp).toBe(0);
    expect((await attention(a.pool)).usageFailures).toBe(0);
    expect(new Set(state.usage.records.map((r) => r.metering_sn)).size).toBe(state.usage.records.length);
    expect(state.usage.records).toHaveLength(3);
  }, 150_000);
});
