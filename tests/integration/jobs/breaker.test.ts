import { afterAll, describe, expect, it } from 'vitest';
import { injectFault } from '../../../emulator/state';
import { makeOrder } from '../../../lib/marketplace/mockOrders';
import { breakerFor } from '../../../lib/openapi/breaker';
import { useEmulatedMarketplace } from '../helpers/marketplace';
import { call, sleep, waitFor } from '../helpers/runtime';
import { hoursAgo, insertEvents } from '../usage/helpers';

/**
 * Issue 12, the outage scenario (scaled down from 2 minutes and 300 purchases): while Query Order answers 503, the
 * breaker opens after BREAKER_FAILURES failures and the app calls it once per probe interval; the waiting jobs are not
 * counted as failed attempts (with JOB_RETRY_LIMIT 3 they would have given up); once it answers again a new purchase is
 * provisioned within 5 s and the backlog soon after, every instance once.
 */

const PURCHASES = 40;
const OUTAGE_MS = 12_000;
const PROBE_SECONDS = 3;
const FAILURES = 5;

describe('a Query Order outage', () => {
  const t = useEmulatedMarketplace({ JOB_RETRY_LIMIT: '3', JOB_RETRY_DELAY_SECONDS: '1', BREAKER_FAILURES: String(FAILURES), BREAKER_PROBE_SECONDS: String(PROBE_SECONDS) });
  const state = t.state;
  afterAll(() => {
    breakerFor('queryOrder').succeeded();
    breakerFor('usagePush').succeeded();
  });
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await t.rt.pool.query<T>(sql, params)).rows;
  const queryOrderCalls = async () => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM call WHERE direction = 'outbound' AND activity = 'queryOrder'`))[0]!.n;
  const buy = async (orderId: string) => {
    state.orders.putOrder(makeOrder({ orderId, orderLineId: `${orderId}-1` }));
    const r = await call(t.rt, { body: { activity: 'newInstance', orderId, orderLineId: `${orderId}-1`, businessId: crypto.randomUUID() } });
    return r.json.instanceId as string;
  };

  it('calls once per probe interval, counts no attempt while it waits, and provisions everything once after', async () => {
    injectFault(state, { api: 'orderQuery', status: 503, count: 1_000_000 });
    const started = Date.now();
    const backlog: string[] = [];
    for (let i = 0; i < PURCHASES; i++) backlog.push(await buy(`BRK-${i}-${Date.now()}`));
    await waitFor(async () => breakerFor('queryOrder').snapshot().state !== 'closed', 20_000, 'the breaker to open');
    const atOpen = await queryOrderCalls();
    // the failures that opened it, and the calls already in flight then (a worker's batch of 5, 3 tries each)
    expect(atOpen).toBeLessThanOrEqual(FAILURES + 5 * 3);
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - started)));
    const outageMs = Date.now() - started;
    const duringOutage = (await queryOrderCalls()) - atOpen;
    // one probe per interval (and the retries inside a probing call are refused by its own failure)
    expect(duringOutage).toBeLessThanOrEqual(Math.ceil(outageMs / (PROBE_SECONDS * 1000)) + 1);
    expect(await t.rt.pool.query(`SELECT 1 FROM job WHERE queue = 'provision' AND state = 'failed'`).then((r) => r.rowCount)).toBe(0);
    // the jobs wait without using up their retries: none has a retry counted, and they say why they wait
    const [counted] = await q<{ max: number }>(`SELECT COALESCE(max(retry_count), 0)::int AS max FROM pgboss.job WHERE name = 'provision'`);
    expect(counted!.max).toBeLessThanOrEqual(1);
    const waiting = await q<{ n: number }>(`SELECT count(*)::int AS n FROM job WHERE queue = 'provision' AND last_error LIKE 'waiting: the queryOrder circuit is open%'`);
    expect(waiting[0]!.n).toBeGreaterThan(PURCHASES / 2);

    // the API is back: within a probe interval the breaker closes, and a new purchase goes first
    state.faults.length = 0;
    const back = Date.now();
    const fresh = await buy(`BRK-FRESH-${Date.now()}`);
    await waitFor(async () => (await q(`SELECT 1 FROM instance WHERE id = $1 AND status = 'active'`, [fresh])).length === 1, 30_000, 'the fresh purchase');
    // the next probe closes the breaker (at most a probe interval), then the fresh purchase's job goes first
    expect(Date.now() - back).toBeLessThan(PROBE_SECONDS * 1000 + 5000);
    await waitFor(async () => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM instance WHERE id = ANY($1) AND status = 'active'`, [backlog]))[0]!.n === PURCHASES, 60_000, 'the backlog');
    // nothing doubled: one completed provisioning per instance, and no job gave up
    const done = await q<{ instance_id: string; n: number }>(`SELECT instance_id, count(*)::int AS n FROM job WHERE queue = 'provision' AND state = 'completed' AND instance_id = ANY($1) GROUP BY instance_id`, [backlog]);
    expect(done).toHaveLength(PURCHASES);
    expect(done.every((d) => d.n === 1)).toBe(true);
    expect(await t.rt.pool.query(`SELECT 1 FROM job WHERE queue = 'provision' AND state = 'failed'`).then((r) => r.rowCount)).toBe(0);
    expect(breakerFor('queryOrder').snapshot().state).toBe('closed');
  });

  it('the usage push job refused by its open circuit waits uncounted, its records pending, and pushes them once the API answers', async () => {
    await insertEvents(t.rt.pool, [{ instanceId: 'brk-usage', hour: hoursAgo(2), value: '2' }]);
    injectFault(state, { api: 'usage', status: 503, count: 1_000_000 });
    // our row first, then the job (the worker may take it at once)
    const id = crypto.randomUUID();
    await t.rt.pool.query(`INSERT INTO job (id, queue, state, data) VALUES ($1, 'usage-push', 'created', '{"trigger":"test"}')`, [id]);
    await t.rt.boss.send('usage-push', { trigger: 'test' }, { id });
    await waitFor(async () => (await q<{ e: string | null }>(`SELECT last_error AS e FROM job WHERE id = $1`, [id]))[0]?.e?.startsWith('waiting: the usagePush circuit is open'), 30_000, 'the push job to wait');
    expect(breakerFor('usagePush').snapshot().state).not.toBe('closed');
    expect((await q(`SELECT status FROM usage_record WHERE instance_id = 'brk-usage'`)).map((r) => r.status)).toEqual(['pending']);
    // pg-boss counted at most the attempt that opened the circuit
    expect((await q<{ retry_count: number }>(`SELECT retry_count FROM pgboss.job WHERE id = $1`, [id]))[0]!.retry_count).toBeLessThanOrEqual(1);
    state.faults.length = 0;
    await waitFor(async () => (await q(`SELECT 1 FROM usage_record WHERE instance_id = 'brk-usage' AND status = 'accepted'`)).length === 1, 30_000, 'the records to be accepted');
    await waitFor(async () => (await q(`SELECT 1 FROM job WHERE id = $1 AND state = 'completed'`, [id])).length === 1, 30_000, 'the push job to complete');
  });
});

