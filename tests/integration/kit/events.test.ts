import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAttentionJobs, type AttentionPage } from '../../../lib/jobs/attention';
import { sweepDeliveredEvents } from '../../../lib/kit/events';
import { formatKitTime } from '../../../lib/kit/time';
import type { Runtime } from '../../../lib/runtime';
import { encryptClientSecret, kitCall, sleep, startTestRuntime, waitFor } from '../helpers/runtime';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhooks';

/** Directory events to the seller's SaaS (issue 9) through the webhook provisioner, against a real receiver and PostgreSQL. */
const SECRET = 'whsec_' + Buffer.from('kit-events-test-secret-32-bytes!').toString('base64');
const T0 = Date.UTC(2026, 0, 1);
const ts = (n: number) => formatKitTime(new Date(T0 + n * 1000));
const OK = { resultCode: '000000', resultMsg: 'success.' };

describe('kit directory events', () => {
  let rt: Runtime;
  let hooks: WebhookReceiver;
  /** tenants whose deliveries the receiver refuses with 503 */
  const failing = new Set<string>();

  beforeAll(async () => {
    hooks = await startWebhookReceiver(SECRET, (e) => (failing.has(String(e.data.tenantId)) ? { status: 503, body: 'busy' } : { status: 200, body: {} }));
    rt = await startTestRuntime({
      PROVISIONER_WEBHOOK_URL: hooks.url,
      PROVISIONER_WEBHOOK_SECRET: SECRET,
      JOB_RETRY_DELAY_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await rt?.close();
    await hooks?.close();
  });

  const sync = async (name: string, body: Record<string, unknown>) => expect((await kitCall(rt, name, { body })).json).toEqual(OK);
  const tenant = (instanceId: string, tenantId: string, flag: number, n: number, name = `Tenant at ${n}`) =>
    sync('tenantSync', { instanceId, orderId: 'CS1', tenantId, tenantCode: 'huawei', name, domainName: 'https://idp.example.com', flag, testFlag: 0, timeStamp: ts(n) });
  const of = (tenantId: string) => hooks.received.filter((r) => r.data.tenantId === tenantId);
  const outbox = async (tenantId: string) =>
    (await rt.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM kit_event WHERE tenant_id = $1`, [tenantId])).rows[0]!.n;

  it('delivers add, modify, delete of a tenant signed and in sequence, and nothing for a repeat or an older change', async () => {
    await tenant('inst-1', 'T1', 1, 1);
    await tenant('inst-1', 'T1', 1, 1); // a repeat
    await tenant('inst-1', 'T1', 2, 2, 'Renamed');
    await tenant('inst-1', 'T1', 2, 1, 'Older'); // older than the modify
    await tenant('inst-1', 'T1', 0, 3);
    await tenant('inst-1', 'T1', 0, 3); // a repeated delete
    await tenant('inst-1', 'T1', 0, 4); // a newer delete of a deleted tenant: no change to the directory
    await waitFor(async () => of('T1').length >= 3, 20_000, 'three tenant events');
    await sleep(1500);
    expect(of('T1').map((r) => [r.type, r.data.sequence, r.data.name])).toEqual([
      ['tenant.created', 1, 'Tenant at 1'],
      ['tenant.updated', 2, 'Renamed'],
      ['tenant.deleted', 3, 'Renamed'],
    ]);
    expect(of('T1')[0]).toMatchObject({
      id: expect.stringMatching(/^kit-event-\d+$/),
      data: { instanceId: 'inst-1', tenantId: 'T1', tenantCode: 'huawei', domainName: 'https://idp.example.com', orderId: 'CS1', timeStamp: new Date(T0 + 1000).toISOString() },
    });
    expect(await outbox('T1')).toBe(3);
    expect(hooks.rejected).toEqual([]);
    const { rows } = await rt.pool.query(`SELECT activity, success, tenant_id FROM call WHERE activity LIKE 'webhook.tenant.%' ORDER BY id`);
    expect(rows).toEqual([
      { activity: 'webhook.tenant.created', success: true, tenant_id: 'T1' },
      { activity: 'webhook.tenant.updated', success: true, tenant_id: 'T1' },
      { activity: 'webhook.tenant.deleted', success: true, tenant_id: 'T1' },
    ]);
  });

  it('applications without their secret, users (created, updated, deauthorised, deleted) and orgs, in order', async () => {
    await tenant('inst-2', 'T2', 1, 1);
    await sync('applicationSync', { instanceId: 'inst-2', tenantId: 'T2', appId: 'app-1', clientId: 'client-1', clientSecret: encryptClientSecret('s3cret-value'), flag: 1, testFlag: 0, timeStamp: ts(2) });
    const user = (userName: string, position = 'engineer') => ({ userName, name: `Name ${userName}`, orgCode: 'rd', position, role: 'user', enable: 'true', mobile: '13800000000', email: `${userName}@example.com` });
    const auth = (flag: number, n: number, users: unknown[]) =>
      sync('authSync', { instanceId: 'inst-2', tenantId: 'T2', appId: 'app-1', userList: users, currentSyncTime: ts(n), flag, testFlag: 0, timeStamp: ts(n) });
    await auth(1, 3, [user('b'), user('a')]);
    await auth(1, 3, [user('b'), user('a')]); // a repeat
    await auth(2, 4, [user('a', 'lead')]);
    await auth(3, 5, [user('a')]);
    await auth(0, 6, [user('b'), user('a')]); // a is deauthorised already: only b is deleted
    await sync('singleOrgSync', { instanceId: 'inst-2', tenantId: 'T2', orgCode: 'rd', orgName: 'R&D', parentCode: 'root', flag: 1, testFlag: 0, timeStamp: ts(7) });
    await sync('allOrgSync', { instanceId: 'inst-2', tenantId: 'T2', testFlag: 0, timeStamp: ts(8), orgInfoList: [{ orgCode: 'root', orgName: 'HQ' }, { orgCode: 'rd', orgName: 'R&D', parentCode: 'root' }] });
    await sync('allOrgSync', { instanceId: 'inst-2', tenantId: 'T2', testFlag: 0, timeStamp: ts(8), orgInfoList: [{ orgCode: 'root', orgName: 'HQ' }] }); // a repeat
    const expected = [
      ['tenant.created', 1],
      ['application.created', 2],
      ['user.created', 3, 'b'],
      ['user.created', 4, 'a'],
      ['user.updated', 5, 'a'],
      ['user.deauthorised', 6, 'a'],
      ['user.deleted', 7, 'b'],
      ['org.created', 8],
      ['org.tree_replaced', 9],
    ];
    await waitFor(async () => of('T2').length >= expected.length, 20_000, 'the T2 events');
    await sleep(1000);
    expect(of('T2').map((r) => [r.type, r.data.sequence, ...(r.type.startsWith('user.') ? [r.data.userName] : [])])).toEqual(expected);
    const [, app, created, , updated] = of('T2');
    expect(app!.data).toMatchObject({ appId: 'app-1', clientId: 'client-1', hasSecret: true });
    expect(JSON.stringify(of('T2'))).not.toMatch(/s3cret|clientSecret/);
    expect(created!.data).toMatchObject({ userName: 'b', email: 'b@example.com', mobile: '13800000000', enabled: true, status: 'active', appId: 'app-1' });
    expect(updated!.data).toMatchObject({ position: 'lead' });
    expect(of('T2').at(-1)!.data).toMatchObject({ orgCount: 2 });
  });

  it('retries a failing receiver, lists the delivery in the attention queue, and keeps the order when it recovers', async () => {
    failing.add('T3');
    await tenant('inst-3', 'T3', 1, 1);
    await tenant('inst-3', 'T3', 2, 2, 'Second');
    const attention = async () => ((await listAttentionJobs(rt.pool, { instanceId: 'inst-3' })) as AttentionPage).jobs;
    const [job] = await waitFor(async () => {
      const jobs = await attention();
      return jobs.length ? jobs : undefined;
    }, 20_000, 'the failing delivery in the attention queue');
    expect(job).toMatchObject({ queue: 'kit-events', kind: 'directoryEvents', instanceId: 'inst-3', state: 'failing' });
    expect(job!.lastError).toContain('HTTP 503');
    const failures = await rt.pool.query(`SELECT count(*)::int AS n FROM call WHERE activity = 'webhook.tenant.created' AND tenant_id = 'T3' AND NOT success`);
    expect(failures.rows[0].n).toBeGreaterThanOrEqual(1);
    expect(of('T3')).toEqual([]);
    failing.delete('T3');
    await tenant('inst-3', 'T3', 0, 3);
    await waitFor(async () => of('T3').length >= 3, 30_000, 'the T3 events after recovery');
    await sleep(1000);
    expect(of('T3').map((r) => [r.type, r.data.sequence])).toEqual([
      ['tenant.created', 1],
      ['tenant.updated', 2],
      ['tenant.deleted', 3],
    ]);
    // the same event keeps its webhook-id across the retries
    const ids = await rt.pool.query<{ id: string }>(`SELECT request_headers->>'webhook-id' AS id FROM call WHERE activity = 'webhook.tenant.created' AND tenant_id = 'T3'`);
    expect(new Set(ids.rows.map((r) => r.id))).toEqual(new Set([of('T3')[0]!.id]));
  });

  it('sweeps delivered events past the retention, a batch at a time, and never an undelivered one', async () => {
    const ins = (tenantId: string, seq: number, delivered: string | null) =>
      rt.pool.query(
        `INSERT INTO kit_event (instance_id, tenant_id, sequence, type, data, changed_at, delivered_at)
         VALUES ('inst-sweep', $1, $2, 'tenant.updated', '{}', now(), $3::timestamptz)`,
        [tenantId, seq, delivered],
      );
    const old = new Date(Date.now() - 8 * 86_400_000).toISOString();
    for (let i = 1; i <= 5; i++) await ins('TS', i, old);
    await ins('TS', 6, new Date(Date.now() - 86_400_000).toISOString()); // delivered yesterday: kept
    await ins('TS', 7, null); // undelivered however old: kept
    await rt.pool.query(`UPDATE kit_event SET created_at = now() - interval '30 days' WHERE tenant_id = 'TS' AND sequence = 7`);
    expect(await sweepDeliveredEvents(rt.pool, 7, 3)).toBe(3);
    expect(await sweepDeliveredEvents(rt.pool, 7, 3)).toBe(2);
    expect(await sweepDeliveredEvents(rt.pool, 7, 3)).toBe(0);
    const left = await rt.pool.query<{ sequence: string }>(`SELECT sequence::text FROM kit_event WHERE tenant_id = 'TS' ORDER BY sequence`);
    expect(left.rows.map((r) => r.sequence)).toEqual(['6', '7']);
    // a retention of 0 days sweeps every delivered event, never the outbox's undelivered one
    expect(await sweepDeliveredEvents(rt.pool, 0)).toBeGreaterThanOrEqual(1);
    expect((await rt.pool.query(`SELECT count(*)::int AS n FROM kit_event WHERE delivered_at IS NULL AND tenant_id = 'TS'`)).rows[0].n).toBe(1);
  });
});
