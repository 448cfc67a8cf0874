import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../../emulator/aksk';
import { createEmulatorState } from '../../../emulator/openapi';
import { buildProduceRequest, sendProduceCall } from '../../../lib/marketplace/call';
import { runLifecycle } from '../../../lib/marketplace/lifecycle';
import { callWithRetries, pollQueryInstance } from '../../../lib/marketplace/retries';
import { startEmulatorServer } from '../../../emulator/server';
import { v2Signature } from '../../../lib/marketplace/signature';
import { QUERY_ORDER_PATH, type QueryOrderResponse } from '../../../lib/openapi/types';
import { startStubProduction } from '../emulator/stub-production';

const KEY = 'test-access-key-123';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function stub(handle: Parameters<typeof startStubProduction>[1]) {
  const s = await startStubProduction(KEY, handle);
  closers.push(s.close);
  return s;
}

describe('sendProduceCall (spec §3.1, §3.2)', () => {
  it('reproduces the spec test vector', () => {
    const body = { activity: 'newInstance', orderLineId: 'CS2211181819B4LVS-000001', businessId: '87b94795-0603-4e24-8ae5-69420d60e3c8', orderId: 'CS2211181819B4LVS' };
    const req = buildProduceRequest({ url: 'https://isv.example.com/saasproduce', key: KEY, body, testFlag: '1', timestamp: '1680508066618', nonce: '50D83FDECAED6CCD8EF597F2A577950527928BA287D04E6036E92B2806FD17DA' });
    expect(req.body).toBe('{"activity":"newInstance","businessId":"87b94795-0603-4e24-8ae5-69420d60e3c8","orderId":"CS2211181819B4LVS","orderLineId":"CS2211181819B4LVS-000001","testFlag":"1"}');
    expect(new URL(req.url).searchParams.get('signature')).toBe('62E90CD8E07B3F168F232D9099789AAB7BA6ECCE7D5977652F689BEC1B64D13F');
    expect(req.curl).toContain(`-d'${req.body}'`);
  });

  it('a stub production server verifying the v2 signature answers 000000', async () => {
    const s = await stub(() => ({ json: { resultCode: '000000', resultMsg: 'success.' } }));
    const r = await sendProduceCall({ url: s.url, key: KEY, body: { activity: 'queryInstance', instanceId: 'i-1' }, testFlag: '1' });
    expect(s.problems).toEqual([]);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ resultCode: '000000', resultMsg: 'success.' });
    expect(s.received[0]?.body).toEqual({ activity: 'queryInstance', instanceId: 'i-1', testFlag: '1' });
    // and a wrong key is noticed by the same stub
    const bad = await sendProduceCall({ url: s.url, key: 'other-key', body: { activity: 'queryInstance', instanceId: 'i-1' } });
    expect((bad.json as { resultCode: string }).resultCode).toBe('000001');
    expect(s.problems).toEqual(['signature mismatch']);
  });

  it('reports timeouts, HTTP errors, non-JSON and refused connections instead of throwing', async () => {
    const slow = await stub(() => ({ json: { resultCode: '000000' }, delayMs: 400 }));
    const t = await sendProduceCall({ url: slow.url, key: KEY, body: { activity: 'queryInstance', instanceId: 'x' }, timeoutMs: 100 });
    expect(t.status).toBe(0);
    expect(t.error).toMatch(/timeout/);
    const broken = await stub(() => ({ status: 502, raw: '<html>bad gateway</html>' }));
    const h = await sendProduceCall({ url: broken.url, key: KEY, body: { activity: 'queryInstance', instanceId: 'x' } });
    expect(h).toMatchObject({ status: 502, rawBody: '<html>bad gateway</html>' });
    expect(h.json).toBeUndefined();
    const closed = await stub(() => ({}));
    await closed.close();
    const refused = await sendProduceCall({ url: closed.url, key: KEY, body: { activity: 'queryInstance', instanceId: 'x' } });
    expect(refused.status).toBe(0);
    expect(refused.error).toBe('ECONNREFUSED');
  });
});

