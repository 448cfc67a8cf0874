import { describe, expect, it } from 'vitest';
import { injectFault } from '../../../emulator/state';
import { makeOrder } from '../../../lib/marketplace/mockOrders';
import { useEmulatedMarketplace } from '../helpers/marketplace';
import { call, waitFor } from '../helpers/runtime';

/**
 * Issue 12: first attempts never wait behind retries. A burst of purchases whose Query Order fails leaves a backlog of
 * retrying provisioning jobs; once the open API answers again, a purchase made then is provisioned at the next fetch,
 * not after the whole backlog (pg-boss fetches by priority, then age: the retries are older).
 */

const BACKLOG = 80;
/** each Query Order answer once the API is back: the backlog then takes at least 80 / 5 × 250 ms = 4 s to drain */
const ANSWER_DELAY_MS = 250;

describe('the job queue after an outage', () => {
  // one worker of 5, whatever the defaults for PostgreSQL (lib/jobs/sizing.ts): what is fetched first is what is run first
  const t = useEmulatedMarketplace({ JOB_RETRY_LIMIT: '20', JOB_RETRY_DELAY_SECONDS: '1', JOB_CONCURRENCY: '1', JOB_BATCH_SIZE: '5' });
  const state = t.state;
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await t.rt.pool.query<T>(sql, params)).rows;
  const buy = async (orderId: string) => {
    state.orders.putOrder(makeOrder({ orderId, orderLineId: `${orderId}-1` }));
    const r = await call(t.rt, { body: { activity: 'newInstance', orderId, orderLineId: `${orderId}-1`, businessId: crypto.randomUUID() } });
    return r.json.instanceId as string;
  };

  it('a purchase made after the API came back is provisioned ahead of the retrying backlog', async () => {
    // the outage: Query Order refuses every call
    injectFault(state, { api: 'orderQuery', status: 400, errorCode: 'MKT.0199', count: 1_000_000 });
    const backlog: string[] = [];
    for (let i = 0; i < BACKLOG; i++) backlog.push(await buy(`FAIR-${i}-${Date.now()}`));
    await waitFor(async () => {
      const [row] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM job WHERE queue = 'provision' AND instance_id = ANY($1) AND attempts >= 1 AND state = 'retry'`, [backlog]);
      return row!.n === BACKLOG;
    }, 60_000, 'every backlog job to have failed once');
    // a failed attempt goes behind the first attempts
    const priorities = await q<{ priority: number; n: number }>(`SELECT priority, count(*)::int AS n FROM pgboss.job WHERE name = 'provision' AND state = 'retry' GROUP BY priority`);
    expect(priorities).toEqual([{ priority: 0, n: BACKLOG }]);

    // the API is back, slowly, and every retry is due at once (as after a long outage, when the backoffs line up)
    state.faults.length = 0;
    injectFault(state, { api: 'orderQuery', delayMs: ANSWER_DELAY_MS, count: 1_000_000 });
    await t.rt.pool.query(`UPDATE pgboss.job SET start_after = now() WHERE name = 'provision' AND state = 'retry'`);
    const started = Date.now();
    const fresh = await buy(`FAIR-FRESH-${Date.now()}`);
    await waitFor(async () => (await q(`SELECT 1 FROM instance WHERE id = $1 AND status = 'active'`, [fresh])).length === 1, 30_000, 'the fresh purchase to be provisioned');
    const waited = Date.now() - started;
    const [left] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM instance WHERE id = ANY($1) AND status = 'provisioning'`, [backlog]);
    // the backlog takes 4 s or more; the fresh purchase was taken at the next fetch, ahead of it
    expect(waited).toBeLessThan(5000);
    expect(left!.n).toBeGreaterThan(BACKLOG / 2);
    // and nothing is lost: the backlog is provisioned once the API answers
    await waitFor(async () => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM instance WHERE id = ANY($1) AND status = 'active'`, [backlog]))[0]!.n === BACKLOG, 60_000, 'the backlog');
  });
});
