import { describe, expect, it } from 'vitest';
import { getCallView, listFailures } from '../../../lib/calls/queries';
import { decryptCredential, encryptCredential } from '../../../lib/marketplace/aes';
import { bodySignHeader } from '../../../lib/marketplace/signature';
import { utc17 } from '../../../lib/marketplace/time';
import { reinvokeCalls } from '../../../lib/calls/reinvoke';
import { call, consoleUser, startTestRuntime, TEST_KEY, useTestRuntime, v1Call, waitFor } from '../helpers/runtime';

/** The V1 production interface (spec §4): GET + authToken, Body-Sign, AES, over the V2 domain functions. */
describe('production interface V1: basic activities', () => {
  const rt = useTestRuntime();
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await rt.pool.query<T>(sql, params)).rows;
  const lastCall = async () => (await q<Record<string, unknown>>(`SELECT * FROM call WHERE direction = 'inbound' ORDER BY id DESC LIMIT 1`))[0]!;
  const queryOrders = async () => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM call WHERE direction = 'outbound' AND activity = 'queryOrder'`))[0]!.n;
  let seq = 0;
  const orderId = () => `V1CS${Date.now().toString(36).toUpperCase()}${seq++}`;
  const plain = (v: unknown) => decryptCredential(TEST_KEY, v as string, 1);

  /** Every V1 answer carries a Body-Sign over the exact bytes (spec §4.3). */
  const signedBy = (r: { headers: Record<string, string>; body: string }, key = TEST_KEY) => expect(r.headers['Body-Sign']).toBe(bodySignHeader(key, r.body));

  const buy = (params: Record<string, string> = {}) => {
    const id = params.orderId ?? orderId();
    return v1Call(rt, {
      params: {
        activity: 'newInstance',
        businessId: crypto.randomUUID(),
        customerId: '68cbc86abc2018ab880d92f36422fa0e',
        customerName: 'buyer',
        orderId: id,
        skuCode: 'V1-SKU',
        productId: '00301-666666-0--0',
        chargingMode: '1',
        periodType: 'year',
        periodNumber: '1',
        expireTime: '20301231000000',
        amount: '10',
        ...params,
      },
    });
  };

  it('newInstance: the inline order stored, no Query Order, appInfo within the answer, credentials AES-256 encrypted', async () => {
    const before = await queryOrders();
    const mobilePhone = encryptCredential(TEST_KEY, '+8613800000000', 1);
    const email = encryptCredential(TEST_KEY, 'buyer@example.com', 2);
    const ext = Buffer.from(JSON.stringify([{ name: 'idNum', value: '42' }])).toString('base64');
    const id = orderId();
    const r = await buy({ orderId: id, mobilePhone, email, saasExtendParams: ext });
    expect(r.status).toBe(200);
    signedBy(r);
    expect(r.json).toMatchObject({ resultCode: '000000', encryptType: '1' });
    const instanceId = r.json.instanceId as string;
    const appInfo = r.json.appInfo as Record<string, string>;
    expect(appInfo.frontEndUrl).toMatch(/^http:\/\/tenant\.test\/t\//);
    expect(plain(appInfo.userName)).toBe('admin');
    expect(plain(appInfo.password)).toMatch(/^.{16}$/);
    expect(await queryOrders()).toBe(before);
    const [inst] = await q('SELECT status, order_line_id, sku_code, product_id, linear_value, charging_mode, customer_id FROM instance WHERE id = $1', [instanceId]);
    expect(inst).toMatchObject({ status: 'active', order_line_id: `${id}-000001`, sku_code: 'V1-SKU', linear_value: 10, charging_mode: 'PERIOD', customer_id: '68cbc86abc2018ab880d92f36422fa0e' });
    const [order] = await q<{ source: string; extend_params: unknown; order_type: string }>('SELECT source, extend_params, order_type FROM "order" WHERE order_id = $1', [id]);
    expect(order).toMatchObject({ source: 'v1', order_type: 'NEW', extend_params: [{ name: 'idNum', value: '42' }] });
    expect((await q('SELECT email, mobile_phone, customer_name FROM customer WHERE customer_id = $1', [inst!.customer_id]))[0]).toEqual({
      email: 'buyer@example.com',
      mobile_phone: '+8613800000000',
      customer_name: 'buyer',
    });
    // the call log: a GET, its query kept (authToken masked), marked V1, the instance named
    expect(await lastCall()).toMatchObject({ method: 'GET', activity: 'newInstance', order_id: id, instance_id: instanceId, signature_verdict: 'valid', result_code: '000000', response_status: 200 });
    const logged = await lastCall();
    expect(logged.signature_detail).toMatch(/^V1 authToken, MARKETPLACE_KEY,/);
    expect((logged.query as Record<string, string>).authToken).toMatch(/\*\*\*$/);
    expect((logged.query as Record<string, string>).skuCode).toBe('V1-SKU');
    expect((logged.query as Record<string, string>).mobilePhone).toBe(mobilePhone);
    // viewers see no contact details, even encrypted: masked in the query and the URL
    const view = await getCallView(rt, String(logged.id), { maskPersonal: true });
    expect(view!.query).toMatchObject({ mobilePhone: '***', email: '***', skuCode: 'V1-SKU' });
    expect(view!.url).toContain('mobilePhone=***');
    expect(view!.url).not.toContain(encodeURIComponent(mobilePhone));
  });

  it('newInstance repeats (new businessId each time) answer the same instance; concurrent duplicates make one', async () => {
    const id = orderId();
    const first = await buy({ orderId: id });
    const again = await buy({ orderId: id });
    expect(again.json).toMatchObject({ resultCode: '000000', instanceId: first.json.instanceId });
    const all = await Promise.all([1, 2, 3].map(() => buy({ orderId: `${id}X` })));
    expect(new Set(all.map((a) => a.json.instanceId)).size).toBe(1);
    expect((await q('SELECT count(*)::int AS n FROM instance WHERE order_id = ANY($1)', [[id, `${id}X`]]))[0]).toEqual({ n: 2 });
  });

  it('a V1 and a V2 newInstance for the same order give one instance, whichever comes first', async () => {
    const a = orderId();
    const v1 = await buy({ orderId: a });
    const v2 = await call(rt, { body: { activity: 'newInstance', orderId: a, orderLineId: `${a}-000001`, businessId: crypto.randomUUID() } });
    expect(v2.json).toMatchObject({ resultCode: '000000', instanceId: v1.json.instanceId });
    // V2 first (the mock order of the emulator), then V1 with the same orderId
    const v2first = await call(rt, { body: { activity: 'newInstance', orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId: crypto.randomUUID(), testFlag: '1' } });
    const v1then = await buy({ orderId: 'MOCKPERIODYEARNEW', testFlag: '1' });
    expect(['000000', '000004']).toContain(v1then.json.resultCode);
    expect(v1then.json.instanceId).toBe(v2first.json.instanceId);
    expect((await q('SELECT count(*)::int AS n FROM instance WHERE order_id = ANY($1)', [[a, 'MOCKPERIODYEARNEW']]))[0]).toEqual({ n: 2 });
  });

  it('pay-per-use: one instance per order and product (spec §7.3); the longest ids the spec allows fit', async () => {
    const id = orderId();
    const a = await buy({ orderId: id, chargingMode: '0', productId: 'P-A' });
    const b = await buy({ orderId: id, chargingMode: '0', productId: 'P-B' });
    const a2 = await buy({ orderId: id, chargingMode: '0', productId: 'P-A' });
    expect(a.json.instanceId).not.toBe(b.json.instanceId);
    expect(a2.json.instanceId).toBe(a.json.instanceId);
    expect((await q(`SELECT charging_mode FROM instance WHERE id = $1`, [b.json.instanceId]))[0]).toEqual({ charging_mode: 'ON_DEMAND' });
    const long = await buy({ orderId: 'L'.repeat(64), customerId: 'c'.repeat(100), businessId: 'b'.repeat(64) });
    expect(long.json).toMatchObject({ resultCode: '000000', instanceId: 'b'.repeat(64) });
    const [inst] = await q<{ order_line_id: string; expire_time: Date }>('SELECT order_line_id, expire_time FROM instance WHERE id = $1', ['b'.repeat(64)]);
    expect(inst!.order_line_id.length).toBeLessThanOrEqual(64);
    expect(inst!.expire_time.toISOString()).toBe('2030-12-31T00:00:00.000Z');
  });

  it('queryInstance: a comma list, credentials encrypted; unknown ids 000003', async () => {
    const one = (await buy()).json.instanceId as string;
    const two = (await buy()).json.instanceId as string;
    const r = await v1Call(rt, { params: { activity: 'queryInstance', instanceId: `${one},${two}` } });
    signedBy(r);
    expect(r.json).toMatchObject({ resultCode: '000000', encryptType: '1' });
    const info = r.json.info as { instanceId: string; appInfo: Record<string, string> }[];
    expect(info.map((i) => i.instanceId)).toEqual([one, two]);
    expect(plain(info[1]!.appInfo.userName)).toBe('admin');
    const missing = await v1Call(rt, { params: { activity: 'queryInstance', instanceId: `${one},nope` } });
    expect(missing.json).toEqual({ resultCode: '000003', resultMsg: 'instance nope not found' });
    signedBy(missing);
  });

  it('refreshInstance: expiry set once per renewal order, no Query Order; repeats succeed', async () => {
    const instanceId = (await buy()).json.instanceId as string;
    const before = await queryOrders();
    const renewal = orderId();
    const params = { activity: 'refreshInstance', orderId: renewal, instanceId, expireTime: '20311231000000', periodType: 'year', periodNumber: '1' };
    for (let i = 0; i < 2; i++) {
      const r = await v1Call(rt, { params });
      expect(r.json).toEqual({ resultCode: '000000', resultMsg: 'success.' });
      signedBy(r);
    }
    const [inst] = await q<{ expire_time: Date }>('SELECT expire_time FROM instance WHERE id = $1', [instanceId]);
    expect(inst!.expire_time.toISOString()).toBe('2031-12-31T00:00:00.000Z');
    expect((await q(`SELECT kind FROM instance_order WHERE instance_id = $1 AND order_id = $2`, [instanceId, renewal])).map((r) => r.kind)).toEqual(['RENEWAL']);
    await waitFor(async () => (await q(`SELECT 1 FROM job WHERE instance_id = $1 AND queue = 'apply-order' AND state = 'completed'`, [instanceId])).length > 0, 20_000, 'the renewal job');
    expect(await queryOrders()).toBe(before);
    const unknown = await v1Call(rt, { params: { ...params, instanceId: 'nope' } });
    expect(unknown.json.resultCode).toBe('000003');
  });

  it('upgrade: the new SKU and linear value applied from the inline order, once', async () => {
    const instanceId = (await buy()).json.instanceId as string;
    const up = orderId();
    const params = { activity: 'upgrade', instanceId, orderId: up, skuCode: 'V1-SKU-PRO', productId: '00301-666688-0-0', amount: '50' };
    for (let i = 0; i < 2; i++) expect((await v1Call(rt, { params })).json.resultCode).toBe('000000');
    await waitFor(async () => (await q(`SELECT 1 FROM instance WHERE id = $1 AND sku_code = 'V1-SKU-PRO' AND linear_value = 50`, [instanceId])).length > 0, 20_000, 'the upgrade');
    expect((await q(`SELECT count(*)::int AS n FROM instance_order WHERE instance_id = $1 AND kind = 'UPGRADE'`, [instanceId]))[0]).toEqual({ n: 1 });
  });

  it('instanceStatus FREEZE / NORMAL, expireInstance, releaseInstance: each once, repeats succeed', async () => {
    const instanceId = (await buy()).json.instanceId as string;
    const status = async () => (await q<{ status: string }>('SELECT status FROM instance WHERE id = $1', [instanceId]))[0]!.status;
    const send = async (params: Record<string, string>) => {
      const r = await v1Call(rt, { params: { instanceId, ...params } });
      signedBy(r);
      return r.json;
    };
    for (let i = 0; i < 2; i++) expect(await send({ activity: 'instanceStatus', instanceStatus: 'FREEZE' })).toMatchObject({ resultCode: '000000' });
    expect(await status()).toBe('frozen');
    for (let i = 0; i < 2; i++) expect(await send({ activity: 'instanceStatus', instanceStatus: 'NORMAL' })).toMatchObject({ resultCode: '000000' });
    expect(await status()).toBe('active');
    for (let i = 0; i < 2; i++) expect(await send({ activity: 'expireInstance', orderId: 'X' })).toMatchObject({ resultCode: '000000' });
    expect(await status()).toBe('frozen');
    for (let i = 0; i < 2; i++) expect(await send({ activity: 'releaseInstance', orderId: 'X' })).toMatchObject({ resultCode: '000000' });
    expect(await status()).toBe('released');
    expect(await send({ activity: 'releaseInstance', orderId: 'X', instanceId: 'nope' })).toMatchObject({ resultCode: '000003' });
  });

  it('refusals are signed too: a wrong token 000001, a stale timeStamp 000001 (expired), bad fields 000002 naming the field', async () => {
    const wrong = await v1Call(rt, { params: { activity: 'queryInstance', instanceId: 'x' }, key: 'not-the-key' });
    expect(wrong.json).toEqual({ resultCode: '000001', resultMsg: 'authentication failed: authToken does not match' });
    expect(wrong.status).toBe(200);
    signedBy(wrong);
    expect(await lastCall()).toMatchObject({ method: 'GET', signature_verdict: 'invalid', result_code: '000001' });
    const stale = await v1Call(rt, { params: { activity: 'queryInstance', instanceId: 'x' }, timeStamp: utc17(new Date(Date.now() - 11 * 60_000)) });
    expect(stale.json).toMatchObject({ resultCode: '000001', resultMsg: expect.stringMatching(/timeStamp is 6\d\d s old \(limit 600 s\)/) });
    signedBy(stale);
    expect(await lastCall()).toMatchObject({ signature_verdict: 'expired' });
    const missing = await v1Call(rt, { params: { activity: 'queryInstance', instanceId: 'x' }, omit: ['authToken'] });
    expect(missing.json.resultCode).toBe('000001');
    signedBy(missing);
    const bad = await buy({ customerId: 'c'.repeat(101) });
    expect(bad.json).toEqual({ resultCode: '000002', resultMsg: 'customerId is longer than 100 characters' });
    signedBy(bad);
    const undecryptable = await buy({ mobilePhone: 'AbCdEfGh12345678' + Buffer.from('garbage-garbage!').toString('base64') });
    expect(undecryptable.json).toMatchObject({ resultCode: '000002', resultMsg: expect.stringMatching(/^mobilePhone does not decrypt/) });
  });

  it('garbage never gets a 5xx or a 405: every answer 200 JSON with Body-Sign, and recorded', async () => {
    const urls = [
      '/api/produce',
      '/api/produce?',
      '/api/produce?activity=',
      '/api/produce?a=1&a=2',
      '/api/produce?%E0%A4%A=1',
      `/api/produce?x=${'q'.repeat(20_000)}`,
      `/api/produce?${Array.from({ length: 100 }, (_, i) => `p${i}=1`).join('&')}`,
      '/api/produce?activity=newInstance&timeStamp=99999999999999999999&authToken=%00',
      '/api/produce?__proto__=x&constructor=y&activity=queryInstance&timeStamp=1&authToken=x',
    ];
    const { handleProduce } = await import('../../../lib/marketplace/produce');
    for (const url of urls) {
      const r = await handleProduce(
        { method: 'GET', url, query: {}, headers: {}, rawBody: Buffer.alloc(0), clientAddress: '127.0.0.1' },
        { pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey },
      );
      expect(r.status, url.slice(0, 80)).toBe(200);
      expect(['000001', '000002'], url.slice(0, 80)).toContain((JSON.parse(r.body) as { resultCode: string }).resultCode);
      signedBy(r);
    }
    // every V1 call is in the call log as one: a GET whose signature detail starts with V1
    expect(await q(`SELECT url, signature_detail, result_msg FROM call WHERE direction = 'inbound' AND method = 'GET' AND (signature_detail IS NULL OR signature_detail NOT LIKE 'V1%')`)).toEqual([]);
    expect((await q(`SELECT count(*)::int AS n FROM call WHERE direction = 'inbound' AND method = 'GET' AND response_status = 200`))[0]!.n).toBeGreaterThan(urls.length);
  });
});

describe('production interface V1: keys', () => {
  it('the Base64-decoded variant of MARKETPLACE_KEY_V1 verifies, signs the answer and encrypts; the call log says which matched', async () => {
    const real = 'eu-seller-key-123';
    const shown = Buffer.from(real).toString('base64');
    const rt = await startTestRuntime({ MARKETPLACE_KEY_V1: shown, V1_ENCRYPT_TYPE: '2' }, { workers: false });
    try {
      const r = await v1Call(rt, { params: { activity: 'queryInstance', instanceId: 'nope' }, key: real });
      expect(r.json.resultCode).toBe('000003');
      expect(r.headers['Body-Sign']).toBe(bodySignHeader(real, r.body));
      const { rows } = await rt.pool.query<{ signature_detail: string }>(`SELECT signature_detail FROM call ORDER BY id DESC LIMIT 1`);
      expect(rows[0]!.signature_detail).toMatch(/^V1 authToken, MARKETPLACE_KEY_V1 \(Base64-decoded\),/);
      // the key as shown works too, and MARKETPLACE_KEY (the V2 basic key) is not the V1 key when MARKETPLACE_KEY_V1 is set
      expect((await v1Call(rt, { params: { activity: 'queryInstance', instanceId: 'nope' }, key: shown })).json.resultCode).toBe('000003');
      expect((await v1Call(rt, { params: { activity: 'queryInstance', instanceId: 'nope' }, key: TEST_KEY })).json.resultCode).toBe('000001');
    } finally {
      await rt.close();
    }
  });

  it('the previous key is accepted during a rotation, and answers are signed with the key that matched', async () => {
    const rt = await startTestRuntime({ MARKETPLACE_KEY_PREVIOUS: 'old-key-456' }, { workers: false });
    try {
      const r = await v1Call(rt, { params: { activity: 'queryInstance', instanceId: 'nope' }, key: 'old-key-456' });
      expect(r.json.resultCode).toBe('000003');
      expect(r.headers['Body-Sign']).toBe(bodySignHeader('old-key-456', r.body));
    } finally {
      await rt.close();
    }
  });
});

describe('production interface V1: faults and re-invocation', () => {
  it('a fault answers 000005 with a reference and a Body-Sign; re-invoked from the console it runs again, with the key that matched', async () => {
    const shown = Buffer.from('eu-seller-key-456').toString('base64');
    const rt = await startTestRuntime({ MARKETPLACE_KEY_V1: shown, ADMIN_EMAIL: 'admin@v1.test', ADMIN_PASSWORD: 'admin-password-1' });
    try {
      const params = {
        activity: 'newInstance',
        businessId: 'v1-fault-first',
        customerId: 'c1',
        orderId: 'V1FAULT1',
        skuCode: 'V1-SKU',
        productId: 'P1',
        testFlag: '1',
      };
      await rt.pool.query('ALTER TABLE instance_order RENAME TO instance_order_away');
      let failed: Awaited<ReturnType<typeof v1Call>>;
      try {
        failed = await v1Call(rt, { params, key: 'eu-seller-key-456' });
      } finally {
        await rt.pool.query('ALTER TABLE instance_order_away RENAME TO instance_order');
      }
      expect(failed.status).toBe(200);
      expect(failed.json).toEqual({ resultCode: '000005', resultMsg: expect.stringMatching(/^internal error, reference [0-9a-f]{12}$/) });
      expect(failed.headers['Body-Sign']).toBe(bodySignHeader('eu-seller-key-456', failed.body));
      const { rows } = await rt.pool.query<{ id: string; error: string; request_body: string }>(
        `SELECT id::text, error, request_body FROM call WHERE direction = 'inbound' AND order_id = 'V1FAULT1' ORDER BY id DESC LIMIT 1`,
      );
      expect(rows[0]!.error).toMatch(/^fault, reference [0-9a-f]{12}/);
      expect(rows[0]!.request_body).toBe('');
      // in the attention queue, marked V1, with the purchase's deadline (3 h, then refunded)
      const failure = (await listFailures(rt.pool)).find((f) => f.orderId === 'V1FAULT1');
      expect(failure).toMatchObject({ activity: 'newInstance', v1: true, afterwards: 'refund', lastCallId: rows[0]!.id });
      const admin = await consoleUser(rt, 'admin@v1.test', 'admin-password-1');
      const [result] = await reinvokeCalls({ pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey }, [rows[0]!.id], admin);
      expect(result).toMatchObject({ ok: true });
      const again = await rt.pool.query<{ result_code: string; instance_id: string; signature_detail: string; response_body: string }>(
        `SELECT result_code, instance_id, signature_detail, response_body FROM call WHERE reinvoked_from = $1`,
        [rows[0]!.id],
      );
      expect(again.rows[0]).toMatchObject({ instance_id: 'v1-fault-first', signature_detail: `V1, re-invocation of call ${rows[0]!.id}` });
      expect(['000000', '000004']).toContain(again.rows[0]!.result_code);
      const answer = JSON.parse(again.rows[0]!.response_body) as { appInfo?: { userName: string } };
      if (answer.appInfo) expect(decryptCredential('eu-seller-key-456', answer.appInfo.userName, 1)).toBe('admin');
    } finally {
      await rt.close();
    }
  });
});
