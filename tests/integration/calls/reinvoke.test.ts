import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '../../../lib/auth/options';
import type { ConsoleUser } from '../../../lib/auth/users';
import { attemptsOf, getCallView, listCalls } from '../../../lib/calls/queries';
import { reinvokeCalls } from '../../../lib/calls/reinvoke';
import type { Runtime } from '../../../lib/runtime';
import { createUser } from '../../../lib/users/actions';
import { call, startTestRuntime, waitFor } from '../helpers/runtime';

/** Manual re-invocation of failed calls, through the same code path as a live call. */
describe('re-invocation', () => {
  let rt: Runtime;
  let support: ConsoleUser;
  const deps = () => ({ pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey });
  const lastInboundCallId = async (instanceId: string) =>
    (
      await rt.pool.query<{ id: string }>(`SELECT max(id)::text AS id FROM call WHERE direction = 'inbound' AND instance_id = $1`, [instanceId])
    ).rows[0]!.id;

  beforeAll(async () => {
    rt = await startTestRuntime({ ADMIN_EMAIL: 'admin@reinvoke.test', ADMIN_PASSWORD: 'admin-password-1' });
    const admin = await authorize(rt.pool, 'admin@reinvoke.test', 'admin-password-1');
    await createUser(rt, { ...admin, name: null }, { email: 'support@reinvoke.test', role: 'support', password: 'support-password-1' });
    const s = await authorize(rt.pool, 'support@reinvoke.test', 'support-password-1');
    support = { id: s.id, email: s.email, name: s.name, role: s.role, locale: s.locale };
  });
  afterAll(async () => {
    await rt?.close();
  });

  /** A newInstance that fails with 000005 (valid signature) because the database is broken for a moment. */
  async function failedPurchase(orderId: string, businessId: string): Promise<string> {
    await rt.pool.query('ALTER TABLE instance_order RENAME TO instance_order_away');
    try {
      const r = await call(rt, { body: { activity: 'newInstance', orderId, orderLineId: `${orderId}-000001`, businessId } });
      expect(r.json.resultCode).toBe('000005');
    } finally {
      await rt.pool.query('ALTER TABLE instance_order_away RENAME TO instance_order');
    }
    // not simply the newest call: provisioning jobs of earlier tests record outbound calls meanwhile
    return (
      await rt.pool.query<{ id: string }>(
        `SELECT max(id)::text AS id FROM call WHERE direction = 'inbound' AND activity = 'newInstance' AND order_id = $1`,
        [orderId],
      )
    ).rows[0]!.id;
  }

  it('runs a failed call again: a new entry linked to the original, who triggered it, audited, and the same instance id', async () => {
    const failedId = await failedPurchase('MOCKPERIODYEARNEW', 'first-business-id');
    const [result] = await reinvokeCalls(deps(), [failedId], support);
    expect(result).toMatchObject({ id: failedId, ok: true, resultCode: '000004', success: true });
    const attempt = (
      await rt.pool.query<{ reinvoked_from: string; triggered_by: string; signature_verdict: string; signature_detail: string; instance_id: string }>(
        'SELECT reinvoked_from::text, triggered_by, signature_verdict, signature_detail, instance_id FROM call WHERE id = $1',
        [(result as { newCallId: string }).newCallId],
      )
    ).rows[0]!;
    expect(attempt).toMatchObject({
      reinvoked_from: failedId,
      triggered_by: 'support@reinvoke.test',
      signature_verdict: 'valid',
      signature_detail: `re-invocation of call ${failedId}`,
      instance_id: 'first-business-id',
    });
    // the provisioning job links to the re-invocation, which caused it
    const job = (await rt.pool.query<{ call_id: string }>(`SELECT call_id::text FROM job WHERE instance_id = 'first-business-id'`)).rows[0]!;
    expect(job.call_id).toBe((result as { newCallId: string }).newCallId);
    const audited = (await rt.pool.query<{ user_email: string; outcome: string; target: string }>(
      `SELECT user_email, outcome, target FROM audit_log WHERE action = 'call.reinvoke' ORDER BY id DESC LIMIT 1`,
    )).rows[0]!;
    expect(audited).toEqual({ user_email: 'support@reinvoke.test', outcome: 'success', target: `call ${failedId}` });
  });

  it('refuses calls refused for their signature, successful calls, outbound calls and unknown ids', async () => {
    await call(rt, { body: { activity: 'queryInstance', instanceId: 'refused-x' }, key: 'wrong-key' });
    const refusedId = await lastInboundCallId('refused-x');
    await call(rt, { body: { activity: 'queryInstance', instanceId: 'first-business-id' } });
    const okId = await lastInboundCallId('first-business-id');
    const results = await reinvokeCalls(deps(), [refusedId, okId, '999999999', 'abc'], support);
    expect(results.map((r) => (r.ok ? 'ok' : r.error))).toEqual([
      expect.stringMatching(/signature was refused/),
      expect.stringMatching(/nothing to re-invoke/),
      'no such call',
      'no such call',
    ]);
    const denied = await rt.pool.query(`SELECT 1 FROM audit_log WHERE action = 'call.reinvoke' AND outcome = 'denied'`);
    expect(denied.rowCount).toBeGreaterThanOrEqual(2);
  });

  it('racing a marketplace retry still gives one instance', async () => {
    const failedId = await failedPurchase('MOCKONETIMENEW', 'race-first');
    const [again, retry] = await Promise.all([
      reinvokeCalls(deps(), [failedId], support),
      call(rt, { body: { activity: 'newInstance', orderId: 'MOCKONETIMENEW', orderLineId: 'MOCKONETIMENEW-000001', businessId: 'race-second' } }),
    ]);
    expect(again[0]).toMatchObject({ ok: true });
    expect(['000000', '000004']).toContain(retry.json.resultCode);
    const instances = await rt.pool.query<{ id: string }>(`SELECT id FROM instance WHERE order_id = 'MOCKONETIMENEW'`);
    expect(instances.rows).toHaveLength(1);
    expect(retry.json.instanceId).toBe(instances.rows[0]!.id);
    expect((await rt.pool.query(`SELECT 1 FROM job WHERE instance_id = $1 AND queue = 'provision'`, [instances.rows[0]!.id])).rowCount).toBe(1);
  });

  it('lists and reports attempts in the order they ran, also when call ids gain a digit', async () => {
    await call(rt, { body: { activity: 'updateInstanceStatus', instanceId: 'digits-x', status: 'FREEZE' } });
    const failedId = await lastInboundCallId('digits-x');
    // the provisioning jobs of the tests before record outbound calls: let them finish, so nothing else takes an id
    await waitFor(async () => (await rt.pool.query(`SELECT 1 FROM job WHERE state IN ('created', 'active', 'retry')`)).rowCount === 0, 30_000);
    // the next two call ids are 99999999 and 100000000: as text, the later one would sort first
    await rt.pool.query(`SELECT setval(pg_get_serial_sequence('call', 'id'), 99999998)`);
    const [first] = await reinvokeCalls(deps(), [failedId], support);
    const [second] = await reinvokeCalls(deps(), [failedId], support);
    const firstId = (first as { newCallId: string }).newCallId;
    const secondId = (second as { newCallId: string }).newCallId;
    expect(BigInt(secondId)).toBeGreaterThan(BigInt(firstId));
    expect(secondId.length).toBeGreaterThan(firstId.length);
    const { attempts } = await attemptsOf(rt.prisma, failedId);
    expect(attempts.map((a) => a.id)).toEqual([firstId, secondId]);

    // what the console shows: the call page's attempts and standing, the list's marks and the attempts filter
    const view = await getCallView(rt, failedId);
    expect(view).toMatchObject({ id: failedId, original: null, reinvokeRefusal: null, reinvocations: 2, reinvokedFrom: null });
    expect(view!.attempts.map((a) => [a.id, typeof a.createdAt, a.triggeredBy])).toEqual([
      [firstId, 'string', 'support@reinvoke.test'],
      [secondId, 'string', 'support@reinvoke.test'],
    ]);
    expect(await getCallView(rt, secondId)).toMatchObject({ original: { id: failedId, triggeredBy: 'support@reinvoke.test' }, reinvokedFrom: failedId, attempts: [] });
    const listed = await listCalls(rt.pool, { reinvokedFrom: failedId });
    expect(listed.calls.map((c) => [c.id, c.reinvokedFrom, c.reinvocations])).toEqual([
      [secondId, failedId, 0],
      [firstId, failedId, 0],
    ]);
    expect((await listCalls(rt.pool, { id: 'digits-x' })).calls.find((c) => c.id === failedId)?.reinvocations).toBe(2);
    expect(await getCallView(rt, '0')).toBeNull();
  });
});
