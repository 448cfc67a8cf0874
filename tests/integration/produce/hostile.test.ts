import { describe, expect, it } from 'vitest';
import { handleProduce } from '../../../lib/marketplace/produce';
import { v2Signature } from '../../../lib/marketplace/signature';
import { SignatureFailureThrottle } from '../../../lib/marketplace/throttle';
import { call, nonce, startTestRuntime, useTestRuntime, TEST_KEY } from '../helpers/runtime';

/**
 * What the probe of issue 6 sent to the production interface, one finding each: every answer a marketplace result
 * code naming the problem, every call in the call log whatever bytes it carried, and nothing changed.
 */
describe('production interface: hostile input (issue 6)', () => {
  const rt = useTestRuntime({}, { workers: false });

  const count = async (sql: string, values: unknown[] = []) => (await rt.pool.query<{ n: number }>(sql, values)).rows[0]!.n;
  const inbound = () => count(`SELECT count(*)::int AS n FROM call WHERE direction = 'inbound'`);
  const lastCall = async () =>
    (await rt.pool.query(`SELECT * FROM call WHERE direction = 'inbound' ORDER BY id DESC LIMIT 1`)).rows[0] as Record<string, unknown>;

  /** A raw call: any bytes as the body, signed over exactly those bytes unless told otherwise. */
  const raw = async (rawBody: string, opts: { signed?: boolean; query?: Record<string, string>; throttle?: SignatureFailureThrottle; method?: string } = {}) => {
    const n = nonce();
    const timestamp = String(Date.now());
    const query = opts.query ?? {
      signature: opts.signed === false ? 'A'.repeat(64) : v2Signature(TEST_KEY, rawBody, n, timestamp),
      timestamp,
      nonce: n,
    };
    const out = await handleProduce(
      { method: opts.method ?? 'POST', url: '/api/produce?' + new URLSearchParams(query), query, headers: {}, rawBody, clientAddress: '198.51.100.7' },
      { pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey, throttle: opts.throttle ?? new SignatureFailureThrottle() },
    );
    return { ...out, json: JSON.parse(out.body) as { resultCode: string; resultMsg: string } };
  };

  it('U+0000 in a string field: 000002 naming the field, and the call is in the log', async () => {
    const before = await inbound();
    const r = await call(rt, { body: { activity: 'newInstance', orderId: 'O\u0000X', orderLineId: 'L', businessId: 'b' } });
    expect(r.json).toEqual({ resultCode: '000002', resultMsg: 'orderId must not contain the character U+0000' });
    expect(await inbound()).toBe(before + 1);
    const logged = await lastCall();
    expect(logged).toMatchObject({ result_code: '000002', order_id: 'O\\u0000X', signature_verdict: 'valid' });
    expect(await count(`SELECT count(*)::int AS n FROM instance WHERE order_line_id = 'L'`)).toBe(0);
  });

  it('U+0000 in a field no schema reads is refused too, with its path', async () => {
    const r = await call(rt, { body: { activity: 'queryInstance', instanceId: 'x', extra: [{ note: 'a\u0000' }] } });
    expect(r.json).toEqual({ resultCode: '000002', resultMsg: 'extra[0].note must not contain the character U+0000' });
  });

  it('a NUL byte in the body: 000002 (not JSON), signed or not 000001, stored with the byte shown as \\u0000', async () => {
    const body = '{"activity":"queryInstance","instanceId":"a\u0000b"}';
    const signed = await raw(body);
    expect(signed.json).toEqual({ resultCode: '000002', resultMsg: expect.stringMatching(/^request body is not valid JSON/) });
    expect(await lastCall()).toMatchObject({ request_body: body.replace('\u0000', '\\u0000') });
    const unsigned = await raw(body, { signed: false });
    expect(unsigned.json.resultCode).toBe('000001');
    expect(await lastCall()).toMatchObject({ result_code: '000001', request_body: body.replace('\u0000', '\\u0000') });
  });

  it('a NUL in the nonce or in any query parameter: 000001, and the call is in the log', async () => {
    const before = await inbound();
    const body = '{"activity":"queryInstance","instanceId":"x"}';
    const timestamp = String(Date.now());
    const bad = 'N\u0000' + nonce().slice(2);
    const r = await raw(body, { query: { signature: v2Signature(TEST_KEY, body, bad, timestamp), timestamp, nonce: bad, ['x\u0000']: 'y\u0000' } });
    expect(r.json).toEqual({ resultCode: '000001', resultMsg: 'authentication failed: nonce may contain only printable ASCII characters' });
    expect(await inbound()).toBe(before + 1);
    expect((await lastCall()).query).toMatchObject({ nonce: 'N\\u0000' + bad.slice(2), 'x\\u0000': 'y\\u0000' });
  });

  it('a body nested 5,000 levels deep: 000002 when signed, 000001 when not; never a stack overflow', async () => {
    const deep = '{"activity":"queryInstance","instanceId":"x","d":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    expect((await raw(deep)).json).toEqual({ resultCode: '000002', resultMsg: 'request body is nested deeper than 32 levels' });
    const unsigned = await raw(deep, { signed: false });
    expect(unsigned.json.resultCode).toBe('000001');
    // the sorted-body fallback was not tried: the body is out of bounds
    expect(await lastCall()).toMatchObject({ signature_detail: 'tried raw body with MARKETPLACE_KEY' });
  });

  it('0.9 MB of 83,000 keys with a fake signature: refused without parsing, the log keeps a bounded body', async () => {
    const junk = JSON.stringify(Object.fromEntries(Array.from({ length: 83_000 }, (_, i) => [`k${i}`, i % 7])));
    expect(junk.length).toBeGreaterThan(800_000);
    const r = await raw(junk, { signed: false });
    expect(r.json.resultCode).toBe('000001');
    const logged = await lastCall();
    expect(logged.signature_detail).toBe('tried raw body with MARKETPLACE_KEY');
    expect((logged.request_body as string).length).toBeLessThan(64 * 1024 + 100);
  });

  it('an address whose signatures keep failing gets the raw check only, and its bodies are stored shortened', async () => {
    const throttle = new SignatureFailureThrottle();
    const body = JSON.stringify({ activity: 'queryInstance', instanceId: 'x', pad: 'p'.repeat(5000) }, null, 1);
    for (let i = 0; i < 10; i++) await raw(body, { signed: false, throttle });
    expect((await lastCall()).signature_detail).toBe('tried raw+sorted body with MARKETPLACE_KEY');
    await raw(body, { signed: false, throttle });
    const logged = await lastCall();
    expect(logged.signature_detail).toBe('tried raw body with MARKETPLACE_KEY');
    expect((logged.request_body as string).length).toBeLessThan(1200);
    expect(logged.request_body).toMatch(/…\[\d+ bytes; the sender's signatures keep failing, so only the first 1024 are kept\]$/);
    // a correctly signed call from the same address still passes (the raw check is always made)
    const ok = await raw(JSON.stringify({ activity: 'queryInstance', instanceId: 'nope' }), { throttle });
    expect(ok.json.resultCode).toBe('000003');
  });

  it('ids of only whitespace are refused, and nothing is created', async () => {
    const before = await count('SELECT count(*)::int AS n FROM instance');
    const r = await call(rt, { body: { activity: 'newInstance', orderId: 'WS-1', orderLineId: 'WS-1-1', businessId: '   ' } });
    expect(r.json).toEqual({ resultCode: '000002', resultMsg: 'businessId must not be only spaces' });
    expect(await count('SELECT count(*)::int AS n FROM instance')).toBe(before);
  });

  it('secret-named fields are stored masked, every key kept as it arrived (__proto__ too)', async () => {
    const body = '{"activity":"queryInstance","instanceId":"x","accessKeySecret":"AKS-1234567890","apiKey":"api-1234567890","passwd":"pw-1","pwd":"pw-2","__proto__":{"polluted":1}}';
    await raw(body);
    const stored = (await lastCall()).request_body as string;
    expect(stored).toBe(
      '{"activity":"queryInstance","instanceId":"x","accessKeySecret":"***","apiKey":"***","passwd":"***","pwd":"***","__proto__":{"polluted":1}}',
    );
  });

  it('another method than POST (or GET, the V1 interfaces: tests/integration/produce/v1.test.ts): HTTP 405 with a JSON answer, recorded', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const r = await raw('', { method, query: {} });
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe('POST');
      expect(r.json).toEqual({ resultCode: '000002', resultMsg: `HTTP method ${method} is not supported: the production interface takes POST` });
      expect(await lastCall()).toMatchObject({ method, response_status: 405 });
    }
  });

  it('orderNotify must still be signed with the general key when that key differs', async () => {
    const general = await startTestRuntime({ MARKETPLACE_KEY_GENERAL: 'general-only' }, { workers: false });
    try {
      const r = await call(general, { body: { activity: 'orderNotify', orderId: 'O', orderLineId: 'L' } });
      expect(r.json).toEqual({ resultCode: '000001', resultMsg: 'authentication failed: orderNotify must be signed with the key bound to the general interfaces' });
      const q = await call(general, { body: { activity: 'queryInstance', instanceId: 'x' }, key: 'general-only' });
      expect(q.json).toEqual({ resultCode: '000001', resultMsg: 'authentication failed: queryInstance must be signed with the key bound to the basic interfaces' });
    } finally {
      await general.close();
    }
  });
});