describe('marketplace behaviours', () => {
  it('retries a failing newInstance with a fresh businessId, nonce and timestamp each time', async () => {
    let n = 0;
    const s = await stub(() => (++n <= 2 ? (n === 1 ? { status: 500, raw: 'oops' } : { json: { resultCode: '000005' } }) : { json: { resultCode: '000000', instanceId: 'inst-1' } }));
    const out = await callWithRetries({ url: s.url, key: KEY, body: { activity: 'newInstance', orderId: 'O1', orderLineId: 'O1-000001' }, testFlag: '1' }, { attempts: 5, intervalMs: 10 });
    expect(out.ok).toBe(true);
    expect(out.attempts).toHaveLength(3);
    expect(s.problems).toEqual([]);
    const businessIds = s.received.map((c) => c.body.businessId);
    expect(new Set(businessIds).size).toBe(3);
    for (const id of businessIds) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(s.received.map((c) => c.query.nonce)).size).toBe(3);
  });

  it('gives up after the attempts; 000004 counts as success only for newInstance/upgradeInstance', async () => {
    const s = await stub(() => ({ json: { resultCode: '000004', instanceId: 'x' } }));
    const release = await callWithRetries({ url: s.url, key: KEY, body: { activity: 'releaseInstance', instanceId: 'x' } }, { attempts: 2, intervalMs: 5 });
    expect(release.ok).toBe(false);
    expect(release.attempts).toHaveLength(2);
    const create = await callWithRetries({ url: s.url, key: KEY, body: { activity: 'upgradeInstance', instanceId: 'x', orderId: 'o', orderLineId: 'o-1' } }, { attempts: 2, intervalMs: 5 });
    expect(create.ok).toBe(true);
    expect(create.attempts).toHaveLength(1);
  });

  it('polls queryInstance until appInfo is there', async () => {
    let polls = 0;
    const s = await stub(({ body }) => {
      polls++;
      const info = polls < 3 ? [{ instanceId: body.instanceId }] : [{ instanceId: body.instanceId, appInfo: { frontEndUrl: 'https://app.example.com' } }];
      return { json: { resultCode: polls === 1 ? '000004' : '000000', info } };
    });
    const out = await pollQueryInstance(s.url, KEY, 'inst-9', { timeoutMs: 5000, intervalMs: 10 });
    expect(out.ok).toBe(true);
    expect(out.polls).toHaveLength(3);
    expect(out.info?.appInfo).toEqual({ frontEndUrl: 'https://app.example.com' });
    const busy = await stub(() => ({ json: { resultCode: '000004' } }));
    const never = await pollQueryInstance(busy.url, KEY, 'other', { timeoutMs: 50, intervalMs: 20 });
    expect(never.ok).toBe(false);
    expect(never.reason).toMatch(/not ready/);
  });
});

