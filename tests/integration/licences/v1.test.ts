import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reinvokeCalls } from '../../../lib/calls/reinvoke';
import { publicKeyPem, verifyLicenceKey } from '../../../lib/licences/key';
import { listDeliveries } from '../../../lib/licences/queries';
import { bodySignHeader } from '../../../lib/marketplace/signature';
import { produceDeps } from '../../../lib/marketplace/route';
import type { Runtime } from '../../../lib/runtime';
import { startTestRuntime, TEST_KEY, useTestRuntime, v1Call, waitFor } from '../helpers/runtime';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhooks';

/** spec §4.12, issue 11: licence V1 (getLicense answered inline, refreshLicense, expireLicense, releaseLicense). */

let seq = 0;
const orderId = () => `V1LIC${Date.now().toString(36).toUpperCase()}${seq++}`;
const support = { id: 'x', email: 'support@v1.test', name: null, role: 'support' as const, locale: 'en' as const };

const getLicense = (rt: Runtime, id: string, over: Record<string, string> = {}) =>
  v1Call(rt, {
    params: {
      activity: 'getLicense',
      customerId: '68cbc86abc2018ab880d92f36422fa0e',
      customerName: 'licence buyer',
      businessId: crypto.randomUUID(),
      orderId: id,
      productId: 'V1-LICENCE-PRODUCT',
      skuCode: 'V1-LIC-SKU',
      chargingMode: '1',
      periodType: 'year',
      periodNumber: '1',
      expireTime: '20301231000000',
      amount: '5',
      ...over,
    },
  });

