import { constants, publicEncrypt, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodySignHeader, kitSignature } from '../../../lib/marketplace/signature';
import { buildKitV1Request, kitBodyV1 } from '../../../lib/marketplace/kit';
import { sortedCompactJson } from '../../../lib/marketplace/canonical';
import { formatKitTime } from '../../../lib/kit/time';
import { startApp, type AppProcess } from '../helpers/app-process';
import { freshDatabase, nonce, tempDir, waitFor } from '../helpers/runtime';

/** The kit route in a real `next start` process: the path, headers, HTTP 200 JSON answers, the key file in DATA_DIR. */
describe('kit interfaces over HTTP', () => {
  const KIT_KEY = 'http-kit-key';
  let app: AppProcess;
  let db: pg.Pool;
  let dataDir: string;

  beforeAll(async () => {
    const databaseUrl = await freshDatabase('kit');
    dataDir = tempDir();
    db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    app = await startApp({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, MARKETPLACE_KEY: 'basic-key', MARKETPLACE_KEY_KIT: KIT_KEY, API_RATE_LIMIT_PER_SECOND: '0' });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.end();
  });

  const send = (name: string, body: Record<string, unknown>, init: { method?: string; key?: string } = {}) => {
    const raw = JSON.stringify(body); // the marketplace's own key order (unsorted)
    const ts = String(Date.now());
    const n = nonce();
    return fetch(`${app.url}/api/produce/produceAPI/v2/${name}`, {
      method: init.method ?? 'POST',
      headers: { 'content-type': 'application/json', 'x-sign': kitSignature(init.key ?? KIT_KEY, sortedCompactJson(body), n, ts), 'x-timestamp': ts, 'x-nonce': n },
      body: init.method === 'GET' ? undefined : raw,
    });
  };
  const tenantBody = {
    instanceId: 'http-inst', orderId: '', tenantId: 'http-tenant', tenantCode: 'huawei', name: 'huaiweitest',
    domainName: 'https://example.tenantaccount.com', flag: 1, testFlag: 0, timeStamp: formatKitTime(new Date()),
  };

  it('tenantSync: HTTP 200 JSON success, the row stored, the call logged', async () => {
    const r = await send('tenantSync', tenantBody);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await r.json()).toEqual({ resultCode: '000000', resultMsg: 'success.' });
    expect((await db.query('SELECT name FROM kit_tenant WHERE instance_id = $1', ['http-inst'])).rows).toEqual([{ name: 'huaiweitest' }]);
    const calls = await waitFor(async () => {
      const rows = (await db.query(`SELECT activity, tenant_id FROM call WHERE instance_id = 'http-inst'`)).rows;
      return rows.length ? rows : undefined;
    });
    expect(calls).toEqual([{ activity: 'tenantSync', tenant_id: 'http-tenant' }]);
  });

  it('the basic key is refused (000001), an unknown name is 000002, GET is 405 with JSON', async () => {
    expect(await (await send('tenantSync', tenantBody, { key: 'basic-key' })).json()).toMatchObject({ resultCode: '000001' });
    const unknown = await send('fooSync', tenantBody);
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toMatchObject({ resultCode: '000002', resultMsg: expect.stringContaining('"fooSync"') });
    const get = await send('tenantSync', tenantBody, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(await get.json()).toMatchObject({ resultCode: '000002' });
  });

  it('applicationSync decrypts with the key pair the app keeps in DATA_DIR/secrets.json', async () => {
    // the key is generated at first use: an applicationSync with garbage makes it, then we encrypt to its public key
    const first = await send('applicationSync', { instanceId: 'http-inst', tenantId: 'http-tenant', appId: 'a', clientId: 'c', clientSecret: 'AAAA', flag: 1, testFlag: 0, timeStamp: formatKitTime(new Date()) });
    expect((await first.json()).resultCode).toBe('000002');
    const pem = (JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { kitRsaPrivateKey: string }).kitRsaPrivateKey;
    const secret = publicEncrypt({ key: createPublicKey(pem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from('s3cret')).toString('base64');
    const r = await send('applicationSync', { instanceId: 'http-inst', tenantId: 'http-tenant', appId: 'a', clientId: 'c', clientSecret: secret, flag: 1, testFlag: 0, timeStamp: formatKitTime(new Date()) });
    expect(await r.json()).toEqual({ resultCode: '000000', resultMsg: 'success.' });
  });

  it('V1 (spec §4.11): POST /produceAPI/{name} with the authToken header, HTTP 200 JSON with a Body-Sign, on the same directory', async () => {
    const body = kitBodyV1('tenantSync', { instanceId: 'http-v1-inst', orderId: '', tenantId: 'http-v1-tenant', tenantCode: 'huawei', name: 'v1 tenant', flag: 1 }, { testFlag: 0 });
    const req = buildKitV1Request({ url: `${app.url}/api/produce`, name: 'tenantSync', key: 'basic-key', body });
    expect(req.url).toBe(`${app.url}/api/produce/produceAPI/tenantSync`);
    const r = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body });
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(JSON.parse(text)).toEqual({ resultCode: '000000', resultMsg: 'success.' });
    expect(r.headers.get('body-sign')).toBe(bodySignHeader('basic-key', text));
    expect((await db.query('SELECT name FROM kit_tenant WHERE instance_id = $1', ['http-v1-inst'])).rows).toEqual([{ name: 'v1 tenant' }]);
    // a forged token: still 200, a result code, signed
    const forged = await fetch(req.url, { method: 'POST', headers: { ...req.headers, authToken: 'AAAA' }, body: req.body });
    expect(forged.status).toBe(200);
    const forgedText = await forged.text();
    expect(JSON.parse(forgedText)).toMatchObject({ resultCode: '000001' });
    expect(forged.headers.get('body-sign')).toBe(bodySignHeader('basic-key', forgedText));
    // any other method: 405 with a JSON answer, signed too (never a bare error page)
    const get = await fetch(req.url);
    expect(get.status).toBe(405);
    expect(get.headers.get('body-sign')).toBe(bodySignHeader('basic-key', await get.text()));
  });
});
