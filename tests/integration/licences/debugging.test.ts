import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../lib/apikeys/actions';
import type { ConsoleUser } from '../../../lib/auth/users';
import { debuggerDeps } from '../../../lib/debugger/api';
import { LICENCE_ACTIVITIES } from '../../../lib/debugger/catalog';
import { prefill } from '../../../lib/debugger/prefill';
import { debugSend, runAllCases, saveCase, type DebuggerDeps } from '../../../lib/debugger/runner';
import { getDelivery, listDeliveries } from '../../../lib/licences/queries';
import { isRefusal } from '../../../lib/refusal';
import type { Runtime } from '../../../lib/runtime';
import { controlApiSync, playLicence } from '../../../emulator/licencePlayer';
import { startProduceServer } from '../helpers/produce-server';
import { call, consoleUser, startTestRuntime, waitFor } from '../helpers/runtime';

const { POST: activateRoute } = await import('../../../app/api/v1/licences/activate/route');
const { POST: heartbeatRoute } = await import('../../../app/api/v1/licences/heartbeat/route');

/**
 * Licence codes and the marketplace's debugging (issue 10, spec §9.1, §10.1): testFlag 1 calls work on test codes, the
 * debugger sends the licence-code activities signed with the licence key, and the emulator plays a code's lifecycle
 * against the app over HTTP with its own state following, so the app's heartbeat hears the same.
 */