describe('licence V1 with the built-in licence key', () => {
  const rt = useTestRuntime();
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await rt.pool.query<T>(sql, params)).rows;

  it('getLicense answers the instanceId and a licence key for the order, signed, within the call; the delivery is delivered and listed as V1', async () => {
    const id = orderId();
    const started = Date.now();
    const r = await getLicense(rt, id);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.status).toBe(200);
    expect(r.headers['Body-Sign']).toBe(bodySignHeader(TEST_KEY, r.body));
    expect(r.json).toMatchObject({ resultCode: '000000', instanceId: expect.any(String), license: expect.stringMatching(/^KGL1\./) });
    const checked = verifyLicenceKey(r.json.license as string, publicKeyPem(rt.secrets.licenceSigningKey));
    expect(checked).toMatchObject({ valid: true, expired: false, payload: { instanceId: r.json.instanceId, orderId: id, productId: 'V1-LICENCE-PRODUCT', skuCode: 'V1-LIC-SKU', linearValue: 5 } });
    if (checked.valid) expect(checked.payload.expireTime).toMatch(/^2030-12-31T/);

    expect(await q(`SELECT generation, marked_by FROM licence_product WHERE product_id = 'V1-LICENCE-PRODUCT'`)).toEqual([{ generation: 'v1', marked_by: 'getLicense' }]);
    const [delivery] = await q<{ id: string; status: string; generation: string; delivered_by: string }>(
      `SELECT id::text, status, generation, delivered_by FROM licence_delivery WHERE order_id = $1`, [id],
    );
    expect(delivery).toMatchObject({ status: 'delivered', generation: 'v1', delivered_by: 'getLicense' });
    const steps = await q<{ step: string; by: string | null }>(`SELECT step, by FROM licence_event WHERE delivery_id = $1 ORDER BY id`, [delivery!.id]);
    expect(steps).toEqual([{ step: 'awaiting', by: null }, { step: 'generated', by: 'getLicense' }, { step: 'delivered', by: 'getLicense' }]);
    const page = await listDeliveries(rt.pool, { generation: 'v1' });
    expect(page.rows.find((d) => d.orderId === id)).toMatchObject({ generation: 'v1', status: 'delivered', licence: { kind: 'key' } });
    expect(page.generations.v1).toBeGreaterThanOrEqual(1);
    // the call log: a V1 GET of getLicense with the instance named
    const [logged] = await q(`SELECT method, activity, instance_id, result_code FROM call WHERE direction = 'inbound' AND order_id = $1`, [id]);
    expect(logged).toEqual({ method: 'GET', activity: 'getLicense', instance_id: r.json.instanceId, result_code: '000000' });
  });

  it('idempotent on orderId: repeats (another businessId) and 5 concurrent calls answer the same instance and licence, stored once', async () => {
    const id = orderId();
    const first = await getLicense(rt, id);
    const again = await getLicense(rt, id);
    expect(again.json).toMatchObject({ resultCode: '000000', instanceId: first.json.instanceId, license: first.json.license });
    const other = orderId();
    const answers = await Promise.all(Array.from({ length: 5 }, () => getLicense(rt, other)));
    expect(new Set(answers.map((a) => a.json.resultCode))).toEqual(new Set(['000000']));
    expect(new Set(answers.map((a) => a.json.instanceId)).size).toBe(1);
    expect(new Set(answers.map((a) => a.json.license)).size).toBe(1);
    for (const o of [id, other]) {
      expect(await q(`SELECT count(*)::int AS n FROM instance WHERE order_id = $1`, [o])).toEqual([{ n: 1 }]);
      expect(await q(`SELECT count(*)::int AS n FROM licence l JOIN licence_delivery d ON d.id = l.delivery_id WHERE d.order_id = $1`, [o])).toEqual([{ n: 1 }]);
    }
  });

  it('refreshLicense renews once, expireLicense freezes, releaseLicense releases; repeats answer success', async () => {
    const id = orderId();
    const { json } = await getLicense(rt, id);
    const instanceId = json.instanceId as string;
    await waitFor(async () => (await q<{ status: string }>(`SELECT status FROM instance WHERE id = $1`, [instanceId]))[0]?.status === 'active');
    const renewal = `${id}R`;
    for (let i = 0; i < 2; i++) {
      const r = await v1Call(rt, { params: { activity: 'refreshLicense', instanceId, orderId: renewal, productId: 'V1-LICENCE-PRODUCT', expireTime: '20311231000000' } });
      expect(r.json).toMatchObject({ resultCode: '000000' });
    }
    expect(await q(`SELECT count(*)::int AS n FROM instance_order WHERE instance_id = $1 AND order_id = $2`, [instanceId, renewal])).toEqual([{ n: 1 }]);
    const [renewed] = await q<{ expire_time: Date }>(`SELECT expire_time FROM instance WHERE id = $1`, [instanceId]);
    expect(renewed!.expire_time.toISOString()).toMatch(/^2031-12-31T/);
    // the renewal is a delivery of its own on the Licences page (support delivers the longer licence)
    await waitFor(async () => (await q(`SELECT 1 FROM licence_delivery WHERE order_id = $1`, [renewal])).length === 1);

    for (let i = 0; i < 2; i++) expect((await v1Call(rt, { params: { activity: 'expireLicense', instanceId, orderId: id } })).json.resultCode).toBe('000000');
    expect((await q(`SELECT status::text FROM instance WHERE id = $1`, [instanceId]))[0]).toEqual({ status: 'frozen' });
    for (let i = 0; i < 2; i++) expect((await v1Call(rt, { params: { activity: 'releaseLicense', instanceId, orderId: id } })).json.resultCode).toBe('000000');
    expect((await q(`SELECT status::text FROM instance WHERE id = $1`, [instanceId]))[0]).toEqual({ status: 'released' });
  });

  it('field errors name the field (000002) and store nothing', async () => {
    const id = orderId();
    const noCustomer = await getLicense(rt, id, { customerId: '' });
    expect(noCustomer.json).toMatchObject({ resultCode: '000002', resultMsg: expect.stringContaining('customerId') });
    const badExpiry = await getLicense(rt, id, { expireTime: 'tomorrow' });
    expect(badExpiry.json).toMatchObject({ resultCode: '000002', resultMsg: expect.stringContaining('expireTime') });
    expect(await q(`SELECT 1 FROM instance WHERE order_id = $1`, [id])).toEqual([]);
    expect((await v1Call(rt, { params: { activity: 'releaseLicense', instanceId: 'no-such-instance' } })).json).toMatchObject({ resultCode: '000002', resultMsg: expect.stringContaining('orderId') });
  });
});