describe('runLifecycle', () => {
  it('drives a whole life against a stub app that fetches its orders from the emulator', async () => {
    const creds = { ak: 'app-ak', sk: 'app-sk' };
    const state = createEmulatorState({ credentials: [creds] });
    const emulator = await startEmulatorServer({ port: 0, state });
    closers.push(emulator.close);

    const queryOrder = async (orderId: string, orderLineId: string) => {
      const url = `${emulator.url}${QUERY_ORDER_PATH}?orderId=${encodeURIComponent(orderId)}&orderLineId=${encodeURIComponent(orderLineId)}`;
      const res = await fetch(url, { headers: signRequest({ ...creds, method: 'GET', url }) });
      return (await res.json()) as QueryOrderResponse;
    };
    const instances = new Map<string, { id: string; polls: number; status: string; sku?: string; expireTime?: string; released?: boolean }>();
    const byId = (id: unknown) => [...instances.values()].find((i) => i.id === id);
    const ok = (extra: object = {}) => ({ json: { resultCode: '000000', resultMsg: 'success.', ...extra } });

    const app = await stub(async ({ body }) => {
      switch (body.activity) {
        case 'newInstance': {
          const line = String(body.orderLineId);
          const existing = instances.get(line);
          if (existing) return ok({ instanceId: existing.id });
          const order = await queryOrder(String(body.orderId), line);
          if (order.resultCode !== 'MKT.0000') return { json: { resultCode: '000002' } };
          instances.set(line, { id: String(body.businessId), polls: 0, status: 'NORMAL', sku: order.orderInfo!.orderLine[0]!.productInfo[0]!.skuCode });
          return { json: { resultCode: '000004', instanceId: body.businessId } };
        }
        case 'queryInstance': {
          const inst = byId(body.instanceId);
          if (!inst) return { json: { resultCode: '000003' } };
          inst.polls++;
          return ok({ info: [{ instanceId: inst.id, ...(inst.polls >= 2 ? { appInfo: { frontEndUrl: 'https://app.example.com' } } : {}) }] });
        }
        case 'refreshInstance': {
          const inst = byId(body.instanceId);
          const order = await queryOrder(String(body.orderId), String(body.orderLineId));
          if (!inst || order.orderInfo?.orderType !== 'RENEW' || !/^\d{17}$/.test(String(body.expireTime)) || body.scene !== 'RENEWAL') return { json: { resultCode: '000002' } };
          inst.expireTime = String(body.expireTime);
          return ok();
        }
        case 'updateInstanceStatus': {
          const inst = byId(body.instanceId);
          if (!inst) return { json: { resultCode: '000003' } };
          inst.status = String(body.status);
          return ok();
        }
        case 'upgradeInstance': {
          const inst = byId(body.instanceId);
          const order = await queryOrder(String(body.orderId), String(body.orderLineId));
          if (!inst || order.orderInfo?.orderType !== 'CHANGE') return { json: { resultCode: '000002' } };
          inst.sku = order.orderInfo.orderLine[0]!.productInfo[0]!.skuCode;
          return ok();
        }
        case 'releaseInstance': {
          const inst = byId(body.instanceId);
          if (!inst) return { json: { resultCode: '000003' } };
          inst.released = true;
          return ok();
        }
        default:
          return { json: { resultCode: '000002' } };
      }
    });

    const result = await runLifecycle({ url: app.url, key: KEY, registerOrder: (o) => state.orders.putOrder(o), poll: { timeoutMs: 5000, intervalMs: 10 } });
    expect(app.problems).toEqual([]);
    expect(result.steps.map((s) => [s.name, s.pass])).toEqual([
      ['register orders', true],
      ['newInstance', true],
      ['queryInstance (until ready)', true],
      ['newInstance (repeat: same instanceId)', true],
      ['refreshInstance (RENEWAL)', true],
      ['updateInstanceStatus FREEZE', true],
      ['updateInstanceStatus UNFREEZE', true],
      ['upgradeInstance', true],
      ['releaseInstance', true],
      ['releaseInstance (repeat)', true],
    ]);
    expect(result.ok).toBe(true);
    const inst = byId(result.instanceId)!;
    expect(inst).toMatchObject({ status: 'UNFREEZE', sku: 'MOCK-SKU-PRO', released: true });
    // fresh orders: no testFlag (a real order), the app pulled NEW, RENEW and CHANGE orders from the emulator
    expect(app.received.every((c) => c.body.testFlag === undefined)).toBe(true);
    expect(state.calls.filter((c) => c.api === 'orderQuery' && c.status === 200)).toHaveLength(3);
    // every step carries its request and response
    const refresh = result.steps.find((s) => s.name.startsWith('refreshInstance'))!;
    expect(JSON.parse(refresh.calls[0]!.request.body)).toMatchObject({ activity: 'refreshInstance', scene: 'RENEWAL', instanceId: result.instanceId });
  });

  it('stops after a failed newInstance and uses mock orders with testFlag "1" when no emulator is given', async () => {
    const app = await stub(() => ({ json: { resultCode: '000005', resultMsg: 'down' } }));
    const result = await runLifecycle({ url: app.url, key: KEY });
    expect(result.ok).toBe(false);
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]).toMatchObject({ name: 'newInstance', pass: false });
    expect(app.received[0]?.body).toMatchObject({ activity: 'newInstance', orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', testFlag: '1' });
    expect(v2Signature(KEY, app.received[0]!.rawBody, app.received[0]!.query.nonce!, app.received[0]!.query.timestamp!)).toBe(app.received[0]!.query.signature);
  });
});