describe('Retry now on a job waiting for an open circuit', () => {
  // a probe interval far longer than the test: without the forced probe the job would wait ten minutes
  const t = useEmulatedMarketplace({ JOB_RETRY_DELAY_SECONDS: '1', BREAKER_FAILURES: '2', BREAKER_PROBE_SECONDS: '600' });
  afterAll(() => breakerFor('queryOrder').succeeded());

  it('lets its next call through as the probe at once; its success closes the circuit', async () => {
    injectFault(t.state, { api: 'orderQuery', status: 503, count: 1_000_000 });
    const orderId = `BRK-RETRY-${Date.now()}`;
    t.state.orders.putOrder(makeOrder({ orderId, orderLineId: `${orderId}-1` }));
    const r = await call(t.rt, { body: { activity: 'newInstance', orderId, orderLineId: `${orderId}-1`, businessId: crypto.randomUUID() } });
    const instanceId = r.json.instanceId as string;
    const job = await waitFor(
      async () => (await t.rt.pool.query<{ id: string }>(`SELECT id FROM job WHERE instance_id = $1 AND last_error LIKE 'waiting: the queryOrder circuit is open%'`, [instanceId])).rows[0],
      30_000,
      'the job to wait for the open circuit',
    );
    t.state.faults.length = 0;
    const { retryJob } = await import('../../../lib/jobs/actions');
    const asked = Date.now();
    const { outcome } = await retryJob(t.rt, job.id);
    expect(outcome).toMatchObject({ state: 'queued' });
    await waitFor(async () => (await t.rt.pool.query(`SELECT 1 FROM instance WHERE id = $1 AND status = 'active'`, [instanceId])).rowCount, 15_000, 'the instance provisioned');
    expect(Date.now() - asked).toBeLessThan(15_000);
    expect(breakerFor('queryOrder').snapshot().state).toBe('closed');
  });
});
