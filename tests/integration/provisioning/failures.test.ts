import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulatorState, injectFault } from '../../../emulator/state';
import { startEmulatorServer, type EmulatorServer } from '../../../emulator/server';
import type { ConsoleUser } from '../../../lib/auth/users';
import { attemptsOf } from '../../../lib/calls/queries';
import { reinvokeCalls, reinvokeRefusal } from '../../../lib/calls/reinvoke';
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

  it('gives up after the job retries, answers 000005 (the cause kept for the console, not told), and a marketplace retry starts over', async () => {
    const businessId = crypto.randomUUID();
    const body = { activity: 'newInstance', orderId: 'NO-SUCH-ORDER', orderLineId: 'NO-SUCH-ORDER-1', businessId };
    expect((await call(rt, { body })).json.resultCode).toBe('000004');
    await waitFor(async () => (await q(`SELECT 1 FROM instance WHERE id = $1 AND status = 'failed'`, [businessId])).length === 1, 30_000);
    const query = await call(rt, { body: { activity: 'queryInstance', instanceId: businessId } });
    expect(query.json.resultCode).toBe('000005');
    expect(query.json.resultMsg).toBe(`provisioning of instance ${businessId} failed; the seller has been told`);
    // the cause is the seller's to read (the console shows it), not the marketplace's
    const [failed] = await q<{ failure_reason: string }>(`SELECT failure_reason FROM instance WHERE id = $1`, [businessId]);
    expect(failed!.failure_reason).toMatch(/NO-SUCH-ORDER/);
    const [job] = await q<{ state: string; attempts: number; last_error: string }>(`SELECT state, attempts, last_error FROM job WHERE instance_id = $1`, [businessId]);
    expect(job).toMatchObject({ state: 'failed', attempts: 2 });

    // the order shows up at the marketplace; its next newInstance retry provisions the same instance
    const { makeOrder } = await import('../../../lib/marketplace/mockOrders');
    state.orders.putOrder(makeOrder({ orderId: 'NO-SUCH-ORDER', orderLineId: 'NO-SUCH-ORDER-1' }));
    const retry = await call(rt, { body: { ...body, businessId: crypto.randomUUID() } });
    expect(retry.json).toMatchObject({ resultCode: '000004', instanceId: businessId });
    await waitFor(async () => (await q(`SELECT 1 FROM instance WHERE id = $1 AND status = 'active'`, [businessId])).length === 1, 30_000);
    expect(await q(`SELECT 1 FROM job WHERE instance_id = $1 AND queue = 'provision'`, [businessId])).toHaveLength(2);
  });

  it('re-invoking a failed outbound call runs its job again: the new call is its attempt, by who triggered it, once', async () => {
    const support: ConsoleUser = { id: '00000000-0000-4000-8000-000000000001', email: 'support@failures.test', name: null, role: 'support', locale: 'en' };
    const deps = { pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey };
    const businessId = crypto.randomUUID();
    await call(rt, { body: { activity: 'newInstance', orderId: 'LATE-ORDER', orderLineId: 'LATE-ORDER-1', businessId } });
    // while the job is still retrying, its failed call is not re-invoked
    await waitFor(async () => (await q(`SELECT 1 FROM call WHERE instance_id = $1 AND activity = 'queryOrder'`, [businessId])).length >= 1, 30_000);
    const [early] = await q<{ id: string }>(`SELECT id::text FROM call WHERE instance_id = $1 AND activity = 'queryOrder' ORDER BY id LIMIT 1`, [businessId]);
    await waitFor(async () => (await q(`SELECT 1 FROM instance WHERE id = $1 AND status = 'failed'`, [businessId])).length === 1, 30_000);
    const [failed] = await q<{ id: string }>(
      `SELECT id::text FROM call WHERE instance_id = $1 AND activity = 'queryOrder' AND NOT success ORDER BY id DESC LIMIT 1`,
      [businessId],
    );
    expect(early!.id).not.toBe(failed!.id);
    expect(await reinvokeRefusal(rt.pool, failed!.id)).toBeUndefined();

    const { makeOrder } = await import('../../../lib/marketplace/mockOrders');
    state.orders.putOrder(makeOrder({ orderId: 'LATE-ORDER', orderLineId: 'LATE-ORDER-1' }));
    // two clicks at once: one new job
    const [a, b] = await Promise.all([reinvokeCalls(deps, [failed!.id], support), reinvokeCalls(deps, [failed!.id], support)]);
    const results = [a[0]!, b[0]!];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ error: expect.stringMatching(/provisioning|still running/) });
    const queued = results.find((r) => r.ok) as { queued: true; jobId: string };
    expect(queued.queued).toBe(true);

    await waitFor(async () => (await q(`SELECT 1 FROM instance WHERE id = $1 AND status = 'active'`, [businessId])).length === 1, 30_000);
    const [job] = await q<{ queue: string; state: string; data: { reinvoke?: { callId: string; by: string } } }>(`SELECT queue, state, data FROM job WHERE id = $1`, [
      queued.jobId,
    ]);
    expect(job).toMatchObject({ queue: 'provision', state: 'completed', data: { reinvoke: { callId: failed!.id, by: 'support@failures.test' } } });
    // the new job's Query Order is the attempt of the failed one; the job's other calls (none here) would not be
    const { attempts } = await attemptsOf(rt.prisma, failed!.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ success: true, triggeredBy: 'support@failures.test' });
    expect(await reinvokeRefusal(rt.pool, failed!.id)).toBe('resolved');
    // an earlier failure of the same job is settled too: the job has run again and succeeded
    const again = await reinvokeCalls(deps, [early!.id], support);
    expect(again[0]).toMatchObject({ ok: false, error: 'it was resolved by its re-invocation' });
    const audited = await q<{ outcome: string }>(`SELECT outcome FROM audit_log WHERE action = 'call.reinvoke' AND target = $1 ORDER BY id`, [
      `call ${failed!.id}`,
    ]);
    expect(audited.map((r) => r.outcome).sort()).toEqual(['denied', 'success']);

    // a renewal whose order is not there yet: its apply-order job gives up after two failed Query Order calls
    await call(rt, { body: { activity: 'refreshInstance', instanceId: businessId, orderId: 'LATE-RENEW', orderLineId: 'LATE-RENEW-1', scene: 'RENEWAL', expireTime: '20301231000000' } });
    await waitFor(async () => (await q(`SELECT 1 FROM job WHERE instance_id = $1 AND queue = 'apply-order' AND state = 'failed'`, [businessId])).length === 1, 30_000);
    const renewFailures = await q<{ id: string }>(
      `SELECT c.id::text FROM call c JOIN job j ON j.id = c.job_id WHERE j.instance_id = $1 AND j.queue = 'apply-order' AND NOT c.success ORDER BY c.id`,
      [businessId],
    );
    expect(renewFailures).toHaveLength(2);
    state.orders.putOrder(makeOrder({ orderId: 'LATE-RENEW', orderLineId: 'LATE-RENEW-1' }));
    // both failed calls of the one job in one request: the job runs again once
    const both = await reinvokeCalls(deps, renewFailures.map((r) => r.id), support);
    expect(both.map((r) => r.ok)).toEqual([true, false]);
    expect(both[1]).toMatchObject({ error: expect.stringMatching(/still running or retrying/) });
    await waitFor(async () => (await q(`SELECT 1 FROM job WHERE rerun_of IS NOT NULL AND queue = 'apply-order' AND instance_id = $1 AND state = 'completed'`, [businessId])).length === 1, 30_000);
    expect(await q(`SELECT 1 FROM job WHERE queue = 'apply-order' AND instance_id = $1`, [businessId])).toHaveLength(2);
    for (const r of renewFailures) expect(await reinvokeRefusal(rt.pool, r.id)).toBe('resolved');
    const [renewed] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM instance_order WHERE instance_id = $1 AND order_id = 'LATE-RENEW'`, [businessId]);
    expect(renewed!.n).toBe(1);
  });
});
