import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulatorState } from '../../../emulator/state';
import { startEmulatorServer, type EmulatorServer } from '../../../emulator/server';
import { makeOrder } from '../../../lib/marketplace/mockOrders';
import { sendProduceCall } from '../../../lib/marketplace/call';
import { launchApp, startApp, type AppProcess } from '../helpers/app-process';
import { sleep, tempDir, TEST_KEY, waitFor } from '../helpers/runtime';

/**
 * The embedded database (PGlite under DATA_DIR) in real `next start` processes: it belongs to one process, a second
 * one on the same DATA_DIR refuses to start (two would write the same files and corrupt them), and after a kill -9 the
 * next process takes it over and finds its data (lib/db/embedded-lock.mjs, lib/db/pglite-files.mjs).
 */
describe('the embedded database in app processes', () => {
  let emulator: EmulatorServer;
  const state = createEmulatorState({ credentials: [{ ak: 'it-ak', sk: 'it-sk' }], marketplaceKey: TEST_KEY });
  const apps: AppProcess[] = [];
  const dataDirs: string[] = [];
  const freshDataDir = (prefix: string) => {
    dataDirs.push(tempDir(prefix));
    return dataDirs.at(-1)!;
  };
  // no DATABASE_URL: the embedded database; an emulator in this process keeps the orders across app restarts
  const env = (dataDir: string) => ({
    DATA_DIR: dataDir,
    MARKETPLACE_KEY: TEST_KEY,
    MARKETPLACE_API_BASE: emulator.url,
    HUAWEICLOUD_AK: 'it-ak',
    HUAWEICLOUD_SK: 'it-sk',
  });
  const produce = (app: AppProcess, body: Record<string, unknown>) =>
    sendProduceCall({ url: `${app.url}/api/produce`, key: TEST_KEY, body: body as never });
  const newInstance = (app: AppProcess) => {
    const order = makeOrder({});
    state.orders.putOrder(order);
    return produce(app, { activity: 'newInstance', orderId: order.orderId, orderLineId: order.orderLine[0]!.orderLineId, businessId: crypto.randomUUID() });
  };
  const buy = async (app: AppProcess) => {
    const r = await newInstance(app);
    expect(r.json).toMatchObject({ resultCode: expect.stringMatching(/^00000[04]$/) });
    return (r.json as { instanceId: string }).instanceId;
  };
  const known = async (app: AppProcess, instanceId: string) =>
    ((await produce(app, { activity: 'queryInstance', instanceId })).json as { resultCode: string }).resultCode !== '000003';

  beforeAll(async () => {
    emulator = await startEmulatorServer({ state });
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await emulator?.close();
    for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true }); // some 40 MB each
  });

  describe('two processes on one DATA_DIR', () => {
    const dataDir = freshDataDir('kg-two-');
    let holder: AppProcess;
    let instanceId: string;

    it('started at once: one serves, the other exits 1 saying which process holds the database and what to do', async () => {
      const launched = await Promise.all([launchApp(env(dataDir)), launchApp(env(dataDir))]);
      apps.push(...launched);
      const outcomes = await Promise.all(launched.map((a) => a.healthy().then(() => 'healthy', () => 'exited')));
      expect([...outcomes].sort()).toEqual(['exited', 'healthy']);
      holder = launched[outcomes.indexOf('healthy')]!;
      const refused = launched[outcomes.indexOf('exited')]!;
      expect(await refused.exited()).toBe(1);
      const said = refused.output();
      expect(said).toContain(`in use by process ${holder.proc.pid} on `);
      expect(said).toMatch(/stop that process/);
      expect(said).toMatch(/PostgreSQL \(set DATABASE_URL\)/);
      // and nothing secret in it
      for (const v of Object.values(JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>)) {
        expect(said).not.toContain(v);
      }
      // the holder is not disturbed
      instanceId = await buy(holder);
      await waitFor(async () => (await known(holder, instanceId)) && (await fetch(`${holder.url}/api/health`)).status === 200, 10_000, 'the holder to serve');
    }, 120_000);

    it('a process started later also refuses; after the holder stops, the next one starts with the data', async () => {
      const late = await launchApp(env(dataDir));
      apps.push(late);
      await expect(late.healthy()).rejects.toThrow(/exited with 1/);
      expect(late.output()).toContain(`in use by process ${holder.proc.pid} on `);

      await holder.stop();
      const next = await startApp(env(dataDir));
      apps.push(next);
      expect(await known(next, instanceId)).toBe(true);
    }, 120_000);
  });

  it('kill -9 while it creates the database, then four times while it works: each next start succeeds with the data', async () => {
    const dataDir = freshDataDir('kg-kill-');
    // 1. killed during the first start's initdb while it writes the files: as soon as a PG_VERSION appears in a
    // directory of DATA_DIR (a cheap check, polled every millisecond: the files are written within some 50 ms)
    const creating = await launchApp(env(dataDir));
    apps.push(creating);
    const hasPgVersion = () => fs.readdirSync(dataDir).some((d) => fs.existsSync(path.join(dataDir, d, 'PG_VERSION')));
    for (const end = Date.now() + 60_000; !hasPgVersion(); await sleep(1)) {
      if (Date.now() > end || creating.proc.exitCode !== null) throw new Error(`no database files appeared:\n${creating.output()}`);
    }
    await creating.kill();

    // 2-5. killed while it works: right after a purchase is answered, its provisioning job and more calls in flight
    const bought: string[] = [];
    for (let i = 0; i < 4; i++) {
      const app = await startApp(env(dataDir));
      apps.push(app);
      for (const id of bought) expect(await known(app, id)).toBe(true);
      bought.push(await buy(app));
      void newInstance(app).catch(() => undefined);
      await sleep(i * 150);
      await app.kill();
    }
    const last = await startApp(env(dataDir));
    apps.push(last);
    for (const id of bought) expect(await known(last, id)).toBe(true);
    expect((await fetch(`${last.url}/api/health`)).status).toBe(200);
  }, 240_000);
});
