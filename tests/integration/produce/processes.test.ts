import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulatorState, injectFault } from '../../../emulator/state';
import { startEmulatorServer, type EmulatorServer } from '../../../emulator/server';
import { newApiKey } from '../../../lib/apikeys/key';
import { makeOrder } from '../../../lib/marketplace/mockOrders';
import { sendProduceCall } from '../../../lib/marketplace/call';
import { pollQueryInstance } from '../../../lib/marketplace/retries';
import { startApp, type AppProcess } from '../helpers/app-process';
import { freshDatabase, tempDir, waitFor, TEST_KEY } from '../helpers/runtime';

/**
 * The built app in real `next start` processes on one PostgreSQL database: HTTP behaviour, two processes answering
 * duplicates of one order, and a crash during provisioning after which the job finishes on restart.
 */
describe('app processes', () => {
  let databaseUrl: string;
  let dataDir: string;
  let emulator: EmulatorServer;
  const state = createEmulatorState({ credentials: [{ ak: 'it-ak', sk: 'it-sk' }], marketplaceKey: TEST_KEY });
  let db: pg.Pool;
  const apps: AppProcess[] = [];
  const env = () => ({
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    MARKETPLACE_KEY: TEST_KEY,
    MARKETPLACE_API_BASE: emulator.url,
    HUAWEICLOUD_AK: 'it-ak',
    HUAWEICLOUD_SK: 'it-sk',
    JOB_EXPIRE_SECONDS: '4',
    JOB_MAINTENANCE_SECONDS: '1',
    API_RATE_LIMIT_PER_SECOND: '0',
  });

  beforeAll(async () => {
    databaseUrl = await freshDatabase('proc');
    dataDir = tempDir();
    emulator = await startEmulatorServer({ state });
    db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    // two processes start at once: migrations and queue creation must be safe concurrently
    apps.push(...(await Promise.all([startApp(env()), startApp(env())])));
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await db?.end();
    await emulator?.close();
  });

  const produce = (app: AppProcess, body: Record<string, unknown>) => sendProduceCall({ url: `${app.url}/api/produce`, key: TEST_KEY, body: body as never });

  it('health reports the database', async () => {
    const r = await fetch(`${apps[0]!.url}/api/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok', database: { kind: 'postgresql', state: 'up' } });
  });

  it('answers HTTP 200 with a result code, never a 5xx, for bad requests over HTTP', async () => {
    const url = `${apps[0]!.url}/api/produce`;
    const bad = await fetch(url, { method: 'POST', body: 'not json' });
    expect(bad.status).toBe(200);
    expect((await bad.json()).resultCode).toBe('000001');
    const big = await fetch(url + '?signature=x&timestamp=1&nonce=n', { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(big.status).toBe(200);
    expect(await big.json()).toMatchObject({ resultCode: '000002', resultMsg: expect.stringMatching(/larger than/) });
    const ok = await produce(apps[0]!, { activity: 'queryInstance', instanceId: 'nope' });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ resultCode: '000003' });
    // recorded with the caller's address and the signature verdict
    const logged = await db.query<{ client_address: string; signature_verdict: string; url: string }>(
      `SELECT client_address, signature_verdict, url FROM call WHERE instance_id = 'nope' ORDER BY id DESC LIMIT 1`,
    );
    expect(logged.rows[0]).toMatchObject({ signature_verdict: 'valid' });
    expect(logged.rows[0]!.client_address).toMatch(/127\.0\.0\.1/);
    expect(logged.rows[0]!.url).toMatch(/^\/api\/produce\?signature=/);
  });

  it('two processes given 50 duplicates of one order make one instance', async () => {
    const order = makeOrder({});
    state.orders.putOrder(order);
    const line = order.orderLine[0]!.orderLineId;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        produce(apps[i % 2]!, { activity: 'newInstance', orderId: order.orderId, orderLineId: line, businessId: crypto.randomUUID() }),
      ),
    );
    for (const a of answers) expect(a.status).toBe(200);
    const ids = new Set(answers.map((a) => (a.json as { instanceId: string }).instanceId));
    expect(ids.size).toBe(1);
    const instanceId = [...ids][0]!;
    const polled = await pollQueryInstance(`${apps[1]!.url}/api/produce`, TEST_KEY, instanceId, { timeoutMs: 20_000, intervalMs: 200 });
    expect(polled.ok).toBe(true);
    expect((await db.query('SELECT 1 FROM instance WHERE order_id = $1', [order.orderId])).rowCount).toBe(1);
    expect((await db.query(`SELECT 1 FROM job WHERE instance_id = $1 AND queue = 'provision'`, [instanceId])).rowCount).toBe(1);
    expect((await db.query('SELECT 1 FROM tenant WHERE instance_id = $1', [instanceId])).rowCount).toBe(1);
  });

  it('two processes given 50 concurrent duplicate usage batches store and count each event once', async () => {
    const { key, hash, prefix } = newApiKey();
    await db.query(`INSERT INTO api_key (id, name, scopes, key_hash, prefix, created_by) VALUES (gen_random_uuid(), 'meter', '{usage:write}', $1, $2, 'test')`, [hash, prefix]);
    await db.query(`INSERT INTO instance (id, order_id, order_line_id, status, charging_mode) VALUES ('ppu-proc', 'ppu-proc', 'ppu-proc-1', 'active', 'ON_DEMAND')`);
    const batch = JSON.stringify(
      Array.from({ length: 50 }, (_, i) => ({ specversion: '1.0', id: `e${i}`, source: 'proc-test', subject: 'ppu-proc', type: 'sms', data: { value: '0.5' } })),
    );
    const answers = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const res = await fetch(`${apps[i % 2]!.url}/api/v1/usage`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/cloudevents-batch+json' },
          body: batch,
        });
        return { status: res.status, json: (await res.json()) as { accepted: number; duplicates: number } };
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    expect(answers.reduce((s, a) => s + a.json.accepted, 0)).toBe(50);
    expect(answers.reduce((s, a) => s + a.json.duplicates, 0)).toBe(49 * 50);
    expect((await db.query(`SELECT 1 FROM usage_event WHERE instance_id = 'ppu-proc'`)).rowCount).toBe(50);
    expect((await db.query(`SELECT usage_value::text AS v FROM instance WHERE id = 'ppu-proc'`)).rows[0].v).toBe('25.0000');
  });

  it('a process killed during provisioning: the job finishes after a restart, nothing lost or doubled', async () => {
    const order = makeOrder({});
    state.orders.putOrder(order);
    const line = order.orderLine[0]!.orderLineId;
    // stop one process so the other alone takes the job; its Query Order call hangs for 30 s
    await apps.pop()!.stop();
    injectFault(state, { api: 'orderQuery', count: 1, delayMs: 30_000 });
    const created = await produce(apps[0]!, { activity: 'newInstance', orderId: order.orderId, orderLineId: line, businessId: crypto.randomUUID() });
    const instanceId = (created.json as { instanceId: string }).instanceId;
    expect((created.json as { resultCode: string }).resultCode).toBe('000004');
    await waitFor(async () => (await db.query(`SELECT 1 FROM job WHERE instance_id = $1 AND state = 'active'`, [instanceId])).rowCount === 1, 10_000, 'the job to start');

    await apps.pop()!.kill();
    const restarted = await startApp(env());
    apps.push(restarted);
    const polled = await pollQueryInstance(`${restarted.url}/api/produce`, TEST_KEY, instanceId, { timeoutMs: 40_000, intervalMs: 500 });
    expect(polled.ok).toBe(true);

    const inst = await db.query<{ status: string }>('SELECT status FROM instance WHERE id = $1', [instanceId]);
    expect(inst.rows[0]!.status).toBe('active');
    expect((await db.query('SELECT 1 FROM tenant WHERE instance_id = $1', [instanceId])).rowCount).toBe(1);
    const jobs = await db.query<{ state: string; attempts: number }>(`SELECT state, attempts FROM job WHERE instance_id = $1`, [instanceId]);
    expect(jobs.rows).toHaveLength(1);
    expect(jobs.rows[0]!.state).toBe('completed');
    expect(jobs.rows[0]!.attempts).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
