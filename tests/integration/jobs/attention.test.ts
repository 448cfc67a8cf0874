import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryJob, type RetryOutcome } from '../../../lib/jobs/actions';
import { countAttentionJobs, listAttentionJobs, type AttentionJob, type AttentionPage } from '../../../lib/jobs/attention';
import { makeOrder } from '../../../lib/marketplace/mockOrders';
import { attention } from '../../../lib/overview';
import { isRefusal, type Refusal } from '../../../lib/refusal';
import { createRuntime, type Runtime } from '../../../lib/runtime';
import { loadConfig } from '../../../lib/config';
import { startApp, type AppProcess } from '../helpers/app-process';
import { ConsoleSession } from '../helpers/console-session';
import { call, freshDatabase, tempDir, TEST_KEY, waitFor } from '../helpers/runtime';
import { useEmulatedMarketplace } from '../helpers/marketplace';

/**
 * Background jobs in the attention queue (issue 7), against the real PostgreSQL and pg-boss: a provisioning job whose
 * order fetch fails is listed while it retries (attempt, maximum, next try, last error), Retry now runs it at once and
 * once however often it is clicked, a given-up job is listed until a later job of its subject or a retry settles it,
 * and the Overview counts them.
 */

const q = async <T extends Record<string, unknown>>(rt: Runtime, sql: string, params: unknown[] = []) => (await rt.pool.query<T>(sql, params)).rows;

function page(v: AttentionPage | Refusal): AttentionPage {
  if (isRefusal(v)) throw v;
  return v;
}

function ok(v: RetryOutcome | Refusal): RetryOutcome {
  if (isRefusal(v)) throw v;
  return v;
}

async function jobsOf(rt: Runtime, instanceId: string): Promise<AttentionJob[]> {
  return page(await listAttentionJobs(rt.pool, { instanceId })).jobs;
}

const setup = useEmulatedMarketplace;

