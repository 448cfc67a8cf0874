import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../lib/apikeys/actions';
import type { Runtime } from '../../../lib/runtime';
import { DEFAULT_BUYER } from '../../../lib/marketplace/mockOrders';
import { buyAndWait, call, consoleUser, nonce, startTestRuntime, waitFor } from '../helpers/runtime';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhooks';
import { serveRuntime, unserveRuntime } from '../helpers/console-routes';

const SECRET = 'whsec_' + Buffer.from('usage-webhook-secret-0123456789').toString('base64');
const { POST: usageRoute } = await import('../../../app/api/v1/usage/route');

/**
 * Usage ingestion (POST /api/v1/usage) through its route handler against a real PostgreSQL: verdicts per event,
 * dedupe under concurrency, packages earliest expiry first, 用完即停 with its signed webhook event, and
 * queryInstance's usageInfo.
 */
describe('usage ingestion', () => {
  let rt: Runtime;
  let key: string;
  let hooks: WebhookReceiver;

  beforeAll(async () => {
    hooks = await startWebhookReceiver(SECRET, (e) => ({
      status: 200,
      body: e.type === 'instance.provision' ? { appInfo: { frontEndUrl: `https://saas.example.com/${String(e.data.instanceId)}` } } : {},
    }));
    rt = await startTestRuntime({
      ADMIN_EMAIL: 'usage-admin@example.com',
      ADMIN_PASSWORD: 'usage-admin-password',
      PROVISIONER_WEBHOOK_URL: hooks.url,
      PROVISIONER_WEBHOOK_SECRET: SECRET,
      API_RATE_LIMIT_PER_SECOND: '0',
    });
    serveRuntime(rt);
    const admin = await consoleUser(rt, 'usage-admin@example.com', 'usage-admin-password');
    ({ key } = await createApiKey(rt, admin, { name: 'meter', scopes: ['usage:write'] }));
  });
  afterAll(async () => {
    unserveRuntime();
    await rt?.close();
    await hooks?.close();
  });

  async function instance(id: string, chargingMode: string | null, over: Record<string, unknown> = {}) {
    const v = { status: 'active', customer: 'buyer-1', product: 'OFFI-PKG', sku: null, expire: null, created: new Date(), ...over };
    if (v.customer) await rt.pool.query(`INSERT INTO customer (customer_id) VALUES ($1) ON CONFLICT DO NOTHING`, [v.customer]);
    await rt.pool.query(
      `INSERT INTO instance (id, order_id, order_line_id, status, charging_mode, customer_id, product_id, sku_code, expire_time, created_at)
       VALUES ($1::varchar, $1::varchar, $1::varchar || '-1', $2::text::"InstanceStatus", $3, $4, $5, $6, $7, $8)`,
      [id, v.status, chargingMode, v.customer, v.product, v.sku, v.expire, v.created],
    );
  }
  async function packageSku(sku: string, stopAtQuota: boolean, quotas: Record<string, number>) {
    await rt.pool.query(`INSERT INTO package_sku (product_id, sku_code, stop_at_quota) VALUES ('OFFI-PKG', $1, $2)`, [sku, stopAtQuota]);
    for (const [item, quota] of Object.entries(quotas)) {
      await rt.pool.query(`INSERT INTO package_quota (product_id, sku_code, billing_item, quota) VALUES ('OFFI-PKG', $1, $2, $3)`, [sku, item, quota]);
    }
  }

  const event = (id: string, subject: string, value: unknown, over: Record<string, unknown> = {}) => ({
    specversion: '1.0',
    id,
    source: 'https://saas.example.com/meter',
    subject,
    type: 'sms',
    time: new Date(Date.now() - 60_000).toISOString(),
    data: { value },
    ...over,
  });

  async function post(body: unknown, opts: { type?: string; auth?: string | null; raw?: string } = {}) {
    const headers: Record<string, string> = { 'content-type': opts.type ?? 'application/json' };
    if (opts.auth !== null) headers.authorization = opts.auth ?? `Bearer ${key}`;
    const res = await usageRoute(new Request('http://tenant.test/api/v1/usage', { method: 'POST', headers, body: opts.raw ?? JSON.stringify(body) }), undefined);
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }
  const events = async (instanceId: string) =>
    (await rt.pool.query<{ event_id: string; part: number; value: string; package_instance_id: string | null; billable: boolean }>(
      `SELECT event_id, part, value::text, package_instance_id, billable FROM usage_event WHERE instance_id = $1 ORDER BY id`,
      [instanceId],
    )).rows;
  const total = async (id: string) => (await rt.pool.query<{ v: string }>(`SELECT usage_value::text AS v FROM instance WHERE id = $1`, [id])).rows[0]!.v;

  it('refuses without a key, with another content type, a bad body or an empty batch, storing nothing', async () => {
    expect((await post(event('a', 'x', 1), { auth: null })).status).toBe(401);
    expect(await post(event('a', 'x', 1), { type: 'text/plain' })).toMatchObject({ status: 415, json: { error: { key: 'unsupportedMediaType' } } });
    expect(await post(null, { raw: '{"id":' })).toMatchObject({ status: 400, json: { error: { key: 'invalidBody', message: 'the body is not JSON' } } });
    expect(await post([])).toMatchObject({ status: 400, json: { error: { message: 'the batch is empty' } } });
    expect(await post(Array.from({ length: 1001 }, (_, i) => event(`b${i}`, 'x', 1)))).toMatchObject({ status: 413 });
    expect((await rt.pool.query(`SELECT 1 FROM usage_event`)).rowCount).toBe(0);
  });

  it('gives each event its own verdict and stores the valid ones', async () => {
    await instance('ppu-1', 'ON_DEMAND');
    await instance('period-1', 'PERIOD');
    await instance('gone-1', 'ON_DEMAND', { status: 'released' });
    await instance('new-1', null, { status: 'provisioning' });
    const r = await post(
      [
        event('v1', 'ppu-1', 12.5),
        event('v2', 'nobody', 1),
        event('v3', 'period-1', 1),
        event('v4', 'gone-1', 1),
        event('v5', 'ppu-1', -1),
        event('v6', 'ppu-1', '0.0001', { time: undefined }),
        event('v7', 'new-1', 1),
        event('v1', 'ppu-1', 12.5),
        { id: 'v8', source: 's' },
      ],
      { type: 'application/cloudevents-batch+json' },
    );
    expect(r.status).toBe(202);
    expect(r.json).toEqual({
      accepted: 2,
      duplicates: 1,
      rejected: [
        { index: 1, id: 'v2', error: 'subject: instance nobody is not known' },
        { index: 2, id: 'v3', error: 'subject: instance period-1 is not pay-per-use or a package (its charging mode is PERIOD)' },
        { index: 3, id: 'v4', error: 'subject: instance gone-1 is released' },
        { index: 4, id: 'v5', error: 'data.value must be greater than 0' },
        { index: 6, id: 'v7', error: 'subject: instance new-1 is still being provisioned; send the event again later' },
        { index: 8, id: 'v8', error: 'subject is missing (the subject is the instanceId)' },
      ],
      stopped: [],
    });
    expect(await events('ppu-1')).toEqual([
      { event_id: 'v1', part: 0, value: '12.5000', package_instance_id: null, billable: true },
      { event_id: 'v6', part: 0, value: '0.0001', package_instance_id: null, billable: true },
    ]);
    expect(await total('ppu-1')).toBe('12.5001');
    // one event alone, as application/cloudevents+json; a repeat is a duplicate
    expect((await post(event('v9', 'ppu-1', 1), { type: 'application/cloudevents+json' })).json).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await post(event('v9', 'ppu-1', 1), { type: 'application/cloudevents+json' })).json).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await total('ppu-1')).toBe('13.5001');
  });

  it('a pay-per-use instance meters one billing item: its first event names it, another type is refused', async () => {
    await instance('ppu-item', 'ON_DEMAND');
    const r = await post([event('i1', 'ppu-item', 1, { type: 'api_calls' }), event('i2', 'ppu-item', 1, { type: 'storage' }), event('i3', 'ppu-item', 2, { type: 'api_calls' })]);
    expect(r.json).toMatchObject({
      accepted: 2,
      rejected: [{ index: 1, id: 'i2', error: 'type: instance ppu-item meters the billing item "api_calls", not "storage" (a pay-per-use instance is one billing item)' }],
    });
    expect((await post([event('i4', 'ppu-item', 1, { type: 'storage' })])).json).toMatchObject({ accepted: 0, rejected: [{ id: 'i4' }] });
    expect((await rt.pool.query(`SELECT usage_item FROM instance WHERE id = 'ppu-item'`)).rows[0].usage_item).toBe('api_calls');
  });

  it('50 concurrent duplicate batches count each event once', async () => {
    await instance('ppu-dup', 'ON_DEMAND', { customer: 'buyer-dup' });
    const batch = Array.from({ length: 20 }, (_, i) => event(`d${i}`, 'ppu-dup', 2));
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(batch)));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(answers.reduce((s, a) => s + (a.json.accepted as number), 0)).toBe(20);
    expect(answers.reduce((s, a) => s + (a.json.duplicates as number), 0)).toBe(49 * 20);
    expect((await events('ppu-dup')).length).toBe(20);
    expect(await total('ppu-dup')).toBe('40.0000');
  });

  it('packages: earliest expiry first, the rest billed as pay-per-use (按需套餐包), also under concurrency', async () => {
    await packageSku('PKG-100', false, { sms: 100 });
    await instance('ppu-2', 'ON_DEMAND', { customer: 'buyer-2' });
    await instance('pkg-late', 'ON_DEMAND_PKG', { customer: 'buyer-2', sku: 'PKG-100', expire: new Date(Date.now() + 300 * 86400_000) });
    await instance('pkg-early', 'ON_DEMAND_PKG', { customer: 'buyer-2', sku: 'PKG-100', expire: new Date(Date.now() + 30 * 86400_000) });
    // 25 concurrent requests of 10 units each: 250 = 100 early + 100 late + 50 billed plainly, whatever the order
    await Promise.all(Array.from({ length: 25 }, (_, i) => post([event(`p${i}`, 'ppu-2', 10)])));
    const { rows } = await rt.pool.query<{ pkg: string | null; v: string }>(
      `SELECT package_instance_id AS pkg, sum(value)::text AS v FROM usage_event WHERE instance_id = 'ppu-2' AND billable GROUP BY 1 ORDER BY 1 NULLS LAST`,
    );
    expect(rows).toEqual([
      { pkg: 'pkg-early', v: '100.0000' },
      { pkg: 'pkg-late', v: '100.0000' },
      { pkg: null, v: '50.0000' },
    ]);
    const used = await rt.pool.query(`SELECT package_instance_id, used::text, related_instance_id FROM package_usage WHERE package_instance_id LIKE 'pkg-%' ORDER BY 1`);
    expect(used.rows).toEqual([
      { package_instance_id: 'pkg-early', used: '100.0000', related_instance_id: 'ppu-2' },
      { package_instance_id: 'pkg-late', used: '100.0000', related_instance_id: 'ppu-2' },
    ]);
  });

  it('用完即停: the quota stops the instance, later usage is kept unbilled, the SaaS hears it signed; a new package resumes', async () => {
    await packageSku('PKG-STOP', true, { sms: 30 });
    await instance('ppu-3', 'ON_DEMAND', { customer: 'buyer-3' });
    await instance('pkg-stop', 'ON_DEMAND_PKG', { customer: 'buyer-3', sku: 'PKG-STOP', expire: new Date(Date.now() + 30 * 86400_000) });
    expect((await post([event('s1', 'ppu-3', 20)])).json).toMatchObject({ accepted: 1, stopped: [] });
    // crosses the quota: 10 billed from the package, 5 kept unbilled
    expect((await post([event('s2', 'ppu-3', 15)])).json).toMatchObject({ accepted: 1, stopped: ['ppu-3'] });
    expect((await post([event('s3', 'ppu-3', 1)])).json).toMatchObject({ accepted: 1, stopped: ['ppu-3'] });
    // a duplicate of an earlier event still says the instance is stopped
    expect((await post([event('s3', 'ppu-3', 1)])).json).toMatchObject({ accepted: 0, duplicates: 1, stopped: ['ppu-3'] });
    expect(await events('ppu-3')).toEqual([
      { event_id: 's1', part: 0, value: '20.0000', package_instance_id: 'pkg-stop', billable: true },
      { event_id: 's2', part: 0, value: '10.0000', package_instance_id: 'pkg-stop', billable: true },
      { event_id: 's2', part: 1, value: '5.0000', package_instance_id: null, billable: false },
      { event_id: 's3', part: 0, value: '1.0000', package_instance_id: null, billable: false },
    ]);
    expect(await total('ppu-3')).toBe('36.0000');
    const exhausted = await rt.pool.query(`SELECT quota_exhausted_at FROM instance WHERE id = 'ppu-3'`);
    expect(exhausted.rows[0].quota_exhausted_at).toBeInstanceOf(Date);
    const stop = await waitFor(async () => hooks.received.find((e) => e.type === 'instance.quota_exhausted'), 15_000, 'the quota_exhausted webhook');
    expect(stop.data).toMatchObject({ instanceId: 'ppu-3' });
    expect(hooks.received.filter((e) => e.type === 'instance.quota_exhausted')).toHaveLength(1);

    // queryInstance: the package reports what is used of it, by the pay-per-use instance; that one its whole usage
    const q = await call(rt, { body: { activity: 'queryInstance', instanceId: 'pkg-stop,ppu-3' }, nonce: nonce() });
    const info = (q.json.info as { instanceId: string; usageInfo: Record<string, unknown>[] }[]).map((i) => [i.instanceId, i.usageInfo]);
    expect(info).toEqual([
      ['pkg-stop', [{ relatedInstanceId: 'ppu-3', usageValue: 30, statisticalTime: expect.stringMatching(/^\d{17}$/), dashboardUrl: 'http://tenant.test/usage?instanceId=pkg-stop' }]],
      ['ppu-3', [{ usageValue: 36, statisticalTime: expect.stringMatching(/^\d{17}$/), dashboardUrl: 'http://tenant.test/usage?instanceId=ppu-3' }]],
    ]);

    // a new package order: once it is active the buyer's stopped instance resumes, and the SaaS hears that too
    await rt.pool.query(`INSERT INTO package_quota (product_id, sku_code, billing_item, quota) VALUES ('OFFI-PKG', 'PKG-STOP', 'mms', 5)`);
    await instance('pkg-stop-2', 'ON_DEMAND_PKG', { customer: 'buyer-3', sku: 'PKG-STOP', expire: new Date(Date.now() + 60 * 86400_000) });
    expect((await post([event('s4', 'ppu-3', 4)])).json).toMatchObject({ accepted: 1, stopped: [] });
    expect((await events('ppu-3')).at(-1)).toEqual({ event_id: 's4', part: 0, value: '4.0000', package_instance_id: 'pkg-stop-2', billable: true });
    await waitFor(async () => hooks.received.find((e) => e.type === 'instance.quota_restored'), 15_000, 'the quota_restored webhook');
  });

  it('a package bought through the marketplace resumes the buyer\'s stopped instances once it is provisioned', async () => {
    const buyer = DEFAULT_BUYER.customerId;
    await instance('ppu-4', 'ON_DEMAND', { customer: buyer });
    await rt.pool.query(`UPDATE instance SET quota_exhausted_at = now() WHERE id = 'ppu-4'`);
    const before = hooks.received.filter((e) => e.type === 'instance.quota_restored').length;
    await buyAndWait(rt, 'MOCKONDEMANDPKG');
    await waitFor(async () => (await rt.pool.query(`SELECT 1 FROM instance WHERE id = 'ppu-4' AND quota_exhausted_at IS NULL`)).rowCount === 1, 15_000, 'the resume');
    await waitFor(async () => hooks.received.filter((e) => e.type === 'instance.quota_restored').length > before, 15_000, 'the quota_restored webhook');
  });

  it('answers 403 for a key without the scope and 401 for a revoked one', async () => {
    await rt.pool.query(`UPDATE api_key SET scopes = '{}'`);
    expect((await post(event('z', 'ppu-1', 1))).status).toBe(403);
    await rt.pool.query(`UPDATE api_key SET scopes = '{usage:write}', revoked_at = now()`);
    expect((await post(event('z', 'ppu-1', 1))).status).toBe(401);
  });
});
