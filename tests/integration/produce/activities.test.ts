import { describe, expect, it } from 'vitest';
import { buyAndWait, call, useTestRuntime, waitFor } from '../helpers/runtime';

/** Every activity of the V2 production interface against a real PostgreSQL, with workers and the built-in emulator. */
describe('production interface: activities', () => {
  const rt = useTestRuntime();

  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await rt.pool.query<T>(sql, params)).rows;

  it('newInstance answers 000004 with the first businessId, then queryInstance gives appInfo once provisioned', async () => {
    const businessId = crypto.randomUUID();
    const created = await call(rt, {
      body: { activity: 'newInstance', orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId, testFlag: '1' },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ resultCode: '000004', instanceId: businessId });

    const ready = await waitFor(async () => {
      const r = await call(rt, { body: { activity: 'queryInstance', instanceId: businessId, testFlag: '1' } });
      expect(['000004', '000000']).toContain(r.json.resultCode);
      return r.json.resultCode === '000000' ? r.json : undefined;
    });
    const info = (ready.info as { instanceId: string; appInfo: Record<string, string> }[])[0]!;
    expect(info.instanceId).toBe(businessId);
    expect(info.appInfo.frontEndUrl).toMatch(/^http:\/\/tenant\.test\/t\/[\w-]+$/);
    expect(info.appInfo.userName).toBe('admin');
    expect(info.appInfo.password).toMatch(/^.{16}$/);

    // order, lines, product and buyer were stored from Query Order; the password is encrypted at rest
    const [inst] = await q<{ status: string; sku_code: string; customer_id: string; password_enc: string; expire_time: Date }>(
      'SELECT status, sku_code, customer_id, password_enc, expire_time FROM instance WHERE id = $1',
      [businessId],
    );
    expect(inst).toMatchObject({ status: 'active', sku_code: 'MOCK-SKU-BASIC' });
    expect(inst!.password_enc).not.toContain(info.appInfo.password);
    expect(inst!.expire_time).toBeInstanceOf(Date);
    expect(await q('SELECT 1 FROM "order" WHERE order_id = $1', ['MOCKPERIODYEARNEW'])).toHaveLength(1);
    expect(await q('SELECT 1 FROM order_line WHERE order_line_id = $1', ['MOCKPERIODYEARNEW-000001'])).toHaveLength(1);
    expect(await q('SELECT 1 FROM customer WHERE customer_id = $1', [inst!.customer_id])).toHaveLength(1);
    expect((await q('SELECT count(*)::int AS n FROM product'))[0]!.n).toBeGreaterThan(0);

    // the job is linked to the call that caused it, and the outbound Query Order call to the job
    const [job] = await q<{ id: string; call_id: string; state: string }>(`SELECT id, call_id, state FROM job WHERE instance_id = $1`, [businessId]);
    expect(job!.state).toBe('completed');
    const [origin] = await q<{ activity: string; result_code: string }>('SELECT activity, result_code FROM call WHERE id = $1', [job!.call_id]);
    expect(origin).toMatchObject({ activity: 'newInstance', result_code: '000004' });
    const outbound = await q<{ activity: string; success: boolean; request_headers: Record<string, string> }>(
      `SELECT activity, success, request_headers FROM call WHERE job_id = $1`,
      [job!.id],
    );
    expect(outbound[0]).toMatchObject({ activity: 'queryOrder', success: true });
    expect(outbound[0]!.request_headers.Authorization ?? outbound[0]!.request_headers.authorization).toMatch(/Signature=\*\*\*/);

    // the password never reaches the call log
    const logged = await q<{ response_body: string }>(`SELECT response_body FROM call WHERE activity = 'queryInstance' AND result_code = '000000'`);
    expect(logged.length).toBeGreaterThan(0);
    for (const r of logged) expect(r.response_body).not.toContain(info.appInfo.password);
  });

  it('a repeated newInstance returns the same instance and creates nothing', async () => {
    const { instanceId } = await buyAndWait(rt, 'MOCKONETIMENEW');
    const again = await call(rt, {
      body: { activity: 'newInstance', orderId: 'MOCKONETIMENEW', orderLineId: 'MOCKONETIMENEW-000001', businessId: crypto.randomUUID() },
    });
    expect(again.json).toMatchObject({ resultCode: '000000', instanceId });
    expect(await q('SELECT 1 FROM instance WHERE order_id = $1', ['MOCKONETIMENEW'])).toHaveLength(1);
    expect(await q('SELECT 1 FROM tenant WHERE instance_id = $1', [instanceId])).toHaveLength(1);
  });

  it('queryInstance: comma-separated ids, usageInfo for pay-per-use, 000003 for an unknown id', async () => {
    const a = await buyAndWait(rt, 'MOCKONDEMAND');
    const b = await buyAndWait(rt, 'MOCKPERIODDAYTRIAL');
    const both = await call(rt, { body: { activity: 'queryInstance', instanceId: `${a.instanceId},${b.instanceId}` } });
    expect(both.json.resultCode).toBe('000000');
    const info = both.json.info as { instanceId: string; usageInfo?: { usageValue: number; statisticalTime: string }[] }[];
    expect(info.map((i) => i.instanceId)).toEqual([a.instanceId, b.instanceId]);
    expect(info[0]!.usageInfo![0]).toMatchObject({ usageValue: 0 });
    expect(info[0]!.usageInfo![0]!.statisticalTime).toMatch(/^\d{17}$/);
    expect(info[1]!.usageInfo).toBeUndefined();

    const unknown = await call(rt, { body: { activity: 'queryInstance', instanceId: `${a.instanceId},no-such-instance` } });
    expect(unknown.json).toMatchObject({ resultCode: '000003' });
    expect(unknown.json.resultMsg).toContain('no-such-instance');
  });

  it('refreshInstance sets the expiry once per order and scene, for every scene', async () => {
    const { instanceId } = await buyAndWait(rt, 'MOCKMONTYTRIALTOFORMAL');
    const renew = (scene: string, orderId: string, expireTime: string) =>
      call(rt, { body: { activity: 'refreshInstance', instanceId, orderId, orderLineId: `${orderId}-000001`, scene, expireTime } });

    expect((await renew('TRIAL_TO_FORMAL', 'MOCKMONTYTRIALTOFORMAL', '20300101000000')).json.resultCode).toBe('000000');
    expect((await renew('RENEWAL', 'MOCKMONTYRENEW', '20310101000000000')).json.resultCode).toBe('000000');
    expect((await renew('RENEWAL', 'MOCKMONTYRENEW', '20310101000000000')).json.resultCode).toBe('000000'); // retry
    expect((await renew('RENEWAL_CHANGE', 'MOCKMONTYCHANGE', '20320101000000')).json.resultCode).toBe('000000');
    expect((await renew('UNSUBSCRIBE_RENEWAL_PERIOD', 'MOCKMONTYRENEW', '20310101000000')).json.resultCode).toBe('000000');

    const [inst] = await q<{ expire_time: Date }>('SELECT expire_time FROM instance WHERE id = $1', [instanceId]);
    expect(inst!.expire_time.toISOString()).toBe('2031-01-01T00:00:00.000Z');
    const history = await q<{ kind: string }>('SELECT kind FROM instance_order WHERE instance_id = $1 ORDER BY id', [instanceId]);
    expect(history.map((h) => h.kind)).toEqual(['NEW', 'TRIAL_TO_FORMAL', 'RENEWAL', 'RENEWAL_CHANGE', 'UNSUBSCRIBE_RENEWAL_PERIOD']);
    // one apply-order job per applied order, none for the retry
    const jobs = await q<{ n: number }>(`SELECT count(*)::int AS n FROM job WHERE instance_id = $1 AND queue = 'apply-order'`, [instanceId]);
    expect(jobs[0]!.n).toBe(4);
    // RENEWAL_CHANGE applies the changed SKU from the fetched order
    await waitFor(async () => (await q(`SELECT 1 FROM job WHERE instance_id = $1 AND queue = 'apply-order' AND state <> 'completed'`, [instanceId])).length === 0);
    const [changed] = await q<{ sku_code: string }>('SELECT sku_code FROM instance WHERE id = $1', [instanceId]);
    expect(changed!.sku_code).toBe('MOCK-SKU-PRO');

    const missing = await call(rt, {
      body: { activity: 'refreshInstance', instanceId: 'nope', orderId: 'X', orderLineId: 'X-1', scene: 'RENEWAL', expireTime: '20300101000000' },
    });
    expect(missing.json.resultCode).toBe('000003');
  });

  it('updateInstanceStatus freezes and unfreezes once; repeats succeed without a second transition', async () => {
    const { instanceId } = await buyAndWait(rt, 'MOCKPERIODYEARNEW', 'MOCKPERIODYEARNEW-000001');
    const status = (s: string) => call(rt, { body: { activity: 'updateInstanceStatus', instanceId, status: s } });
    expect((await status('FREEZE')).json.resultCode).toBe('000000');
    expect((await status('FREEZE')).json.resultCode).toBe('000000');
    expect((await q<{ status: string }>('SELECT status FROM instance WHERE id = $1', [instanceId]))[0]!.status).toBe('frozen');
    expect((await status('UNFREEZE')).json.resultCode).toBe('000000');
    expect((await status('UNFREEZE')).json.resultCode).toBe('000000');
    expect((await q<{ status: string }>('SELECT status FROM instance WHERE id = $1', [instanceId]))[0]!.status).toBe('active');
    const events = await q<{ event: string }>(
      `SELECT data->>'event' AS event FROM job WHERE instance_id = $1 AND queue = 'lifecycle' ORDER BY created_at`,
      [instanceId],
    );
    expect(events.map((e) => e.event)).toEqual(['freeze', 'unfreeze']);
    expect((await call(rt, { body: { activity: 'updateInstanceStatus', instanceId: 'nope', status: 'FREEZE' } })).json.resultCode).toBe('000003');
  });

  it('upgradeInstance applies the upgrade order once, with the new SKU and linear value from Query Order', async () => {
    const { instanceId } = await buyAndWait(rt, 'MOCKONDEMANDPKG');
    const body = { activity: 'upgradeInstance', instanceId, orderId: 'MOCKMONTYCHANGE', orderLineId: 'MOCKMONTYCHANGE-000001' };
    expect((await call(rt, { body })).json.resultCode).toBe('000000');
    expect((await call(rt, { body })).json.resultCode).toBe('000000');
    await waitFor(async () => {
      const [r] = await q<{ sku_code: string; linear_value: number }>('SELECT sku_code, linear_value FROM instance WHERE id = $1', [instanceId]);
      return r!.sku_code === 'MOCK-SKU-PRO' ? r : undefined;
    });
    const [r] = await q<{ linear_value: number }>('SELECT linear_value FROM instance WHERE id = $1', [instanceId]);
    expect(r!.linear_value).toBe(50);
    expect(await q(`SELECT 1 FROM instance_order WHERE instance_id = $1 AND kind = 'UPGRADE'`, [instanceId])).toHaveLength(1);
    expect(await q(`SELECT 1 FROM job WHERE instance_id = $1 AND queue = 'apply-order'`, [instanceId])).toHaveLength(1);
  });

  it('changeInstanceCheck allows a change of a live instance and refuses unknown or released ones', async () => {
    const { instanceId } = await buyAndWait(rt, 'MOCKPERIODDAYTRIAL', 'MOCKPERIODDAYTRIAL-000001');
    const check = (id: string) =>
      call(rt, {
        body: {
          activity: 'changeInstanceCheck',
          instanceId: id,
          productInfo: { productId: 'OFFI000000000000000002', skuCode: 'MOCK-SKU-PRO', linearValue: 50, productName: '专业版' },
        },
      });
    expect((await check(instanceId)).json.resultCode).toBe('000000');
    expect((await check('nope')).json.resultCode).toBe('000003');
    await call(rt, { body: { activity: 'releaseInstance', instanceId } });
    const refused = await check(instanceId);
    expect(refused.json.resultCode).toBe('000002');
    expect(refused.json.resultMsg).toContain('released');
  });

  it('releaseInstance releases once, keeps the unsubscribe order, repeats succeed', async () => {
    const { instanceId } = await buyAndWait(rt, 'MOCKMONTYUNSUBSCRIBE');
    const body = { activity: 'releaseInstance', instanceId, orderId: 'MOCKMONTYUNSUBSCRIBE', orderLineId: 'MOCKMONTYUNSUBSCRIBE-000001' };
    expect((await call(rt, { body })).json.resultCode).toBe('000000');
    expect((await call(rt, { body })).json.resultCode).toBe('000000');
    const [inst] = await q<{ status: string; released_at: Date }>('SELECT status, released_at FROM instance WHERE id = $1', [instanceId]);
    expect(inst!.status).toBe('released');
    expect(inst!.released_at).toBeInstanceOf(Date);
    expect(await q(`SELECT 1 FROM instance_order WHERE instance_id = $1 AND kind = 'UNSUBSCRIBE'`, [instanceId])).toHaveLength(1);
    expect(await q(`SELECT 1 FROM job WHERE instance_id = $1 AND queue = 'lifecycle'`, [instanceId])).toHaveLength(1);
    expect((await call(rt, { body: { activity: 'releaseInstance', instanceId: 'nope' } })).json.resultCode).toBe('000003');
    // a released instance cannot be renewed or unfrozen
    const renew = await call(rt, {
      body: { activity: 'refreshInstance', instanceId, orderId: 'R', orderLineId: 'R-1', scene: 'RENEWAL', expireTime: '20300101000000' },
    });
    expect(renew.json.resultCode).toBe('000003');
  });

  it('orderNotify stores the notified order by fetching it', async () => {
    const r = await call(rt, {
      key: undefined,
      body: { activity: 'orderNotify', orderId: 'MOCKMONTYRENEW', orderLineId: 'MOCKMONTYRENEW-000001', testFlag: '1' },
    });
    expect(r.json).toMatchObject({ resultCode: '000000' });
    await waitFor(async () => (await q('SELECT 1 FROM "order" WHERE order_id = $1', ['MOCKMONTYRENEW'])).length === 1);
  });

  it('answers carry a Body-Sign header and escape non-ASCII as \\uXXXX', async () => {
    const r = await call(rt, {
      body: { activity: 'changeInstanceCheck', instanceId: '不存在', productInfo: { productId: 'p', skuCode: 's', productName: 'n' } },
    });
    expect(r.headers['Body-Sign']).toMatch(/^sign_type="HMAC-SHA256", signature= "[A-Za-z0-9+/=]+"$/);
    expect(r.body).toContain('\\u4e0d\\u5b58\\u5728');
    expect(/[^\x00-\x7f]/.test(r.body)).toBe(false);
  });
});