describe('licence V1 from the seller’s SaaS (licence.requested)', () => {
  let rt: Runtime;
  let hooks: WebhookReceiver;
  const SECRET = 'whsec_' + Buffer.from('v1-licence-webhook-secret!!!!!!!').toString('base64');
  let answer: (data: Record<string, unknown>) => { status: number; body?: unknown; delayMs?: number } = () => ({ status: 200, body: {} });

  beforeAll(async () => {
    hooks = await startWebhookReceiver(SECRET, (e) => {
      if (e.type === 'instance.provision') return { status: 200, body: { appInfo: { frontEndUrl: 'https://saas.example/t', userName: 'u', password: 'p' } } };
      if (e.type === 'licence.requested') return answer(e.data);
      return { status: 200, body: {} };
    });
    rt = await startTestRuntime({ PROVISIONER_WEBHOOK_URL: hooks.url, PROVISIONER_WEBHOOK_SECRET: SECRET });
  });
  afterAll(async () => {
    await rt?.close();
    await hooks?.close();
  });

  it('answers the licence the SaaS gives, asked once with the order (activity getLicense, no eventId)', async () => {
    answer = (d) => ({ status: 200, body: { type: 'CHARACTERS', characters: `SAAS-V1-LICENCE-${String(d.orderId)}` } });
    const id = orderId();
    const r = await getLicense(rt, id);
    expect(r.json).toMatchObject({ resultCode: '000000', license: `SAAS-V1-LICENCE-${id}` });
    const asked = hooks.received.filter((e) => e.type === 'licence.requested' && e.data.orderId === id);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.id).toMatch(/^licence-v1-\d+$/);
    expect(asked[0]!.data).toMatchObject({ activity: 'getLicense', eventId: null, instanceId: r.json.instanceId, productId: 'V1-LICENCE-PRODUCT', skuCode: 'V1-LIC-SKU', linearValue: 5, deviceFingerprint: null });
    // a repeat answers the stored licence without asking again
    expect((await getLicense(rt, id)).json.license).toBe(`SAAS-V1-LICENCE-${id}`);
    expect(hooks.received.filter((e) => e.type === 'licence.requested' && e.data.orderId === id)).toHaveLength(1);
  });

  it('a SaaS too slow for the 5 s budget: 000005 with the reason, within it; re-invoked once it answers, the licence is delivered', async () => {
    answer = () => ({ status: 200, body: { type: 'CHARACTERS', characters: 'TOO-LATE' }, delayMs: 4000 });
    const id = orderId();
    const started = Date.now();
    const slow = await getLicense(rt, id);
    expect(Date.now() - started).toBeLessThan(4500);
    expect(slow.status).toBe(200);
    expect(slow.json).toMatchObject({
      resultCode: '000005',
      resultMsg: "the licence could not be produced: the seller's SaaS did not answer licence.requested with a licence within 2500 ms",
      instanceId: expect.any(String),
    });
    const [failed] = (await rt.pool.query<{ id: string; success: boolean }>(`SELECT id::text, success FROM call WHERE direction = 'inbound' AND order_id = $1`, [id])).rows;
    expect(failed!.success).toBe(false);
    const hook = (await rt.pool.query<{ error: string }>(`SELECT error FROM call WHERE activity = 'webhook.licence.requested' AND order_id = $1`, [id])).rows[0]!;
    expect(hook.error).toMatch(/network error/);

    answer = () => ({ status: 200, body: { type: 'CHARACTERS', characters: 'SAAS-RECOVERED' } });
    const [result] = await reinvokeCalls(produceDeps(rt), [failed!.id], support);
    expect(result).toMatchObject({ ok: true, resultCode: '000000', success: true });
    const again = (await rt.pool.query<{ response_body: string; response_headers?: unknown }>(`SELECT response_body FROM call WHERE reinvoked_from = $1`, [failed!.id])).rows[0]!;
    expect(JSON.parse(again.response_body)).toMatchObject({ resultCode: '000000', license: 'SAAS-RECOVERED', instanceId: slow.json.instanceId });
    expect((await rt.pool.query(`SELECT status FROM licence_delivery WHERE order_id = $1`, [id])).rows).toEqual([{ status: 'delivered' }]);
  });
});
