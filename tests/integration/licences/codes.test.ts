import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../lib/apikeys/actions';
import { getCallView } from '../../../lib/calls/queries';
import { runLicenceRefresh } from '../../../lib/licenceCodes/heartbeat';
import { resetLicencePathChoice } from '../../../lib/openapi/licence';
import type { Runtime } from '../../../lib/runtime';
import { call, consoleUser, startTestRuntime, TEST_KEY, waitFor } from '../helpers/runtime';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhooks';

const { POST: activateRoute } = await import('../../../app/api/v1/licences/activate/route');
const { POST: heartbeatRoute } = await import('../../../app/api/v1/licences/heartbeat/route');

/**
 * Licence codes 2.0 (spec §9.1, issue 10) on PostgreSQL against the built-in emulator: the seller's software activates
 * and heartbeats codes through the machine API, the marketplace's lifecycle calls change them, and the seller's SaaS
 * hears of each change through the webhook provisioner.
 */
const LICENCE_KEY = 'licence-interfaces-key';
const SECRET = 'whsec_' + Buffer.from('licence-events-test-secret-32b!!').toString('base64');
const OK = { resultCode: '000000', resultMsg: 'success.' };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('licence codes 2.0', () => {
  let rt: Runtime;
  let hooks: WebhookReceiver;
  let apiKey: string;
  let usageKey: string;

  beforeAll(async () => {
    hooks = await startWebhookReceiver(SECRET);
    rt = await startTestRuntime({
      MARKETPLACE_KEY_LICENSE: LICENCE_KEY,
      PROVISIONER_WEBHOOK_URL: hooks.url,
      PROVISIONER_WEBHOOK_SECRET: SECRET,
      JOB_RETRY_DELAY_SECONDS: '1',
      ADMIN_EMAIL: 'lic-admin@example.com',
      ADMIN_PASSWORD: 'lic-admin-password',
      API_RATE_LIMIT_PER_SECOND: '0',
    });
    (globalThis as Record<symbol, unknown>)[Symbol.for('koogallery.runtime')] = Promise.resolve(rt);
    const admin = await consoleUser(rt, 'lic-admin@example.com', 'lic-admin-password');
    ({ key: apiKey } = await createApiKey(rt, admin, { name: 'software', scopes: ['licences:activate'] }));
    ({ key: usageKey } = await createApiKey(rt, admin, { name: 'meter', scopes: ['usage:write'] }));
  });
  afterAll(async () => {
    await rt?.close();
    await hooks?.close();
  });

  const emulator = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${rt.emulatorUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await res.json()) as Json;
  };
  const code = async (input: Json = {}): Promise<Json> => (await emulator('POST', '/emulator/licences', input)).licence;
  const held = async (license: string): Promise<Json> => (await emulator('GET', `/emulator/licences/${encodeURIComponent(license)}`)).licence;
  const machine = async (route: typeof activateRoute, body: unknown, key = apiKey) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await route(new Request('http://app.test/api/v1/licences/x', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: text }), undefined);
    return { status: res.status, json: (await res.json()) as Json };
  };
  const activate = (body: unknown, key?: string) => machine(activateRoute, body, key);
  const heartbeat = (body: unknown) => machine(heartbeatRoute, body);
  const produce = async (body: Json, key = LICENCE_KEY) => (await call(rt, { body, key })).json;
  const stored = async (license: string) =>
    (await rt.pool.query(`SELECT status, market_status, product_id, amount::text, order_id, order_line_id, expire_time, device_fingerprint, delivery_id::text FROM licence_code WHERE code = $1`, [license])).rows[0];
  const changes = async (license: string) =>
    (await rt.pool.query(`SELECT ch.kind, ch.status, ch.event FROM licence_code_change ch JOIN licence_code c ON c.id = ch.code_id WHERE c.code = $1 ORDER BY ch.id`, [license])).rows;

  describe('activation (POST /api/v1/licences/activate)', () => {
    it('activates a code once: stored with its order and expiry, the same answer again without a marketplace call', async () => {
      const expireTime = Date.UTC(2030, 0, 1);
      const c = await code({ productId: 'OFFI-LIC-1', amount: 5, orderId: 'CSLICORDER1', expireTime });
      const first = await activate({ license: c.license, realEffectTime: '2026-12-02 10:00:00', deviceFingerprint: 'DEV-A' });
      expect(first).toEqual({
        status: 200,
        json: {
          license: c.license, verdict: 'active', active: true, message: 'The licence code is active.', status: 'active', marketStatus: 'ALIVE',
          expireTime: new Date(expireTime).toISOString(), activatedAt: expect.any(String), productId: 'OFFI-LIC-1', amount: '5', orderId: 'CSLICORDER1',
        },
      });
      expect(await activate({ license: c.license, deviceFingerprint: 'DEV-A' })).toEqual(first);
      expect((await held(c.license)).activations).toBe(1);
      expect((await held(c.license)).realEffectTime).toBe('2026-12-02 10:00:00');
      expect(await stored(c.license)).toMatchObject({ status: 'active', market_status: 'ALIVE', product_id: 'OFFI-LIC-1', amount: '5.0000', order_id: 'CSLICORDER1', device_fingerprint: 'DEV-A' });
      // the outbound call is in the call log, the code masked for viewers only
      const { rows } = await rt.pool.query(`SELECT id::text, success FROM call WHERE activity = 'licenceActivate' AND request_body LIKE $1`, [`%${c.license}%`]);
      expect(rows).toEqual([{ id: expect.any(String), success: true }]);
      expect((await getCallView(rt, rows[0].id, { maskPersonal: true }))!.requestBody).toContain('"license":"***"');
      expect((await getCallView(rt, rows[0].id))!.requestBody).toContain(c.license);
    });

    it('links the order’s licence delivery with the service-supervision node 授权码激活, one delivery per order', async () => {
      const a = await code({ orderId: 'CSLICORDER2' });
      const b = await code({ orderId: 'CSLICORDER2', orderLineId: 'CSLICORDER2-000002' });
      await Promise.all([activate({ license: a.license }), activate({ license: b.license })]);
      const [sa, sb] = [await stored(a.license), await stored(b.license)];
      expect(sa.delivery_id).not.toBeNull();
      expect(sb.delivery_id).toBe(sa.delivery_id);
      const { rows: deliveries } = await rt.pool.query(`SELECT kind, status, instance_id, order_id FROM licence_delivery WHERE id = $1`, [sa.delivery_id]);
      expect(deliveries).toEqual([{ kind: 'LICENSE_CODE', status: 'delivered', instance_id: null, order_id: 'CSLICORDER2' }]);
      const { rows: events } = await rt.pool.query(`SELECT step, note FROM licence_event WHERE delivery_id = $1`, [sa.delivery_id]);
      expect(events).toEqual([{ step: 'activated', note: '授权码激活' }, { step: 'activated', note: '授权码激活' }]);
    });

    it('20 concurrent activations of one code make one marketplace call and give one verdict', async () => {
      const c = await code();
      const answers = await Promise.all(Array.from({ length: 20 }, () => activate({ license: c.license, deviceFingerprint: 'DEV-X' })));
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0]!.json.verdict).toBe('active');
      expect((await held(c.license)).activations).toBe(1);
      const calls = (await emulator('GET', '/emulator/calls?api=licenceActivate')).calls.filter((x: Json) => x.body.includes(c.license));
      expect(calls).toHaveLength(1);
    });

    it('another device: activated elsewhere; released, expired and unknown codes say why not', async () => {
      const c = await code();
      expect((await activate({ license: c.license, deviceFingerprint: 'DEV-1' })).json.verdict).toBe('active');
      expect((await activate({ license: c.license, deviceFingerprint: 'DEV-2' })).json).toMatchObject({ verdict: 'activated_elsewhere', active: false, message: 'The licence code is already activated on another device.' });
      expect((await activate({ license: c.license })).json.verdict).toBe('activated_elsewhere');

      const expired = await code({ expireTime: Date.now() - 60_000 });
      expect((await activate({ license: expired.license })).json).toMatchObject({ verdict: 'expired', active: false, status: 'expired', marketStatus: 'EXPIRED' });

      const released = await code({ status: 'RELEASED' });
      const r = await activate({ license: released.license });
      expect(r.json).toMatchObject({ verdict: 'unknown', active: false, marketCode: '91381033' });

      const unknown = await activate({ license: 'NO-SUCH-CODE' });
      expect(unknown).toMatchObject({ status: 200, json: { license: 'NO-SUCH-CODE', verdict: 'unknown', active: false, marketCode: '91381033' } });
      expect(await stored('NO-SUCH-CODE')).toBeUndefined(); // not kept: the next activation asks again
    });

    it('bad input is a 400 naming the field; a key without the scope is 403', async () => {
      expect(await activate({})).toMatchObject({ status: 400, json: { error: { key: 'invalidField', message: 'license is required' } } });
      expect(await activate({ license: 'x'.repeat(257) })).toMatchObject({ status: 400, json: { error: { message: 'license is longer than 256 characters' } } });
      expect(await activate({ license: 'L', deviceFingerprint: 7 })).toMatchObject({ status: 400, json: { error: { message: 'deviceFingerprint must be a string' } } });
      expect(await activate('[1]')).toMatchObject({ status: 400, json: { error: { key: 'invalidBody' } } });
      expect(await activate('not json')).toMatchObject({ status: 400, json: { error: { key: 'invalidBody' } } });
      expect((await activate({ license: 'L' }, usageKey)).status).toBe(403);
    });

    it('the marketplace down: 503, nothing kept, and the next activation asks again', async () => {
      const c = await code();
      await emulator('POST', '/emulator/faults', { api: 'licenceActivate', count: 6, status: 503 });
      const down = await activate({ license: c.license });
      expect(down).toMatchObject({ status: 503, json: { error: { key: 'marketplaceUnavailable' } } });
      expect(await stored(c.license)).toBeUndefined();
      await emulator('DELETE', '/emulator/faults');
      expect((await activate({ license: c.license })).json.verdict).toBe('active');
    });

    it('a marketplace without the v1 path: v2 after a 404, then v2 straight away', async () => {
      await emulator('POST', '/emulator/licence-paths', { versions: ['v2'] });
      try {
        resetLicencePathChoice();
        const [a, b] = [await code(), await code()];
        expect((await activate({ license: a.license })).json.verdict).toBe('active');
        expect((await activate({ license: b.license })).json.verdict).toBe('active');
        const paths = (await emulator('GET', '/emulator/calls?api=unknown')).calls.map((x: Json) => x.path);
        expect(paths.filter((p: string) => p.endsWith('/v1/license/activate'))).toHaveLength(1);
        const { rows } = await rt.pool.query(`SELECT url, response_status FROM call WHERE activity = 'licenceActivate' AND (request_body LIKE $1 OR request_body LIKE $2) ORDER BY id`, [`%${a.license}%`, `%${b.license}%`]);
        expect(rows.map((r) => [new URL(r.url).pathname.split('/').slice(-3, -2)[0], r.response_status])).toEqual([['v1', 404], ['v2', 200], ['v2', 200]]);
      } finally {
        await emulator('POST', '/emulator/licence-paths', { versions: ['v1', 'v2'] });
        resetLicencePathChoice();
      }
    });
  });

  describe('the lifecycle interfaces (POST /api/produce)', () => {
    let license: string;
    beforeAll(async () => {
      license = (await code({ orderId: 'CSLICLIFE' })).license;
      expect((await activate({ license })).json.verdict).toBe('active');
    });

    it('are verified with the licence key: the basic key is refused, and a basic activity with the licence key too', async () => {
      const body = { activity: 'updateLicenseCodeStatus', license, status: 'FREEZE' };
      const wrong = await call(rt, { body, key: TEST_KEY });
      expect(wrong.json).toEqual({ resultCode: '000001', resultMsg: 'authentication failed: updateLicenseCodeStatus must be signed with the key bound to the license interfaces' });
      expect((await call(rt, { body: { activity: 'queryInstance', instanceId: 'x' }, key: LICENCE_KEY })).json.resultCode).toBe('000001');
      expect(await stored(license)).toMatchObject({ status: 'active' });
      const { rows } = await rt.pool.query(`SELECT signature_verdict, result_code FROM call WHERE activity = 'updateLicenseCodeStatus' ORDER BY id DESC LIMIT 1`);
      expect(rows).toEqual([{ signature_verdict: 'invalid', result_code: '000001' }]);
    });

    it('an unknown licence is 000003, bad fields 000002 naming them', async () => {
      expect(await produce({ activity: 'releaseLicenseCode', license: 'NEVER-ACTIVATED' })).toEqual({ resultCode: '000003', resultMsg: 'licence NEVE…ED not found' });
      expect(await produce({ activity: 'updateLicenseCodeStatus', license, status: 'PAUSE' })).toEqual({ resultCode: '000002', resultMsg: 'status must be FREEZE or UNFREEZE' });
      expect(await produce({ activity: 'refreshLicenseCode', scene: 'RENEWAL', orderId: 'O', orderLineId: 'O-1', license, expireTime: '2030-01-01' })).toEqual({
        resultCode: '000002', resultMsg: 'expireTime must be a UTC time yyyyMMddHHmmss or yyyyMMddHHmmssSSS',
      });
      expect((await produce({ activity: 'refreshLicenseCode', orderId: 'O', orderLineId: 'O-1', license, expireTime: '20300101000000' })).resultMsg).toBe('scene is required');
      // a debugging call never changes a real order's code
      expect((await produce({ activity: 'updateLicenseCodeStatus', license, status: 'FREEZE', testFlag: '1' })).resultCode).toBe('000002');
    });

    it('renewal once per scene and order line, expiry set; freeze, unfreeze once each; release once; then 000003', async () => {
      const renew = { activity: 'refreshLicenseCode', scene: 'RENEWAL', orderId: 'CSRENEW1', orderLineId: 'CSRENEW1-000001', license, productId: 'OFFI-LIC-YEAR', expireTime: '20310101000000000' };
      expect(await produce(renew)).toEqual(OK);
      expect(await produce(renew)).toEqual(OK);
      expect(await stored(license)).toMatchObject({ status: 'active', product_id: 'OFFI-LIC-YEAR', expire_time: new Date(Date.UTC(2031, 0, 1)) });
      const refund = { ...renew, scene: 'UNSUBSCRIBE_RENEWAL_PERIOD', orderId: 'CSREFUND1', orderLineId: 'CSREFUND1-000001', expireTime: '20300101000000' };
      delete (refund as Json).productId;
      expect(await produce(refund)).toEqual(OK);
      expect(await produce(refund)).toEqual(OK);
      expect(await stored(license)).toMatchObject({ status: 'active', product_id: 'OFFI-LIC-YEAR', expire_time: new Date(Date.UTC(2030, 0, 1)) });

      const status = (s: string) => produce({ activity: 'updateLicenseCodeStatus', license, status: s });
      expect(await status('UNFREEZE')).toEqual(OK); // not frozen: success, nothing changed
      expect(await status('FREEZE')).toEqual(OK);
      expect(await status('FREEZE')).toEqual(OK);
      expect((await stored(license)).status).toBe('frozen');
      expect((await activate({ license })).json).toMatchObject({ verdict: 'frozen', active: false });
      expect(await status('UNFREEZE')).toEqual(OK);
      expect(await status('UNFREEZE')).toEqual(OK);
      expect((await stored(license)).status).toBe('active');

      const release = { activity: 'releaseLicenseCode', license, orderId: 'CSUNSUB1', orderLineId: 'CSUNSUB1-000001' };
      expect(await produce(release)).toEqual(OK);
      expect(await produce(release)).toEqual(OK);
      expect((await stored(license)).status).toBe('released');
      expect(await status('FREEZE')).toEqual(OK);
      expect(await status('UNFREEZE')).toEqual({ resultCode: '000003', resultMsg: expect.stringContaining('has been released') });
      expect((await produce({ ...renew, orderLineId: 'CSRENEW1-000002' })).resultCode).toBe('000003');
      expect((await activate({ license })).json).toMatchObject({ verdict: 'released', active: false });

      expect(await changes(license)).toEqual([
        { kind: 'RENEWAL', status: 'active', event: 'licence.renewed' },
        { kind: 'UNSUBSCRIBE_RENEWAL_PERIOD', status: 'active', event: 'licence.renewed' },
        { kind: 'FREEZE', status: 'frozen', event: 'licence.frozen' },
        { kind: 'UNFREEZE', status: 'active', event: 'licence.unfrozen' },
        { kind: 'RELEASE', status: 'released', event: 'licence.released' },
      ]);

      // the seller's SaaS hears each change once, in order, signed
      const of = () => hooks.received.filter((e) => e.data.license === license);
      await waitFor(async () => of().length >= 5, 20_000, 'five licence events');
      expect(of().map((e) => [e.type, e.data.change, e.data.status])).toEqual([
        ['licence.renewed', 'RENEWAL', 'active'],
        ['licence.renewed', 'UNSUBSCRIBE_RENEWAL_PERIOD', 'active'],
        ['licence.frozen', 'FREEZE', 'frozen'],
        ['licence.unfrozen', 'UNFREEZE', 'active'],
        ['licence.released', 'RELEASE', 'released'],
      ]);
      expect(of()[0]).toMatchObject({ id: expect.stringMatching(/^licence-change-\d+$/), data: { expireTime: '2031-01-01T00:00:00.000Z', orderId: 'CSRENEW1', orderLineId: 'CSRENEW1-000001', productId: 'OFFI-LIC-YEAR' } });
      expect(hooks.rejected).toEqual([]);
      const { rows } = await rt.pool.query(`SELECT count(*)::int AS n FROM call WHERE activity LIKE 'webhook.licence.%' AND success`);
      expect(rows[0].n).toBeGreaterThanOrEqual(5);
    });

    it('concurrent duplicates of one call apply once', async () => {
      const c = (await code()).license;
      await activate({ license: c });
      const renew = { activity: 'refreshLicenseCode', scene: 'RENEWAL', orderId: 'CSRENEW9', orderLineId: 'CSRENEW9-000001', license: c, expireTime: '20320101000000' };
      const answers = await Promise.all([...Array.from({ length: 10 }, () => produce(renew)), ...Array.from({ length: 10 }, () => produce({ activity: 'updateLicenseCodeStatus', license: c, status: 'FREEZE' }))]);
      expect(answers.every((a) => a.resultCode === '000000')).toBe(true);
      expect((await changes(c)).map((x) => x.kind).sort()).toEqual(['FREEZE', 'RENEWAL']);
    });
  });

  describe('heartbeat (POST /api/v1/licences/heartbeat) and the daily refresh', () => {
    it('ALIVE, EXPIRED, RELEASED with the expiry, updating the stored code; unknown is 404', async () => {
      const expireTime = Date.UTC(2029, 5, 1);
      const c = await code({ expireTime });
      await activate({ license: c.license });
      expect(await heartbeat({ license: c.license, heartbeatInfo: 'v1.2.3 on host-1' })).toMatchObject({
        status: 200, json: { license: c.license, status: 'ALIVE', expireTime: new Date(expireTime).toISOString(), activatedAt: expect.any(String), checkedAt: expect.any(String) },
      });
      expect((await held(c.license)).heartbeats).toBe(1);

      await code({ license: c.license, expireTime: Date.now() - 1000 });
      expect((await heartbeat({ license: c.license })).json.status).toBe('EXPIRED');
      expect((await stored(c.license)).status).toBe('expired');

      await code({ license: c.license, status: 'RELEASED' });
      expect((await heartbeat({ license: c.license })).json.status).toBe('RELEASED');
      expect((await stored(c.license)).status).toBe('released');

      expect(await heartbeat({ license: 'NO-SUCH-CODE' })).toMatchObject({ status: 404, json: { error: { key: 'unknownLicence' } } });
      expect(await heartbeat({ heartbeatInfo: 'x' })).toMatchObject({ status: 400, json: { error: { message: 'license is required' } } });
    });

    it('the refresh job asks for every live code not checked lately and follows the marketplace', async () => {
      const [a, b] = [await code(), await code()];
      await activate({ license: a.license });
      await activate({ license: b.license });
      await code({ license: a.license, status: 'RELEASED' });
      await rt.pool.query(`UPDATE licence_code SET last_checked_at = now() - interval '2 days' WHERE code = ANY($1)`, [[a.license, b.license]]);
      const before = (await held(b.license)).heartbeats;
      const result = await runLicenceRefresh({ pool: rt.pool, openApi: rt.openApi });
      expect(result.failed).toBe(0);
      expect(result.checked).toBeGreaterThanOrEqual(2);
      expect(result.changed).toBeGreaterThanOrEqual(1);
      expect((await stored(a.license)).status).toBe('released');
      expect((await stored(b.license)).status).toBe('active');
      expect((await held(b.license)).heartbeats).toBe(before + 1);
      // checked now: the next run leaves them be
      await runLicenceRefresh({ pool: rt.pool, openApi: rt.openApi });
      expect((await held(b.license)).heartbeats).toBe(before + 1);
      const { rows } = await rt.pool.query(`SELECT count(*)::int AS n FROM job WHERE queue = 'licence-refresh'`);
      expect(rows[0].n).toBe(1); // scheduled once at start for the day
    });
  });
});