describe('a failing job (retrying with a long backoff)', () => {
  // 4 attempts; the first retry waits 60 to 120 s (pg-boss's backoff), far longer than this test
  const ctx = setup({ JOB_RETRY_LIMIT: '3', JOB_RETRY_DELAY_SECONDS: '60' });

  it('is listed with its attempt, maximum, next try and last error, counted, and Retry now runs it at once, once', async () => {
    const { rt, state } = ctx;
    const businessId = crypto.randomUUID();
    const body = { activity: 'newInstance', orderId: 'ATT-LATE', orderLineId: 'ATT-LATE-1', businessId };
    expect((await call(rt, { body })).json.resultCode).toBe('000004');
    const [job] = await waitFor(async () => {
      const jobs = await jobsOf(rt, businessId);
      return jobs.length ? jobs : undefined;
    }, 20_000, 'the failing job to be listed');
    const now = Date.now();
    expect(job).toMatchObject({
      queue: 'provision',
      kind: 'provision',
      instanceId: businessId,
      orderId: 'ATT-LATE',
      orderLineId: 'ATT-LATE-1',
      state: 'failing',
      running: false,
      attempt: 1,
      maxAttempts: 4,
      gaveUpAt: null,
      rerunOf: null,
    });
    expect(Date.parse(job!.nextTry!)).toBeGreaterThan(now + 45_000);
    expect(job!.lastError).toMatch(/ATT-LATE/);
    expect(Date.parse(job!.firstFailedAt!)).toBeLessThanOrEqual(now);
    expect(await countAttentionJobs(rt.pool)).toEqual({ failing: 1, gaveUp: 0 });
    expect(await attention(rt.pool)).toMatchObject({ failingJobs: 1, gaveUpJobs: 0 });
    // the list of every instance has it too, and the other instance filter does not
    expect(page(await listAttentionJobs(rt.pool)).jobs.map((j) => j.id)).toEqual([job!.id]);
    expect(await jobsOf(rt, 'some-other-instance')).toEqual([]);

    // the order arrives; two Retry now at once: the same job is due now, and runs once
    state.orders.putOrder(makeOrder({ orderId: 'ATT-LATE', orderLineId: 'ATT-LATE-1' }));
    const clicked = Date.now();
    const [a, b] = (await Promise.all([retryJob(rt, job!.id), retryJob(rt, job!.id)])).map((r) => ok(r.outcome));
    for (const r of [a!, b!]) {
      expect(r).toMatchObject({ id: job!.id, jobId: job!.id });
      if (r.state === 'queued') expect(Date.parse(r.nextTry!)).toBeLessThanOrEqual(Date.now());
    }
    await waitFor(async () => (await q(rt, `SELECT 1 FROM instance WHERE id = $1 AND status = 'active'`, [businessId])).length === 1, 15_000, 'the instance to be active');
    expect(Date.now() - clicked).toBeLessThan(15_000);
    // the instance turns active inside the job; pg-boss marks the job completed a moment after the handler returns
    const bossState = async () =>
      (
        await q<{ state: string; retry_count: number }>(
          rt,
          `SELECT state::text, retry_count FROM pgboss.job WHERE id = $1 UNION ALL SELECT state::text, retry_count FROM pgboss.archive WHERE id = $1`,
          [job!.id],
        )
      )[0];
    await waitFor(async () => (await bossState())?.state === 'completed', 10_000, 'pg-boss to mark the job completed');
    // attempt 1 failed, attempt 2 (the retry) succeeded: no third run
    expect(await bossState()).toEqual({ state: 'completed', retry_count: 1 });
    const calls = await q<{ success: boolean }>(rt, `SELECT success FROM call WHERE job_id = $1 AND activity = 'queryOrder' AND success`, [job!.id]);
    expect(calls).toHaveLength(1);
    expect(await q(rt, `SELECT 1 FROM job WHERE instance_id = $1`, [businessId])).toHaveLength(1);

    // settled: not listed, not counted, and nothing left to retry
    expect(await jobsOf(rt, businessId)).toEqual([]);
    expect(await countAttentionJobs(rt.pool)).toEqual({ failing: 0, gaveUp: 0 });
    const again = await retryJob(rt, job!.id);
    expect(isRefusal(again.outcome) && again.outcome).toMatchObject({ kind: 'conflict', key: 'errors.job.completed' });
    expect(await retryJob(rt, crypto.randomUUID())).toMatchObject({ outcome: { kind: 'notFound', key: 'errors.job.notFound' } });
    expect(await retryJob(rt, 'not-a-job-id')).toMatchObject({ outcome: { kind: 'notFound' } });
  });

  it('pages newest first with a cursor, and refuses a cursor it did not hand out', async () => {
    const { rt } = ctx;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const businessId = crypto.randomUUID();
      await call(rt, { body: { activity: 'newInstance', orderId: `ATT-PAGE-${i}`, orderLineId: `ATT-PAGE-${i}-1`, businessId } });
      ids.push(businessId);
    }
    await waitFor(async () => (await countAttentionJobs(rt.pool)).failing === 3, 20_000, 'three failing jobs');
    const first = page(await listAttentionJobs(rt.pool, { limit: 2 }));
    expect(first.jobs.map((j) => j.instanceId)).toEqual([ids[2], ids[1]]);
    const second = page(await listAttentionJobs(rt.pool, { limit: 2, cursor: first.nextCursor! }));
    expect(second.jobs.map((j) => j.instanceId)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeUndefined();
    const bad = await listAttentionJobs(rt.pool, { cursor: 'bm90LW91cnM' });
    expect(bad).toMatchObject({ kind: 'invalid', key: 'errors.job.cursor', fields: { cursor: { key: 'errors.job.cursor' } } });
  });
});

