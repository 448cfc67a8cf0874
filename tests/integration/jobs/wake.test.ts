import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config';
import { makeOrder } from '../../../lib/marketplace/mockOrders';
import { createRuntime, type Runtime } from '../../../lib/runtime';
import { useEmulatedMarketplace } from '../helpers/marketplace';
import { call, sleep, tempDir, TEST_KEY, waitFor } from '../helpers/runtime';

/**
 * Issue 12, wake on enqueue (lib/jobs/wake.ts): with a polling interval of five minutes, a purchase is still provisioned
 * at once, since its transaction's commit wakes this process's workers; jobs another process enqueued wait for the poll,
 * until a worker woken here finds them, and it then takes batch after batch without waiting the interval out.
 */

const POLL_SECONDS = 300;
const OTHER_PURCHASES = 23;

describe('wake on enqueue', () => {
  const t = useEmulatedMarketplace({ JOB_POLL_SECONDS: String(POLL_SECONDS) });
  // another process on the same database, without workers: what it enqueues wakes nobody here
  let other: Runtime;
  beforeAll(async () => {
    other = await createRuntime(
      loadConfig({
        DATABASE_URL: t.rt.databaseUrl,
        DATA_DIR: tempDir(),
        MARKETPLACE_KEY: TEST_KEY,
        MARKETPLACE_API_BASE: t.emulator.url,
        HUAWEICLOUD_AK: 'it-ak',
        HUAWEICLOUD_SK: 'it-sk',
        LOG_LEVEL: 'error',
        BREAKER_FAILURES: '1000',
      }),
      { workers: false },
    );
  });
  afterAll(async () => {
    await other?.close();
  });
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await t.rt.pool.query<T>(sql, params)).rows;
  const buy = async (rt: Runtime, orderId: string) => {
    t.state.orders.putOrder(makeOrder({ orderId, orderLineId: `${orderId}-1` }));
    const r = await call(rt, { body: { activity: 'newInstance', orderId, orderLineId: `${orderId}-1`, businessId: crypto.randomUUID() } });
    return r.json.instanceId as string;
  };
  const active = async (ids: string[]) => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM instance WHERE id = ANY($1) AND status = 'active'`, [ids]))[0]!.n;

  it('provisions a purchase at once, though the workers poll every five minutes', async () => {
    // the workers' first fetch at start has found nothing: from here they would wait out the interval
    await sleep(1000);
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const id = await buy(t.rt, `WAKE-${i}-${Date.now()}`);
      await waitFor(async () => (await active([id])) === 1, 30_000, `purchase ${i} to be provisioned`);
      // at the poll it would have taken minutes; on a loaded machine a provisioning takes well under a second
      expect(Date.now() - started).toBeLessThan(5000);
    }
  });

  it('takes the jobs other processes enqueued with the next wake-up, batch after batch', async () => {
    const theirs: string[] = [];
    for (let i = 0; i < OTHER_PURCHASES; i++) theirs.push(await buy(other, `WAKE-OTHER-${i}-${Date.now()}`));
    // no worker of this process was told (they are another process's commits): they wait for the poll
    await sleep(2000);
    expect(await active(theirs)).toBe(0);
    // one purchase here wakes one worker, which finds them too; a full batch makes it fetch again at once
    const started = Date.now();
    const ours = await buy(t.rt, `WAKE-OURS-${Date.now()}`);
    await waitFor(async () => (await active([...theirs, ours])) === OTHER_PURCHASES + 1, 30_000, 'every purchase to be provisioned');
    // batches of 5: without fetching again after a full batch, all but the first batch would wait minutes
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
