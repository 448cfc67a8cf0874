import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freezeInstance, releaseInstance, retryProvisioning, revealPassword, unfreezeInstance } from '../../../lib/instances/actions';
import { isRefusal } from '../../../lib/refusal';
import type { Runtime } from '../../../lib/runtime';
import { buyAndWait, call, startTestRuntime, waitFor } from '../helpers/runtime';

/** Console actions on instances: the same transitions as the marketplace's, each audited, each job enqueued once. */
describe('instances: console actions', () => {
  let rt: Runtime;
  let adminId: string;
  const admin = () => ({ id: adminId, email: 'admin@localhost', role: 'admin' as const });
  const support = { id: crypto.randomUUID(), email: 'support@test', role: 'support' as const };
  const viewer = { id: crypto.randomUUID(), email: 'viewer@test', role: 'viewer' as const };

  beforeAll(async () => {
    // one retry of nothing: an unknown order fails its provisioning at once
    rt = await startTestRuntime({ JOB_RETRY_LIMIT: '0', JOB_RETRY_DELAY_SECONDS: '1' });
    adminId = (await rt.pool.query<{ id: string }>(`SELECT id FROM "user" WHERE email = 'admin@localhost'`)).rows[0]!.id;
  });
  afterAll(async () => {
    await rt?.close();
  });
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await rt.pool.query<T>(sql, params)).rows;
  const auditOf = (target: string) =>
    q<{ action: string; outcome: string; user_email: string; detail: Record<string, unknown> | null }>(
      `SELECT action, outcome, user_email, detail FROM audit_log WHERE target = $1 ORDER BY id`,
      [target],
    );
  const lifecycleJobs = (id: string) => q<{ event: string }>(`SELECT data->>'event' AS event FROM job WHERE instance_id = $1 AND queue = 'lifecycle' ORDER BY created_at`, [id]);
  const statusOf = async (id: string) => (await q<{ status: string }>(`SELECT status::text FROM instance WHERE id = $1`, [id]))[0]?.status;

  it('freeze, unfreeze and release: the transition applied once, its lifecycle job enqueued once, audited', async () => {
    const { instanceId } = await buyAndWait(rt, 'MOCKPERIODYEARNEW');
    const frozen = await freezeInstance(rt.pool, rt.boss, admin(), instanceId);
    expect(frozen).toMatchObject({ status: 'frozen' });
    expect(await statusOf(instanceId)).toBe('frozen');

    // again: not allowed (it is frozen already), nothing enqueued
    expect(await freezeInstance(rt.pool, rt.boss, admin(), instanceId)).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/not active/) });
    expect((await lifecycleJobs(instanceId)).map((j) => j.event)).toEqual(['freeze']);

    expect(await unfreezeInstance(rt.pool, rt.boss, admin(), instanceId)).toMatchObject({ status: 'active' });
    expect(await releaseInstance(rt.pool, rt.boss, admin(), instanceId)).toMatchObject({ status: 'released' });
    expect(await unfreezeInstance(rt.pool, rt.boss, admin(), instanceId)).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/released/) });
    expect(await releaseInstance(rt.pool, rt.boss, admin(), instanceId)).toMatchObject({ kind: 'conflict' });
    expect((await lifecycleJobs(instanceId)).map((j) => j.event)).toEqual(['freeze', 'unfreeze', 'release']);
    const [row] = await q<{ released_at: Date | null }>(`SELECT released_at FROM instance WHERE id = $1`, [instanceId]);
    expect(row!.released_at).toBeInstanceOf(Date);

    expect((await auditOf(instanceId)).map((a) => [a.action, a.outcome, a.user_email])).toEqual([
      ['instance.freeze', 'success', 'admin@localhost'],
      ['instance.freeze', 'failure', 'admin@localhost'],
      ['instance.unfreeze', 'success', 'admin@localhost'],
      ['instance.release', 'success', 'admin@localhost'],
      ['instance.unfreeze', 'failure', 'admin@localhost'],
      ['instance.release', 'failure', 'admin@localhost'],
    ]);
    const audits = await auditOf(instanceId);
    expect(audits[0]!.detail).toMatchObject({ from: 'active', to: 'frozen' });
    expect(audits[1]!.detail).toMatchObject({ from: 'frozen', reason: expect.stringMatching(/not active/) });
  });

  it('concurrent freezes apply once', async () => {
    const { instanceId } = await buyAndWait(rt, 'MOCKONETIMENEW');
    const results = await Promise.all([1, 2, 3, 4].map(() => freezeInstance(rt.pool, rt.boss, admin(), instanceId)));
    expect(results.filter((r) => !isRefusal(r))).toHaveLength(1);
    expect(await lifecycleJobs(instanceId)).toHaveLength(1);
  });

  it('support may not change status, viewers nothing: refused and audited as denied, nothing changed', async () => {
    const { instanceId } = await buyAndWait(rt, 'MOCKONDEMAND');
    expect(await freezeInstance(rt.pool, rt.boss, support, instanceId)).toMatchObject({ kind: 'forbidden' });
    expect(await releaseInstance(rt.pool, rt.boss, viewer, instanceId)).toMatchObject({ kind: 'forbidden' });
    expect(await retryProvisioning(rt.pool, rt.boss, viewer, instanceId)).toMatchObject({ kind: 'forbidden' });
    expect(await revealPassword(rt.pool, rt.secrets.encryptionKey, support, instanceId)).toMatchObject({ kind: 'forbidden' });
    expect(await statusOf(instanceId)).toBe('active');
    expect(await lifecycleJobs(instanceId)).toHaveLength(0);
    expect((await auditOf(instanceId)).map((a) => [a.action, a.outcome, a.user_email])).toEqual([
      ['instance.freeze', 'denied', 'support@test'],
      ['instance.release', 'denied', 'viewer@test'],
      ['instance.retry', 'denied', 'viewer@test'],
      ['instance.revealPassword', 'denied', 'support@test'],
    ]);
  });

  it('an unknown instance: 404, audited as a failure', async () => {
    expect(await freezeInstance(rt.pool, rt.boss, admin(), 'no-such-instance')).toMatchObject({ kind: 'notFound' });
    expect((await auditOf('no-such-instance')).map((a) => a.outcome)).toEqual(['failure']);
  });

  it('retry provisioning: only a failed instance, back to provisioning with one new provision job; support may', async () => {
    const live = (await buyAndWait(rt, 'MOCKPERIODDAYTRIAL')).instanceId;
    expect(await retryProvisioning(rt.pool, rt.boss, support, live)).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/failed/) });

    const failedId = crypto.randomUUID();
    await call(rt, { body: { activity: 'newInstance', orderId: 'NO-SUCH-ORDER', orderLineId: 'NO-SUCH-ORDER-1', businessId: failedId } });
    await waitFor(async () => (await statusOf(failedId)) === 'failed', 30_000, 'provisioning to fail');
    const provisionJobs = () => q(`SELECT 1 FROM job WHERE instance_id = $1 AND queue = 'provision'`, [failedId]);
    expect(await provisionJobs()).toHaveLength(1);

    const retried = await retryProvisioning(rt.pool, rt.boss, support, failedId);
    expect(retried).toMatchObject({ status: 'provisioning', jobId: expect.any(String) });
    expect(await provisionJobs()).toHaveLength(2);
    // a second click while it runs is refused, no third job
    expect(await retryProvisioning(rt.pool, rt.boss, support, failedId)).toMatchObject({ kind: 'conflict' });
    expect(await provisionJobs()).toHaveLength(2);
    expect((await auditOf(failedId)).map((a) => [a.action, a.outcome])).toEqual([
      ['instance.retry', 'success'],
      ['instance.retry', 'failure'],
    ]);
    // the order is still unknown, so it fails again: the new job really ran
    await waitFor(async () => (await statusOf(failedId)) === 'failed', 30_000, 'the retried provisioning to fail again');
  });

  it('reveals the password to admins, audited without the password', async () => {
    const { instanceId, ready } = await buyAndWait(rt, 'MOCKMONTYTRIALTOFORMAL');
    const appInfo = (ready.info as { appInfo: { password: string } }[])[0]!.appInfo;
    expect(await revealPassword(rt.pool, rt.secrets.encryptionKey, admin(), instanceId)).toEqual({ password: appInfo.password });
    const audits = await auditOf(instanceId);
    expect(audits.map((a) => [a.action, a.outcome])).toEqual([['instance.revealPassword', 'success']]);
    expect(JSON.stringify(audits)).not.toContain(appInfo.password);
    expect(await revealPassword(rt.pool, rt.secrets.encryptionKey, admin(), 'no-such-instance')).toMatchObject({ kind: 'notFound' });
  });
});