describe('a job that gave up', () => {
  // 2 attempts, a second apart: jobs give up within seconds
  const ctx = setup({ JOB_RETRY_LIMIT: '1', JOB_RETRY_DELAY_SECONDS: '1' });
  const gaveUp = (rt: Runtime, instanceId: string, queue: string) =>
    waitFor(async () => {
      const jobs = (await jobsOf(rt, instanceId)).filter((j) => j.queue === queue && j.state === 'gaveUp');
      return jobs.length ? jobs : undefined;
    }, 30_000, `a given-up ${queue} job`);

  it('is listed until a later job of its subject takes it over, and Retry now re-queues it once with a fresh budget', async () => {
    const { rt, state } = ctx;
    const businessId = crypto.randomUUID();
    const body = { activity: 'newInstance', orderId: 'ATT-GONE', orderLineId: 'ATT-GONE-1', businessId };
    await call(rt, { body });
    const [first] = await gaveUp(rt, businessId, 'provision');
    expect(first).toMatchObject({ kind: 'provision', state: 'gaveUp', running: false, attempt: 2, maxAttempts: 2, nextTry: null });
    expect(first!.lastError).toMatch(/ATT-GONE/);
    expect(first!.gaveUpAt).not.toBeNull();
    expect(await attention(rt.pool)).toMatchObject({ failedInstances: 1, failingJobs: 0, gaveUpJobs: 1 });

    // the marketplace retries newInstance: a new provision job of the same instance; the given-up one is settled by it
    await call(rt, { body: { ...body, businessId: crypto.randomUUID() } });
    const [second] = await waitFor(async () => {
      const jobs = (await jobsOf(rt, businessId)).filter((j) => j.state === 'gaveUp' && j.id !== first!.id);
      return jobs.length ? jobs : undefined;
    }, 30_000, 'the second job to give up');
    // one entry for the subject: the latest
    expect((await jobsOf(rt, businessId)).map((j) => j.id)).toEqual([second!.id]);
    expect(await countAttentionJobs(rt.pool)).toEqual({ failing: 0, gaveUp: 1 });
    // the earlier one is not retried over the later one's head
    const stale = await retryJob(rt, first!.id);
    expect(stale.outcome).toMatchObject({ kind: 'conflict', key: 'errors.job.superseded', vars: { later: second!.id } });

    // the order arrives; two Retry now at once: one re-run, the instance provisioned
    state.orders.putOrder(makeOrder({ orderId: 'ATT-GONE', orderLineId: 'ATT-GONE-1' }));
    const outcomes = (await Promise.all([retryJob(rt, second!.id), retryJob(rt, second!.id)])).map((r) => r.outcome);
    const a = outcomes.find((o): o is RetryOutcome => !isRefusal(o));
    expect(a).toMatchObject({ id: second!.id, state: 'queued' });
    expect(a!.jobId).not.toBe(second!.id);
    // the other click answers the re-run the first queued (or, had it finished already, that it took the job over)
    for (const o of outcomes) {
      if (isRefusal(o)) expect(o).toMatchObject({ key: 'errors.job.superseded', vars: { later: a!.jobId } });
      else expect(o.jobId).toBe(a!.jobId);
    }
    await waitFor(async () => (await q(rt, `SELECT 1 FROM instance WHERE id = $1 AND status = 'active'`, [businessId])).length === 1, 30_000, 'the instance to be active');
    // the job's row says completed a moment after the instance is active (the worker records it once the handler returned)
    await waitFor(async () => (await q(rt, `SELECT 1 FROM job WHERE id = $1 AND state = 'completed'`, [a!.jobId])).length === 1, 30_000, 'the re-run to be completed');
    const jobs = await q<{ id: string; rerun_of: string | null; state: string }>(rt, `SELECT id, rerun_of, state FROM job WHERE instance_id = $1 AND queue = 'provision' ORDER BY created_at`, [
      businessId,
    ]);
    expect(jobs.map((j) => j.state)).toEqual(['failed', 'failed', 'completed']);
    expect(jobs[2]).toMatchObject({ id: a!.jobId, rerun_of: second!.id });
    // a fresh retry budget: the queue's, not one more attempt
    const [budget] = await q<{ retry_limit: number }>(rt, `SELECT retry_limit FROM pgboss.job WHERE id = $1`, [a!.jobId]);
    expect(budget!.retry_limit).toBe(1);
    expect(await jobsOf(rt, businessId)).toEqual([]);
    expect(await attention(rt.pool)).toMatchObject({ failedInstances: 0, gaveUpJobs: 0 });
  });

  it('a renewal whose order fetch gave up is listed by its kind and order, and Retry now applies it', async () => {
    const { rt, state } = ctx;
    const businessId = crypto.randomUUID();
    state.orders.putOrder(makeOrder({ orderId: 'ATT-NEW', orderLineId: 'ATT-NEW-1' }));
    await call(rt, { body: { activity: 'newInstance', orderId: 'ATT-NEW', orderLineId: 'ATT-NEW-1', businessId } });
    await waitFor(async () => (await q(rt, `SELECT 1 FROM instance WHERE id = $1 AND status = 'active'`, [businessId])).length === 1, 30_000);
    const renewal = { activity: 'refreshInstance', instanceId: businessId, orderId: 'ATT-RENEW', orderLineId: 'ATT-RENEW-1', scene: 'RENEWAL', expireTime: '20301231000000' };
    expect((await call(rt, { body: renewal })).json.resultCode).toBe('000000');
    const [job] = await gaveUp(rt, businessId, 'apply-order');
    expect(job).toMatchObject({ kind: 'renewal', orderId: 'ATT-RENEW', orderLineId: 'ATT-RENEW-1', attempt: 2, maxAttempts: 2 });
    expect(await attention(rt.pool)).toMatchObject({ failedInstances: 0, gaveUpJobs: 1 });

    state.orders.putOrder(makeOrder({ orderId: 'ATT-RENEW', orderLineId: 'ATT-RENEW-1' }));
    const retried = ok((await retryJob(rt, job!.id)).outcome);
    await waitFor(async () => (await q(rt, `SELECT 1 FROM job WHERE id = $1 AND state = 'completed'`, [retried.jobId])).length === 1, 30_000, 'the re-run');
    expect(await jobsOf(rt, businessId)).toEqual([]);
    expect(await q(rt, `SELECT 1 FROM instance_order WHERE instance_id = $1 AND order_id = 'ATT-RENEW'`, [businessId])).toHaveLength(1);
  });
});

