import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulatorState, injectFault } from '../../../emulator/state';
import { startEmulatorServer, type EmulatorServer } from '../../../emulator/server';
import type { Runtime } from '../../../lib/runtime';
import { call, startTestRuntime, waitFor } from '../helpers/runtime';

/** Query Order retried with backoff; provisioning that gives up marks the instance failed; a marketplace retry restarts it. */
describe('provisioning failures', () => {
  let rt: Runtime;
  let emulator: EmulatorServer;
  const state = createEmulatorState({ credentials: [{ ak: 'f-ak', sk: 'f-sk' }] });
  beforeAll(async () => {
    emulator = await startEmulatorServer({ state });
    rt = await startTestRuntime({
      MARKETPLACE_API_BASE: emulator.url,
      HUAWEICLOUD_AK: 'f-ak',
      HUAWEICLOUD_SK: 'f-sk',
      JOB_RETRY_LIMIT: '1',
      JOB_RETRY_DELAY_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await rt?.close();
    await emulator?.close();
  });
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await rt.pool.query<T>(sql, params)).rows;

  it('retries Query Order after HTTP 500s and provisions', async () => {
    injectFault(state, { api: 'orderQuery', count: 2, status: 500 });
    const businessId = crypto.randomUUID();
    await call(rt, { body: { activity: 'newInstance', orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId } });
    await waitFor(async () => (await q(`SELECT 1 FROM instance WHERE id = $1 AND status = 'active'`, [businessId])).length === 1);
    const outbound = await q<{ success: boolean; response_status: number }>(
      `SELECT success, response_status FROM call WHERE instance_id = $1 AND activity = 'queryOrder' ORDER BY id`,
      [businessId],
    );
    expect(outbound.map((o) => [o.success, o.response_status])).toEqual([
      [false, 500],
      [false, 500],
      [true, 200],
    ]);
  });

  it('gives up after the job retries, answers 000005 with the cause, and a marketplace retry starts over', async () => {
    const businessId = crypto.randomUUID();
    const body = { activity: 'newInstance', orderId: 'NO-SUCH-ORDER', orderLineId: 'NO-SUCH-ORDER-1', businessId };
    expect((await call(rt, { body })).json.resultCode).toBe('000004');
    await waitFor(async () => (await q(`SELECT 1 FROM instance WHERE id = $1 AND status = 'failed'`, [businessId])).length === 1, 30_000);
    const query = await call(rt, { body: { activity: 'queryInstance', instanceId: businessId } });
    expect(query.json.resultCode).toBe('000005');
    expect(query.json.resultMsg).toMatch(/NO-SUCH-ORDER/);
    const [job] = await q<{ state: string; attempts: number; last_error: string }>(`SELECT state, attempts, last_error FROM job WHERE instance_id = $1`, [businessId]);
    expect(job).toMatchObject({ state: 'failed', attempts: 2 });

    // the order shows up at the marketplace; its next newInstance retry provisions the same instance
    const { makeOrder } = await import('../../../emulator/orders');
    state.orders.putOrder(makeOrder({ orderId: 'NO-SUCH-ORDER', orderLineId: 'NO-SUCH-ORDER-1' }));
    const retry = await call(rt, { body: { ...body, businessId: crypto.randomUUID() } });
    expect(retry.json).toMatchObject({ resultCode: '000004', instanceId: businessId });
    await waitFor(async () => (await q(`SELECT 1 FROM instance WHERE id = $1 AND status = 'active'`, [businessId])).length === 1, 30_000);
    expect(await q(`SELECT 1 FROM job WHERE instance_id = $1 AND queue = 'provision'`, [businessId])).toHaveLength(2);
  });
});
