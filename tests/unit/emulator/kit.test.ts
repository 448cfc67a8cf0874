import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playKit } from '../../../emulator/kit';
import { decryptClientSecret } from '../../../lib/kit/rsa';
import { parseKitRequest, type KitInterface } from '../../../lib/kit/schemas';
import { parseKitTime } from '../../../lib/kit/time';
import { sortedCompactJson } from '../../../lib/marketplace/canonical';
import { buildKitRequest, KIT_FIELD_ORDER } from '../../../lib/marketplace/kit';
import { kitSignedHeaders, verifyKitRequest } from '../../../lib/marketplace/verify';

const vectors = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../shared/spec/test-vectors.json'), 'utf8')) as {
  key: string;
  kitSignature: { sortedBody: string; nonce: string; timestamp: string; xSign: string };
};

/** The emulator's kit player (spec §3.12) against a server that records what arrives and checks it as the app does. */

const KEY = 'kit-player-key';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

interface Received {
  name: string;
  raw: string;
  headers: Record<string, string>;
}
const received: Received[] = [];
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    received.push({ name: /\/produceAPI\/v2\/(\w+)$/.exec(req.url ?? '')?.[1] ?? '?', raw: Buffer.concat(chunks).toString('utf8'), headers });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"resultCode":"000000","resultMsg":"success."}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/produce`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('kit calls (lib/marketplace/kit.ts)', () => {
  it('reproduces the spec §3.12 vector: unsorted on the wire, x-sign over the sorted body', () => {
    const v = vectors.kitSignature;
    const doc = JSON.parse(v.sortedBody) as Record<string, unknown>;
    // the documented wire order
    const body = Object.fromEntries(KIT_FIELD_ORDER.tenantSync.filter((k) => k in doc).map((k) => [k, doc[k]]));
    const r = buildKitRequest({ url: 'https://example.isv.com', name: 'tenantSync', key: vectors.key, body, nonce: v.nonce, timestamp: v.timestamp });
    expect(r.url).toBe('https://example.isv.com/produceAPI/v2/tenantSync');
    expect(r.body).toBe('{"instanceId":"huaiweitest123456","orderId":"CS1906666666ABCDE","tenantId":"68cbc86abc2018ab880d92f36422fa0e","tenantCode":"huawei","name":"huaiweitest","flag":1,"testFlag":0,"timeStamp":"20220413093539534"}');
    expect(r.headers['x-sign']).toBe(v.xSign);
    expect(r.curl).toContain(`-H 'x-sign:${v.xSign}'`);
  });
});

describe('emulator kit player', () => {
  it('plays the five interfaces in the marketplace’s trigger order, signed as §3.12 documents, the secret encrypted to the app’s key', async () => {
    const apps: { clientId: string; clientSecret: string }[] = [];
    const userBatches: string[][] = [];
    const phases: string[] = [];
    const result = await playKit({
      url,
      key: KEY,
      publicKeyPem: publicPem,
      instanceId: 'inst-kit-1',
      onApplication: (a) => void apps.push(a),
      onUsers: (users) => void userBatches.push(users.map((u) => u.userName)),
      onStep: (s) => void phases.push(s.phase),
    });
    expect(result.ok).toBe(true);
    expect(received.map((r) => r.name)).toEqual([
      'tenantSync', 'applicationSync', 'allOrgSync', // credential application
      'authSync', // test account
      'tenantSync', 'applicationSync', 'allOrgSync', // buyer binding
      'authSync', // user authorisation
      'singleOrgSync', 'singleOrgSync', 'singleOrgSync', // department edits
    ]);
    expect([...new Set(phases)]).toEqual(['credential application', 'test account', 'buyer binding', 'user authorisation', 'department edits']);

    let lastTime = 0;
    for (const r of received) {
      const name = r.name as KitInterface;
      const body = JSON.parse(r.raw) as Record<string, unknown>;
      // keys on the wire in the documented order, which is not the sorted one
      expect(Object.keys(body), name).toEqual(KIT_FIELD_ORDER[name].filter((k) => k in body));
      expect(r.raw).not.toBe(sortedCompactJson(body));
      const v = verifyKitRequest({ rawBody: r.raw, parsedBody: body, signed: kitSignedHeaders(r.headers), keys: [{ key: KEY, label: 'kit' }], now: Date.now() });
      expect(v, name).toMatchObject({ ok: true, variant: 'sorted' });
      expect(verifyKitRequest({ rawBody: r.raw, parsedBody: body, signed: kitSignedHeaders(r.headers), keys: [{ key: 'other', label: 'x' }], now: Date.now() }).ok).toBe(false);
      // valid for the app's schemas; testFlag 1; timeStamps strictly increasing (changes are ordered by them)
      expect(parseKitRequest(name, body), name).toMatchObject({ ok: true });
      expect(body.instanceId).toBe('inst-kit-1');
      expect(body.testFlag).toBe(1);
      const t = parseKitTime(body.timeStamp as string)!.getTime();
      expect(t).toBeGreaterThan(lastTime);
      lastTime = t;
    }
    const tenants = received.filter((r) => r.name === 'tenantSync').map((r) => JSON.parse(r.raw) as Record<string, unknown>);
    expect(tenants.map((t) => t.domainName)).toEqual(['https://example.tenantaccount.com', 'https://example.tenantaccount.com']);
    expect(tenants[0]!.tenantId).not.toBe(tenants[1]!.tenantId);
    // the secrets: encrypted to the app's public key, the plain ones handed to the hook first
    const secrets = received.filter((r) => r.name === 'applicationSync').map((r) => (JSON.parse(r.raw) as { clientSecret: string }).clientSecret);
    expect(secrets.map((s) => decryptClientSecret(privatePem, s)?.plain)).toEqual(apps.map((a) => a.clientSecret));
    expect(apps).toHaveLength(2);
    expect(userBatches).toEqual([['seller-test-test'], ['buyer-alice', 'buyer-bob', 'buyer-carol']]);
    const edits = received.filter((r) => r.name === 'singleOrgSync').map((r) => JSON.parse(r.raw) as { flag: number; orgName: string });
    expect(edits.map((e) => [e.flag, e.orgName])).toEqual([[1, 'QA'], [2, 'Quality assurance'], [0, 'QA']]);
  });

  it('takes the domainName given; a step without an answer fails', async () => {
    received.length = 0;
    const result = await playKit({ url: url.replace(/\/api\/produce$/, '/nowhere'), key: KEY, publicKeyPem: publicPem, domainName: 'https://idp.example.net' });
    expect(result.ok).toBe(true); // the stub answers success on any path
    expect((JSON.parse(received[0]!.raw) as { domainName: string }).domainName).toBe('https://idp.example.net');
    const down = await playKit({ url: 'http://127.0.0.1:9/api/produce', key: KEY, publicKeyPem: publicPem });
    expect(down.ok).toBe(false);
    expect(down.steps[0]).toMatchObject({ pass: false });
  });
});