const LICENCE_KEY = 'licence-debugging-key';
const OK = { resultCode: '000000', resultMsg: 'success.' };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const support: ConsoleUser = { id: randomUUID(), email: 'support-lic@it.test', name: null, role: 'support', locale: 'en' };
const failing = (checks: { id: string; status: string; reason: string }[]) => checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.reason}`);

let rt: Runtime;
let app: Awaited<ReturnType<typeof startProduceServer>>;
let deps: DebuggerDeps;
let apiKey: string;

beforeAll(async () => {
  app = await startProduceServer();
  rt = await startTestRuntime({
    PUBLIC_URL: app.url,
    MARKETPLACE_KEY_LICENSE: LICENCE_KEY,
    ADMIN_EMAIL: 'licdbg-admin@example.com',
    ADMIN_PASSWORD: 'licdbg-admin-password',
    API_RATE_LIMIT_PER_SECOND: '0',
  });
  app.attach(rt);
  (globalThis as Record<symbol, unknown>)[Symbol.for('koogallery.runtime')] = Promise.resolve(rt);
  deps = debuggerDeps(rt);
  const admin = await consoleUser(rt, 'licdbg-admin@example.com', 'licdbg-admin-password');
  ({ key: apiKey } = await createApiKey(rt, admin, { name: 'software', scopes: ['licences:activate'] }));
});
afterAll(async () => {
  await rt?.close();
  await app?.close();
});

const emulator = async (method: string, path: string, body?: unknown): Promise<Json> => {
  const res = await fetch(`${rt.emulatorUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as Json;
};
const machine = async (route: typeof activateRoute, body: unknown) => {
  const res = await route(
    new Request('http://app.test/api/v1/licences/x', { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    undefined,
  );
  return { status: res.status, json: (await res.json()) as Json };
};
const produce = async (body: Json) => (await call(rt, { body, key: LICENCE_KEY })).json;
const stored = async (license: string) =>
  (await rt.pool.query(`SELECT status, market_status, test_flag, expire_time, delivery_id FROM licence_code WHERE code = $1`, [license])).rows[0] as Json | undefined;
const changes = async (license: string) =>
  (await rt.pool.query(`SELECT ch.kind, ch.status FROM licence_code_change ch JOIN licence_code c ON c.id = ch.code_id WHERE c.code = $1 ORDER BY ch.id`, [license])).rows;

describe('testFlag 1 on licence codes: test codes', () => {
  it('an unknown code becomes a test code on first sight, and repeats apply idempotently', async () => {
    const license = `DEBUG-${randomUUID()}`;
    const freeze = { activity: 'updateLicenseCodeStatus', license, status: 'FREEZE', testFlag: '1' };
    expect(await produce(freeze)).toEqual(OK);
    expect(await stored(license)).toMatchObject({ status: 'frozen', test_flag: true, market_status: null, delivery_id: null });
    expect(await produce(freeze)).toEqual(OK);
    expect(await changes(license)).toEqual([{ kind: 'FREEZE', status: 'frozen' }]);

    const renew = { activity: 'refreshLicenseCode', scene: 'RENEWAL', orderId: 'MOCKLICENSECODE', orderLineId: 'MOCKLICENSECODE-000001', license, expireTime: '20310101000000', testFlag: '1' };
    expect(await produce(renew)).toEqual(OK);
    expect(await produce(renew)).toEqual(OK);
    expect(await stored(license)).toMatchObject({ status: 'frozen', expire_time: new Date(Date.UTC(2031, 0, 1)) });
    expect(await produce({ ...freeze, status: 'UNFREEZE' })).toEqual(OK);
    const release = { activity: 'releaseLicenseCode', license, testFlag: '1' };
    expect(await produce(release)).toEqual(OK);
    expect(await produce(release)).toEqual(OK);
    expect((await stored(license))!.status).toBe('released');
    expect(await changes(license)).toEqual([
      { kind: 'FREEZE', status: 'frozen' },
      { kind: 'RENEWAL', status: 'frozen' },
      { kind: 'UNFREEZE', status: 'active' },
      { kind: 'RELEASE', status: 'released' },
    ]);
    // a replay of the same cases (the marketplace's twice-daily dial tests): the released test code is made afresh
    expect(await produce(renew)).toEqual(OK);
    expect(await stored(license)).toMatchObject({ status: 'active', test_flag: true, expire_time: new Date(Date.UTC(2031, 0, 1)) });
    expect(await produce(release)).toEqual(OK);
    expect((await stored(license))!.status).toBe('released');
    // a first sight of each kind of call works too, and concurrent first sights make one code
    const fresh = `DEBUG-${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 8 }, () => produce({ activity: 'releaseLicenseCode', license: fresh, testFlag: '1' })));
    expect(answers).toEqual(Array.from({ length: 8 }, () => OK));
    expect(await changes(fresh)).toEqual([{ kind: 'RELEASE', status: 'released' }]);
  });

  it('a debugging call never touches a real code (000002), a real call on an unknown code stays 000003, and a test code is never activated', async () => {
    const real = (await emulator('POST', '/emulator/licences', {})).licence.license as string;
    expect((await machine(activateRoute, { license: real })).json.verdict).toBe('active');
    for (const body of [
      { activity: 'updateLicenseCodeStatus', license: real, status: 'FREEZE' },
      { activity: 'releaseLicenseCode', license: real },
      { activity: 'refreshLicenseCode', scene: 'RENEWAL', orderId: 'O', orderLineId: 'O-1', license: real, expireTime: '20400101000000' },
    ]) {
      const out = await produce({ ...body, testFlag: '1' });
      expect(out.resultCode, body.activity).toBe('000002');
      expect(out.resultMsg).toMatch(/belongs to a real order \(testFlag 0\): a debugging call cannot change it/);
      expect(out.resultMsg).not.toContain(real);
    }
    expect(await stored(real)).toMatchObject({ status: 'active', test_flag: false });
    expect(await changes(real)).toEqual([]);

    const unknown = `NEVER-${randomUUID()}`;
    expect((await produce({ activity: 'releaseLicenseCode', license: unknown })).resultCode).toBe('000003');
    expect(await stored(unknown)).toBeUndefined();

    const test = `DEBUG-${randomUUID()}`;
    expect(await produce({ activity: 'updateLicenseCodeStatus', license: test, status: 'UNFREEZE', testFlag: '1' })).toEqual(OK);
    // the seller's software cannot activate a code the marketplace never sold (the emulator does not hold it either)
    expect((await machine(activateRoute, { license: test })).json).toMatchObject({ verdict: 'unknown', active: false });
    // a real (testFlag 0) call on a test code follows the rules as for any code
    expect(await produce({ activity: 'updateLicenseCodeStatus', license: test, status: 'FREEZE' })).toEqual(OK);
  });
});

describe('the debugger’s licence-code activities against the app (real HTTP)', () => {
  it('sends each prefilled activity signed with the licence key (licence variant), passing; saved cases pass Run all twice', async () => {
    const p = prefill();
    for (const activity of LICENCE_ACTIVITIES.filter((a) => a !== 'getLicenseAsync')) {
      const out = await debugSend(deps, support, { activity, params: p[activity] });
      if (isRefusal(out)) throw new Error(`${activity}: ${JSON.stringify(out)}`);
      const { exchange } = out;
      expect([activity, exchange.verdict.pass, exchange.verdict.resultCode, failing(exchange.verdict.checks)]).toEqual([activity, true, '000000', []]);
      expect(exchange.target.keyLabel).toBe('MARKETPLACE_KEY_LICENSE');
      expect(new URL(exchange.request.url).searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.parse(exchange.request.body)).toMatchObject({ activity, license: 'DEBUG-LICENSE-CODE-0001', testFlag: '1' });
      expect(exchange.verdict.checks.find((c) => c.id === 'bodySign')).toMatchObject({ status: 'pass' });
    }
    expect(await stored('DEBUG-LICENSE-CODE-0001')).toMatchObject({ status: 'released', test_flag: true });

    const cases = [
      { name: 'licence renew', activity: 'refreshLicenseCode', params: p.refreshLicenseCode },
      { name: 'licence refund', activity: 'refreshLicenseCode', params: { ...p.refreshLicenseCode, scene: 'UNSUBSCRIBE_RENEWAL_PERIOD' } },
      { name: 'licence freeze', activity: 'updateLicenseCodeStatus', params: p.updateLicenseCodeStatus },
      { name: 'licence unfreeze', activity: 'updateLicenseCodeStatus', params: { ...p.updateLicenseCodeStatus, status: 'UNFREEZE' } },
      { name: 'licence release', activity: 'releaseLicenseCode', params: p.releaseLicenseCode },
    ];
    for (const c of cases) expect(isRefusal(await saveCase(deps, support, c)), c.name).toBe(false);
    for (let round = 1; round <= 2; round++) {
      const run = await runAllCases(deps, support);
      expect(run.results.map((r) => [r.caseName, r.pass, r.resultCode, failing(r.checks)]), `round ${round}`).toEqual(cases.map((c) => [c.name, true, '000000', []]));
      expect(run).toMatchObject({ passed: 5, failed: 0 });
    }
  }, 60_000);

  it('getLicenseAsync for the instance the debugger bought: signed with the licence key, 000004 judged a pass', async () => {
    const p = prefill();
    const bought = await debugSend(deps, support, { activity: 'newInstance', params: p.newInstance });
    if (isRefusal(bought)) throw new Error(JSON.stringify(bought));
    expect(bought.exchange.verdict.pass).toBe(true);
    // a licence is asked for an instance in service (one still being provisioned is answered 000005 and retried)
    await waitFor(async () => (await rt.pool.query(`SELECT 1 FROM instance WHERE id = $1 AND status = 'active'`, [bought.exchange.instanceId])).rowCount === 1, 20_000, 'the instance');
    const out = await debugSend(deps, support, { activity: 'getLicenseAsync', params: p.getLicenseAsync });
    if (isRefusal(out)) throw new Error(JSON.stringify(out));
    const { exchange } = out;
    expect([exchange.verdict.pass, exchange.verdict.resultCode, failing(exchange.verdict.checks)]).toEqual([true, '000004', []]);
    expect(exchange.target.keyLabel).toBe('MARKETPLACE_KEY_LICENSE');
    expect(JSON.parse(exchange.request.body)).toMatchObject({ activity: 'getLicenseAsync', instanceId: bought.exchange.instanceId, testFlag: '1' });
  }, 60_000);

  it('a wrong typed key is judged a failure (000001)', async () => {
    const out = await debugSend(deps, support, { activity: 'releaseLicenseCode', params: prefill().releaseLicenseCode, key: 'not-the-licence-key' });
    if (isRefusal(out)) throw new Error(JSON.stringify(out));
    expect([out.exchange.verdict.pass, out.exchange.verdict.resultCode]).toEqual([false, '000001']);
  });
});

describe('the emulator plays a code’s lifecycle against the app (emulator licence)', () => {
  it('renew, freeze, unfreeze, release: each passes, the emulator follows, and the app’s heartbeat hears the same', async () => {
    const c = (await emulator('POST', '/emulator/licences', { orderId: 'CSPLAYER1', productId: 'OFFI-LIC-PLAY', expireTime: Date.UTC(2030, 0, 1) })).licence;
    expect((await machine(activateRoute, { license: c.license, deviceFingerprint: 'BOARD-1' })).json.verdict).toBe('active');
    const state = controlApiSync(rt.emulatorUrl!);
    const play = (steps: ('renew' | 'freeze' | 'unfreeze' | 'release')[]) => playLicence({ url: app.productionUrl, key: LICENCE_KEY, license: c.license, steps, state });

    const renewed = await play(['renew', 'freeze']);
    expect(renewed.steps.map((s) => [s.name, s.pass])).toEqual([
      ['refreshLicenseCode RENEWAL', true],
      ['updateLicenseCodeStatus FREEZE', true],
    ]);
    const body = JSON.parse(renewed.steps[0]!.calls[0]!.request.body) as Json;
    expect(body).toMatchObject({ scene: 'RENEWAL', license: c.license, productId: 'OFFI-LIC-PLAY', expireTime: '20310101000000' });
    expect(body.testFlag).toBeUndefined();
    expect(await emulator('GET', `/emulator/licences/${encodeURIComponent(c.license)}`)).toMatchObject({ licence: { status: 'FROZEN', expireTime: Date.UTC(2031, 0, 1) } });
    expect(await stored(c.license)).toMatchObject({ status: 'frozen', expire_time: new Date(Date.UTC(2031, 0, 1)) });
    // the app's heartbeat asks the emulator, which says FROZEN too: the code stays frozen
    const hb = await machine(heartbeatRoute, { license: c.license });
    expect(hb.status).toBe(200);
    expect(await stored(c.license)).toMatchObject({ status: 'frozen', market_status: 'FROZEN' });

    const rest = await play(['unfreeze', 'release']);
    expect(rest.ok).toBe(true);
    expect((await emulator('GET', `/emulator/licences/${encodeURIComponent(c.license)}`)).licence.status).toBe('RELEASED');
    expect((await machine(heartbeatRoute, { license: c.license })).json).toMatchObject({ status: 'RELEASED' });
    expect(await stored(c.license)).toMatchObject({ status: 'released', market_status: 'RELEASED' });

    // a step the app refuses fails the play and stops it; the emulator keeps its state
    const again = await play(['unfreeze', 'freeze']);
    expect(again.ok).toBe(false);
    expect(again.steps.map((s) => [s.name, s.pass])).toEqual([['updateLicenseCodeStatus UNFREEZE', false]]);
    expect((await emulator('GET', `/emulator/licences/${encodeURIComponent(c.license)}`)).licence.status).toBe('RELEASED');
  }, 60_000);
});

describe('the Licences page reads every generation', () => {
  it('a licence-code delivery is listed with its code (masked for viewers), filtered by generation, its timeline every step', async () => {
    const c = (await emulator('POST', '/emulator/licences', { orderId: 'CSPAGE1', productId: 'OFFI-LIC-PAGE', expireTime: Date.UTC(2030, 5, 1) })).licence;
    expect((await machine(activateRoute, { license: c.license, deviceFingerprint: '8A3F6034E2C1D9B760E1AA55' })).json.verdict).toBe('active');
    expect(await produce({ activity: 'updateLicenseCodeStatus', license: c.license, status: 'FREEZE' })).toEqual(OK);
    expect(await produce({ activity: 'refreshLicenseCode', scene: 'RENEWAL', orderId: 'CSPAGER', orderLineId: 'CSPAGER-1', license: c.license, expireTime: '20310601000000' })).toEqual(OK);

    const page = await listDeliveries(rt.pool, { generation: 'licence_code' });
    const row = page.rows.find((r) => r.orderId === 'CSPAGE1')!;
    expect(row).toMatchObject({
      kind: 'LICENSE_CODE', generation: 'licence_code', instanceId: null, status: 'delivered', testFlag: false, productId: 'OFFI-LIC-PAGE', codeCount: 1,
      expireTime: '2031-06-01T00:00:00.000Z',
      code: { code: c.license, status: 'frozen', test: false, marketStatus: 'ALIVE', expireTime: '2031-06-01T00:00:00.000Z', device: '8A3F6034…AA55', activatedAt: expect.any(String) },
    });
    expect(page.rows.every((r) => r.generation === 'licence_code')).toBe(true);
    expect(page.generations.licence_code).toBeGreaterThanOrEqual(1);
    expect((await listDeliveries(rt.pool, { generation: 'manual' })).rows.find((r) => r.orderId === 'CSPAGE1')).toBeUndefined();
    expect((await listDeliveries(rt.pool, { generation: 'licence_code', status: 'awaiting' })).rows).toEqual([]);
    expect((await listDeliveries(rt.pool, {}, { maskCodes: true })).rows.find((r) => r.orderId === 'CSPAGE1')!.code!.code).toBe('***');

    const detail = (await getDelivery(rt.pool, row.id))!;
    expect(detail.codes).toEqual([row.code]);
    expect(detail.events.map((e) => [e.step, e.note])).toEqual([
      ['activated', '授权码激活'],
      ['frozen', null],
      ['renewed', null],
    ]);
    expect(detail.events[2]!.detail).toMatchObject({ license: c.license, status: 'frozen', orderId: 'CSPAGER', expireTime: '2031-06-01T00:00:00.000Z' });
    const masked = (await getDelivery(rt.pool, row.id, { maskCodes: true }))!;
    expect(masked.codes[0]!.code).toBe('***');
    expect(JSON.stringify(masked)).not.toContain(c.license);
  });
});
