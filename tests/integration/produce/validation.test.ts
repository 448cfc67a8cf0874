import { describe, expect, it, vi } from 'vitest';
import { handleProduce } from '../../../lib/marketplace/produce';
import { call, nonce, startTestRuntime, useTestRuntime, TEST_KEY } from '../helpers/runtime';

/** Signature verification (spec §3.2) and every class of bad input (000002), each recorded and changing nothing. */
describe('production interface: verification and bad input', () => {
  const rt = useTestRuntime({ MARKETPLACE_KEY_PREVIOUS: 'the-old-key', MARKETPLACE_KEY_GENERAL: 'general-key' });

  const count = async (table: string) => (await rt.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  const lastCall = async () =>
    (
      await rt.pool.query<{ signature_verdict: string; signature_detail: string; result_code: string; success: boolean; query: Record<string, string> }>(
        `SELECT signature_verdict, signature_detail, result_code, success, query FROM call WHERE direction = 'inbound' ORDER BY id DESC LIMIT 1`,
      )
    ).rows[0]!;
  const body = { activity: 'newInstance', orderId: 'ORD-V', orderLineId: 'ORD-V-1', businessId: 'b-1' };

  describe('signature', () => {
    it.each([
      ['a wrong signature', { signature: 'A'.repeat(64) }, 'invalid'],
      ['a signature with the wrong key', { key: 'not-the-key' }, 'invalid'],
      ['a timestamp 61 s old', { skewMs: -61_000 }, 'expired'],
      ['a timestamp 61 s ahead', { skewMs: 61_000 }, 'expired'],
      ['no signature', { omit: ['signature'] as const }, 'missing'],
      ['no nonce', { omit: ['nonce'] as const }, 'missing'],
      ['no timestamp', { omit: ['timestamp'] as const }, 'missing'],
      ['a body changed after signing', { signBody: '{"activity":"newInstance"}' }, 'invalid'],
    ])('refuses %s with 000001 and records the verdict', async (_name, c, verdict) => {
      const before = await count('instance');
      // the timestamp is taken when the test runs, not when the table was built
      const timestamp = 'skewMs' in c ? String(Date.now() + c.skewMs) : undefined;
      const r = await call(rt, { body, ...c, timestamp, omit: 'omit' in c ? [...c.omit] : undefined });
      expect(r.status).toBe(200);
      expect(r.json.resultCode).toBe('000001');
      expect(await count('instance')).toBe(before);
      const logged = await lastCall();
      expect(logged).toMatchObject({ signature_verdict: verdict, result_code: '000001', success: false });
    });

    it('accepts the signature in lower-case hex, and a 10-digit timestamp in seconds', async () => {
      const b = { activity: 'queryInstance', instanceId: 'nothing-here' };
      const { v2Signature } = await import('../../../lib/marketplace/signature');
      const { sortedCompactJson } = await import('../../../lib/marketplace/canonical');
      const n = nonce();
      const ts = String(Date.now());
      const lower = v2Signature(TEST_KEY, sortedCompactJson(b), n, ts).toLowerCase();
      expect((await call(rt, { body: b, nonce: n, timestamp: ts, signature: lower })).json.resultCode).toBe('000003');
      const seconds = String(Math.floor(Date.now() / 1000));
      const r = await call(rt, { body: b, timestamp: seconds });
      expect(r.json.resultCode).toBe('000003');
      expect((await lastCall()).signature_detail).toContain('timestamp in s');
    });

    it('refuses a replayed nonce, even with a fresh valid signature', async () => {
      const n = nonce();
      const b = { activity: 'queryInstance', instanceId: 'nothing-here' };
      expect((await call(rt, { body: b, nonce: n })).json.resultCode).toBe('000003');
      const replay = await call(rt, { body: b, nonce: n });
      expect(replay.json.resultCode).toBe('000001');
      expect(replay.json.resultMsg).toMatch(/nonce/);
      expect((await lastCall()).signature_verdict).toBe('replayed');
    });

    it('accepts the previous key during a rotation and says which key matched', async () => {
      const r = await call(rt, { body: { activity: 'queryInstance', instanceId: 'x' }, key: 'the-old-key' });
      expect(r.json.resultCode).toBe('000003');
      expect((await lastCall()).signature_detail).toContain('MARKETPLACE_KEY_PREVIOUS');
    });

    it('verifies over the sorted re-serialisation when the raw body is not sorted, and logs the variant', async () => {
      const raw = '{"instanceId":"x", "activity":"queryInstance"}';
      const sorted = '{"activity":"queryInstance","instanceId":"x"}';
      const r = await call(rt, { body: raw, signBody: sorted });
      expect(r.json.resultCode).toBe('000003');
      expect((await lastCall()).signature_detail).toContain('sorted body');
    });

    it('checks orderNotify with the key bound to the general interfaces', async () => {
      const b = { activity: 'orderNotify', orderId: 'MOCKMONTYRENEW', orderLineId: 'MOCKMONTYRENEW-000001', testFlag: '1' };
      expect((await call(rt, { body: b })).json.resultCode).toBe('000001');
      expect((await call(rt, { body: b, key: 'general-key' })).json.resultCode).toBe('000000');
    });

    it('masks the signature in the stored query', async () => {
      await call(rt, { body: { activity: 'queryInstance', instanceId: 'x' } });
      expect((await lastCall()).query.signature).toMatch(/^.{4}…\*\*\*$/);
    });
  });

  describe('bad input gets 000002 naming the problem, and changes nothing', () => {
    const cases: [string, string | Record<string, unknown>, RegExp][] = [
      ['malformed JSON', '{"activity":"newInstance",', /not valid JSON/],
      ['a JSON array', '[1,2]', /must be a JSON object/],
      ['a JSON string', '"newInstance"', /must be a JSON object/],
      ['no activity', { orderId: 'a' }, /activity is required/],
      ['an unknown activity', { activity: 'deleteEverything' }, /activity "deleteEverything" is not supported/],
      ['a missing field', { activity: 'newInstance', orderId: 'a', orderLineId: 'b' }, /businessId is required/],
      ['an over-long field', { ...body, orderId: 'x'.repeat(65) }, /orderId is longer than 64 characters/],
      ['a wrong type', { ...body, orderLineId: 12 }, /orderLineId must be a string/],
      ['an empty field', { ...body, businessId: '' }, /businessId must not be empty/],
      ['a bad testFlag', { ...body, testFlag: 'yes' }, /testFlag must be "0" or "1"/],
      [
        'a bad expireTime',
        { activity: 'refreshInstance', instanceId: 'i', orderId: 'o', orderLineId: 'l', scene: 'RENEWAL', expireTime: '20231340000000' },
        /expireTime must be a UTC time/,
      ],
      [
        'a bad scene',
        { activity: 'refreshInstance', instanceId: 'i', orderId: 'o', orderLineId: 'l', scene: 'FOREVER', expireTime: '20230101000000' },
        /scene must be one of/,
      ],
      ['a bad status', { activity: 'updateInstanceStatus', instanceId: 'i', status: 'PAUSE' }, /status must be FREEZE or UNFREEZE/],
      ['too many ids', { activity: 'queryInstance', instanceId: Array.from({ length: 101 }, (_, i) => `i${i}`).join(',') }, /more than 100 ids/],
      ['a missing productInfo', { activity: 'changeInstanceCheck', instanceId: 'i' }, /productInfo is required/],
      [
        'a fractional linearValue',
        { activity: 'changeInstanceCheck', instanceId: 'i', productInfo: { productId: 'p', skuCode: 's', productName: 'n', linearValue: 1.5 } },
        /productInfo.linearValue must be an integer/,
      ],
    ];
    it.each(cases)('%s', async (_name, b, message) => {
      const before = await Promise.all(['instance', 'job', 'instance_order'].map(count));
      const r = await call(rt, { body: b });
      expect(r.status).toBe(200);
      expect(r.json.resultCode).toBe('000002');
      expect(r.json.resultMsg).toMatch(message);
      expect(await Promise.all(['instance', 'job', 'instance_order'].map(count))).toEqual(before);
      expect(await lastCall()).toMatchObject({ result_code: '000002', signature_verdict: 'valid', success: false });
    });

    it('a body over 1 MB', async () => {
      const r = await handleProduce(
        { method: 'POST', url: '/api/produce', query: {}, headers: {}, rawBody: undefined },
        { pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey },
      );
      expect(JSON.parse(r.body)).toMatchObject({ resultCode: '000002', resultMsg: expect.stringMatching(/larger than 1048576 bytes/) });
    });
  });

  it('an unexpected fault answers 000005 with a reference (never the cause), logged under it and recorded', async () => {
    // break the database under the activity: the instance table disappears for a moment
    await rt.pool.query('ALTER TABLE instance_order RENAME TO instance_order_away');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let reference: string;
    try {
      const r = await call(rt, { body: { ...body, orderId: 'ORD-FAULT', orderLineId: 'ORD-FAULT-1', businessId: 'fault-1' } });
      expect(r.status).toBe(200);
      expect(r.json.resultCode).toBe('000005');
      expect(r.json.resultMsg).toMatch(/^internal error, reference [0-9a-f]{12}$/);
      expect(r.body).not.toMatch(/instance_order|relation|does not exist/);
      reference = (r.json.resultMsg as string).split(' ').pop()!;
      // the server log has the cause under the same reference
      const logged = stderr.mock.calls.map((c) => String(c[0])).find((l) => l.includes(reference));
      expect(logged).toMatch(/instance_order/);
    } finally {
      stderr.mockRestore();
      await rt.pool.query('ALTER TABLE instance_order_away RENAME TO instance_order');
    }
    expect(await lastCall()).toMatchObject({ result_code: '000005', success: false });
    const { rows } = await rt.pool.query(`SELECT error FROM call WHERE direction = 'inbound' ORDER BY id DESC LIMIT 1`);
    expect(rows[0].error).toContain(reference!);
    // and the transaction was rolled back: no half-made instance
    expect((await rt.pool.query(`SELECT 1 FROM instance WHERE order_id = 'ORD-FAULT'`)).rowCount).toBe(0);
  });
});

describe('production interface without a configured key', () => {
  it('refuses every call with 000001 saying no key is configured', async () => {
    const rt = await startTestRuntime({ MARKETPLACE_KEY: '' }, { workers: false });
    try {
      const r = await call(rt, { body: { activity: 'queryInstance', instanceId: 'x' } });
      expect(r.json).toMatchObject({ resultCode: '000001', resultMsg: expect.stringMatching(/no marketplace key is configured/) });
      expect(rt.warnings.join(' ')).toMatch(/MARKETPLACE_KEY is not set/);
    } finally {
      await rt.close();
    }
  });
});