/** The console API over HTTP, in a `next start` process (needs `npm run build`): envelopes, roles, audit. */
describe('the jobs console API', () => {
  const ADMIN = { email: 'jobs-admin@example.com', password: 'jobs-admin-password' };
  const SUPPORT = { email: 'jobs-support@example.com', password: 'jobs-support-password' };
  const VIEWER = { email: 'jobs-viewer@example.com', password: 'jobs-viewer-password' };
  let app: AppProcess;
  let rt: Runtime;
  let db: pg.Pool;
  const sessions: Record<'admin' | 'support' | 'viewer', ConsoleSession> = {} as never;

  beforeAll(async () => {
    const databaseUrl = await freshDatabase('jobsapi');
    // the app's jobs fail on an unknown order and wait a minute before their retry
    app = await startApp({
      DATABASE_URL: databaseUrl,
      DATA_DIR: tempDir(),
      MARKETPLACE_KEY: TEST_KEY,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      JOB_RETRY_LIMIT: '3',
      JOB_RETRY_DELAY_SECONDS: '60',
      JOB_POLL_SECONDS: '0.5',
    });
    // marketplace calls from this process, on the app's database; the app's workers run the jobs
    // (with the app's queue settings: starting pg-boss updates the queues with them)
    const queues = { JOB_RETRY_LIMIT: '3', JOB_RETRY_DELAY_SECONDS: '60' };
    rt = await createRuntime(loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: tempDir(), MARKETPLACE_KEY: TEST_KEY, LOG_LEVEL: 'error', BREAKER_FAILURES: '1000', ...queues }), {
      workers: false,
      startEmulator: async () => ({ openApi: { base: 'http://127.0.0.1:9' }, close: async () => {} }),
    });
    db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    sessions.admin = new ConsoleSession(app.url);
    await sessions.admin.signIn(ADMIN);
    for (const [role, user] of [['support', SUPPORT], ['viewer', VIEWER]] as const) {
      const created = await sessions.admin.send('POST', '/api/console/users', { email: user.email, role, password: user.password });
      expect(created.status, created.text).toBe(201);
      sessions[role] = new ConsoleSession(app.url);
      await sessions[role].signIn(user);
    }
  });
  afterAll(async () => {
    await rt?.close();
    await app?.stop();
    await db?.end();
  });

  it('lists failing jobs to viewers, lets support retry them, and answers 401 / 400 / 403 / 404 / 409 in the one envelope', async () => {
    const stranger = new ConsoleSession(app.url);
    const anonymous = await stranger.send('GET', '/api/console/jobs/failing');
    // (proxy.ts answers strangers before the route does, still in its own shape: the error's text is the same)
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(anonymous.json.error)).toContain('Sign in first.');
    expect((await stranger.send('POST', `/api/console/jobs/${crypto.randomUUID()}/retry`)).status).toBe(401);

    const empty = await sessions.viewer.send('GET', '/api/console/jobs/failing?instanceId=&cursor=&limit=');
    expect(empty.status, empty.text).toBe(200);
    expect(empty.json).toEqual({ now: expect.any(String), jobs: [] });
    const badLimit = await sessions.viewer.send('GET', '/api/console/jobs/failing?limit=0');
    expect(badLimit.status).toBe(400);
    expect(Object.keys((badLimit.json.error as { fields: object }).fields)).toEqual(['limit']);
    const badCursor = await sessions.viewer.send('GET', '/api/console/jobs/failing?cursor=xyz');
    expect(badCursor).toMatchObject({ status: 400, json: { error: { key: 'errors.job.cursor', fields: { cursor: expect.stringMatching(/cursor/) } } } });

    // a provisioning job failing on an order the marketplace does not have (yet)
    const businessId = crypto.randomUUID();
    await call(rt, { body: { activity: 'newInstance', orderId: 'HTTP-LATE', orderLineId: 'HTTP-LATE-1', businessId } });
    const listed = await waitFor(async () => {
      const r = await sessions.viewer.send('GET', `/api/console/jobs/failing?instanceId=${businessId}`);
      return (r.json.jobs as AttentionJob[] | undefined)?.length ? r : undefined;
    }, 30_000, 'the failing job over HTTP');
    const [job] = listed.json.jobs as AttentionJob[];
    expect(job).toMatchObject({ kind: 'provision', state: 'failing', attempt: 1, maxAttempts: 4, instanceId: businessId });

    // a viewer may not retry: 403, audited as denied
    const denied = await sessions.viewer.send('POST', `/api/console/jobs/${job!.id}/retry`);
    expect(denied).toMatchObject({ status: 403, json: { error: { key: 'errors.needsRole', message: 'This needs the support role.' } } });
    // support may: the job is due now
    const retried = await sessions.support.send('POST', `/api/console/jobs/${job!.id}/retry`);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.json).toMatchObject({ id: job!.id, jobId: job!.id, state: expect.stringMatching(/^(queued|running)$/) });
    // unknown job: 404, in the user's language
    const unknown = crypto.randomUUID();
    const missing = await sessions.support.send('POST', `/api/console/jobs/${unknown}/retry`);
    expect(missing).toMatchObject({ status: 404, json: { error: { key: 'errors.job.notFound', message: `Job ${unknown} not found.` } } });

    const audit = await db.query<{ outcome: string; detail: Record<string, unknown> }>(
      `SELECT outcome, detail FROM audit_log WHERE action = 'job.retry' AND target = $1 ORDER BY id`,
      [job!.id],
    );
    expect(audit.rows.map((r) => r.outcome)).toEqual(['denied', 'success']);
    expect(audit.rows[1]!.detail).toMatchObject({ queue: 'provision', instanceId: businessId, jobId: job!.id });

    // a completed job has nothing to retry: 409
    const done = crypto.randomUUID();
    await call(rt, { body: { activity: 'newInstance', orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId: done } });
    const [completed] = await waitFor(async () => {
      const { rows } = await db.query<{ id: string }>(`SELECT id FROM job WHERE instance_id = $1 AND state = 'completed'`, [done]);
      return rows.length ? rows : undefined;
    }, 30_000, 'a completed job');
    const conflict = await sessions.support.send('POST', `/api/console/jobs/${completed!.id}/retry`);
    expect(conflict).toMatchObject({ status: 409, json: { error: { key: 'errors.job.completed', message: 'This job has completed: there is nothing to retry.' } } });
  });
});
