import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltinEmulator } from '../../../emulator/builtin';
import { loadConfig } from '../../../lib/config';
import { createRuntime, type Runtime } from '../../../lib/runtime';
import { call, tempDir, TEST_KEY, v1Call, waitFor } from '../helpers/runtime';

/**
 * The same interface on the embedded database (PGlite behind its socket server), under concurrency: PGlite runs one
 * session, so the app must never let two connections' protocol messages interleave (lib/jobs/queue.ts).
 */
describe('embedded database under concurrency', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await createRuntime(loadConfig({ DATA_DIR: tempDir('kg-embedded-'), MARKETPLACE_KEY: TEST_KEY, LOG_LEVEL: 'error', BREAKER_FAILURES: '1000' }), { startEmulator: startBuiltinEmulator });
  }, 120_000);
  afterAll(async () => {
    await rt?.close();
  });

  it('runs on PGlite with the same schema', () => {
    expect(rt.databaseKind).toBe('embedded');
  });

  it('64 concurrent calls of every kind are all answered correctly while the workers run', async () => {
    // 32 duplicates of one purchase mixed with 32 queries and bad calls
    const buys = Array.from({ length: 32 }, () =>
      call(rt, { body: { activity: 'newInstance', orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId: crypto.randomUUID() } }),
    );
    const others = Array.from({ length: 32 }, (_, i) =>
      i % 2
        ? call(rt, { body: { activity: 'queryInstance', instanceId: `missing-${i}` } })
        : call(rt, { body: { activity: 'updateInstanceStatus', instanceId: `missing-${i}`, status: 'PAUSE' } }),
    );
    const [bought, answered] = await Promise.all([Promise.all(buys), Promise.all(others)]);
    expect(new Set(bought.map((b) => b.json.instanceId)).size).toBe(1);
    for (const b of bought) expect(['000000', '000004']).toContain(b.json.resultCode);
    answered.forEach((a, i) => expect(a.json.resultCode).toBe(i % 2 ? '000003' : '000002'));
    const instanceId = bought[0]!.json.instanceId as string;
    await waitFor(async () => {
      const r = await call(rt, { body: { activity: 'queryInstance', instanceId } });
      return r.json.resultCode === '000000';
    }, 30_000, 'provisioning on the embedded database');
    const { rows } = await rt.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM call WHERE direction = 'inbound'`);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(64);
  }, 60_000);

  it('V1: 16 concurrent newInstance duplicates of one inline order give one instance with its appInfo', async () => {
    const params = { activity: 'newInstance', customerId: 'c1', orderId: 'V1EMBEDDED1', skuCode: 'S', productId: 'P', chargingMode: '1', expireTime: '20301231000000' };
    const bought = await Promise.all(Array.from({ length: 16 }, () => v1Call(rt, { params: { ...params, businessId: crypto.randomUUID() } })));
    expect(new Set(bought.map((b) => b.json.instanceId)).size).toBe(1);
    for (const b of bought) expect(['000000', '000004']).toContain(b.json.resultCode);
    const again = await waitFor(async () => {
      const r = await v1Call(rt, { params: { ...params, businessId: crypto.randomUUID() } });
      return r.json.resultCode === '000000' ? r.json : undefined;
    }, 30_000, 'V1 provisioning on the embedded database');
    expect(again).toMatchObject({ instanceId: bought[0]!.json.instanceId, encryptType: '1', appInfo: { frontEndUrl: expect.any(String) } });
  }, 60_000);

  it('a new connection to the shared PGlite session can prepare the named statements again', async () => {
    const first = await call(rt, { body: { activity: 'queryInstance', instanceId: 'x' } });
    expect(first.json.resultCode).toBe('000003');
    const client = await rt.pool.connect();
    client.release(true); // destroy it: the pool opens a new connection on the same PGlite session
    const again = await call(rt, { body: { activity: 'queryInstance', instanceId: 'x' } });
    expect(again.json.resultCode).toBe('000003');
  });
});
