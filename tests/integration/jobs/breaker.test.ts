import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../../emulator/server';
import { createEmulatorState, injectFault } from '../../../emulator/state';
import { makeOrder } from '../../../lib/marketplace/mockOrders';
import { breakerFor } from '../../../lib/openapi/breaker';
import type { Runtime } from '../../../lib/runtime';
import { call, sleep, startTestRuntime, waitFor } from '../helpers/runtime';

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
  const state = createEmulatorState({ credentials: [{ ak: 'brk-ak', sk: 'brk-sk' }] });
  let emulator: EmulatorServer;
  let rt: Runtime;
  beforeAll(async () => {
    emulator = await startEmulatorServer({ state });
    rt = await startTestRuntime({
      MARKETPLACE_API_BASE: emulator.url,
      HUAWEICLOUD_AK: 'brk-ak',
      HUAWEICLOUD_SK: 'brk-sk',
      JOB_RETRY_LIMIT: '3',
      JOB_RETRY_DELAY_SECONDS: '1',
      BREAKER_FAILURES: String(FAILURES),
      BREAKER_PROBE_SECONDS: String(PROBE_SECONDS),
    });
  });
  afterAll(async () => {
    await rt?.close();
    await emulator?.close();
    breakerFor('queryOrder').succeeded();
  });
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await rt.pool.query<T>(sql, params)).rows;
  const queryOrderCalls = async () => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM call WHERE direction = 'outbound' AND activity = 'queryOrder'`))[0]!.n;
  const buy = async (orderId: string) => {
    state.orders.putOrder(makeOrder({ orderId, orderLineId: `${orderId}-1` }));
    const r = await call(rt, { body: { activity: 'newInstance', orderId, orderLineId: `${orderId}-1`, businessId: crypto.randomUUID() } });
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
    expect(await rt.pool.query(`SELECT 1 FROM job WHERE queue = 'provision' AND state = 'failed'`).then((r) => r.rowCount)).toBe(0);
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
    expect(await rt.pool.query(`SELECT 1 FROM job WHERE queue = 'provision' AND state = 'failed'`).then((r) => r.rowCount)).toBe(0);
    expect(breakerFor('queryOrder').snapshot().state).toBe('closed');
  });
});
