import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config';
import { resolveTarget, sendDebugCall, type DebugTarget } from '../../../lib/debugger/send';
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptClientSecret } from '../../../lib/kit/rsa';
import { parseKitRequest } from '../../../lib/kit/schemas';
import { kitSignedHeaders, verifyKitRequest, verifyV2Request } from '../../../lib/marketplace/verify';
import { asciiJson } from '../../../lib/marketplace/produce';
import { startStubProduction } from '../emulator/stub-production';

const KEY = 'debugger-unit-key';
let stub: Awaited<ReturnType<typeof startStubProduction>> | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});
const target = (url: string, key = KEY): DebugTarget => ({ url, key, keyLabel: 'test', own: false });

describe('debugger request building', () => {
  it('signs as the marketplace does: the signature verifies with lib/marketplace/verify.ts', async () => {
    stub = await startStubProduction(KEY, () => ({ raw: asciiJson({ resultCode: '000000', resultMsg: 'success.', instanceId: 'i-9' }) }));
    const out = await sendDebugCall({
      activity: 'newInstance',
      params: { orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId: '{{uuid}}' },
      target: target(stub.url),
      lastInstanceId: async () => undefined,
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const x = out.exchange;
    const u = new URL(x.request.url);
    const query = Object.fromEntries(u.searchParams);
    const verdict = verifyV2Request({ rawBody: x.request.body, parsedBody: JSON.parse(x.request.body), query, keys: [{ key: KEY, label: 'k' }], now: Date.now() });
    expect(verdict.ok).toBe(true);
    expect(verifyV2Request({ rawBody: x.request.body, parsedBody: undefined, query, keys: [{ key: 'other', label: 'k' }], now: Date.now() }).ok).toBe(false);
    // the exact body: sorted compact JSON, testFlag "1", a fresh UUID for {{uuid}}
    const body = JSON.parse(x.request.body) as Record<string, string>;
    expect(Object.keys(body)).toEqual(['activity', 'businessId', 'orderId', 'orderLineId', 'testFlag']);
    expect(body.testFlag).toBe('1');
    expect(body.businessId).toMatch(/^[0-9a-f-]{36}$/);
    expect(stub.received[0]!.rawBody).toBe(x.request.body);
    expect(stub.problems).toEqual([]);
    expect(x.request.headers).toEqual({ Accept: 'application/json', 'Content-Type': 'application/json;charset=utf8' });
    expect(x.request.curl).toContain(`'${x.request.url}'`);
    expect(x.request.curl).toContain(`-d'${x.request.body}'`);
    expect(x.instanceId).toBe('i-9');
    expect(x.verdict.pass).toBe(true);
  });

  it('{{lastInstanceId}} is filled from the caller, and refused with a field error when there is none', async () => {
    stub = await startStubProduction(KEY, () => ({ json: { resultCode: '000000', resultMsg: 'ok' } }));
    const none = await sendDebugCall({ activity: 'releaseInstance', params: { instanceId: '{{lastInstanceId}}' }, target: target(stub.url), lastInstanceId: async () => undefined });
    expect(none).toEqual({ ok: false, errors: { instanceId: { code: 'noLastInstance' } } });
    expect(stub.received).toHaveLength(0);
    const some = await sendDebugCall({ activity: 'releaseInstance', params: { instanceId: '{{lastInstanceId}}' }, target: target(stub.url), lastInstanceId: async () => 'inst-7' });
    expect(some.ok).toBe(true);
    expect(stub.received[0]!.body.instanceId).toBe('inst-7');
  });

  it('bad input changes nothing: no call is sent', async () => {
    stub = await startStubProduction(KEY, () => ({ json: {} }));
    const out = await sendDebugCall({ activity: 'updateInstanceStatus', params: { instanceId: 'i', status: 'STOP' }, target: target(stub.url), lastInstanceId: async () => undefined });
    expect(out.ok).toBe(false);
    expect(stub.received).toHaveLength(0);
  });

  it('a wrong key: the target refuses with 000001 and the verdict fails naming it', async () => {
    stub = await startStubProduction(KEY, () => ({ json: { resultCode: '000000', resultMsg: 'ok' } }));
    const out = await sendDebugCall({ activity: 'queryInstance', params: { instanceId: 'i' }, target: target(stub.url, 'wrong'), lastInstanceId: async () => undefined });
    expect(out.ok && out.exchange.verdict.checks.find((c) => c.id === 'success')).toMatchObject({ status: 'fail', reason: 'codeFailure', vars: { code: '000001' } });
  });

  it('resolves the key: typed first, else the one configured for the interface type (orderNotify: general)', () => {
    const config = loadConfig({ MARKETPLACE_KEY: 'basic-k', MARKETPLACE_KEY_GENERAL: 'general-k', PUBLIC_URL: 'https://isv.example.com' });
    expect(resolveTarget(config, 'newInstance', {})).toEqual({ ok: true, target: { url: 'https://isv.example.com/api/produce', key: 'basic-k', keyLabel: 'MARKETPLACE_KEY', own: true } });
    expect(resolveTarget(config, 'orderNotify', {})).toMatchObject({ ok: true, target: { key: 'general-k', keyLabel: 'MARKETPLACE_KEY_GENERAL' } });
    // the licence-code activities with the licence key, else the basic one (spec §9.1)
    expect(resolveTarget(config, 'releaseLicenseCode', {})).toMatchObject({ ok: true, target: { key: 'basic-k', keyLabel: 'MARKETPLACE_KEY' } });
    const licence = loadConfig({ MARKETPLACE_KEY: 'basic-k', MARKETPLACE_KEY_LICENSE: 'licence-k', PUBLIC_URL: 'https://isv.example.com' });
    for (const a of ['refreshLicenseCode', 'updateLicenseCodeStatus', 'releaseLicenseCode'] as const) {
      expect(resolveTarget(licence, a, {})).toMatchObject({ ok: true, target: { key: 'licence-k', keyLabel: 'MARKETPLACE_KEY_LICENSE' } });
    }
    expect(resolveTarget(licence, 'newInstance', {})).toMatchObject({ ok: true, target: { key: 'basic-k' } });
    const typed = resolveTarget(config, 'newInstance', { url: 'https://other/p', key: 'typed-secret' });
    expect(typed).toMatchObject({ ok: true, target: { url: 'https://other/p', key: 'typed-secret', own: false } });
    expect(typed.ok && typed.target.keyLabel).toMatch(/^typed key [0-9a-f]{12}$/);
    expect(typed.ok && typed.target.keyLabel).not.toContain('typed-secret');
    expect(resolveTarget(loadConfig({}), 'newInstance', {})).toEqual({ ok: false, error: 'noKey' });
  });
});

describe('debugger answers leave the server with secrets masked', () => {
  it('appInfo.password is masked in the shown body, the checks ran on the exact answer', async () => {
    stub = await startStubProduction(KEY, () => ({ raw: asciiJson({ resultCode: '000000', resultMsg: 'ok', info: [{ instanceId: 'i', appInfo: { frontEndUrl: 'u', password: 'Sup3r$ecret' } }] }) }));
    const out = await sendDebugCall({ activity: 'queryInstance', params: { instanceId: 'i' }, target: target(stub.url), lastInstanceId: async () => undefined });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.exchange.response.body).not.toContain('Sup3r$ecret');
    expect(out.exchange.response.masked).toBe(true);
    expect(out.exchange.verdict.pass).toBe(true);
  });
});

describe('debugger kit calls (spec §3.12)', () => {
  it('resolves the kit key for the kit interfaces, and refuses applicationSync to another URL', () => {
    const config = loadConfig({ MARKETPLACE_KEY: 'basic-k', MARKETPLACE_KEY_KIT: 'kit-k', PUBLIC_URL: 'http://127.0.0.1:3000' });
    expect(resolveTarget(config, 'tenantSync', {})).toMatchObject({ ok: true, target: { key: 'kit-k', keyLabel: 'MARKETPLACE_KEY_KIT', own: true } });
    expect(resolveTarget(config, 'newInstance', {})).toMatchObject({ ok: true, target: { key: 'basic-k' } });
    expect(resolveTarget(loadConfig({ MARKETPLACE_KEY: 'basic-k', PUBLIC_URL: 'http://127.0.0.1:3000' }), 'authSync', {})).toMatchObject({ ok: true, target: { key: 'basic-k', keyLabel: 'MARKETPLACE_KEY' } });
    expect(resolveTarget(config, 'applicationSync', { url: 'https://isv.example.com/produce', key: 'x' })).toEqual({ ok: false, error: 'publicKeyUnknown' });
    expect(resolveTarget(config, 'tenantSync', { url: 'https://isv.example.com/produce', key: 'x' })).toMatchObject({ ok: true, target: { key: 'x', own: false } });
  });

  it('sends to <url>/produceAPI/v2/<name>, keys in the documented order, signed over the sorted body, the secret encrypted', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
    const seen: { url: string; raw: string; headers: Record<string, string> }[] = [];
    const server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      seen.push({ url: req.url ?? '', raw: Buffer.concat(chunks).toString('utf8'), headers: req.headers as Record<string, string> });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"resultCode":"000000","resultMsg":"success."}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/produce`;
      const out = await sendDebugCall({
        activity: 'applicationSync',
        params: { instanceId: 'i-1', tenantId: 't-1', appId: 'a-1', clientId: 'c-1', clientSecret: 'plain-{{uuid}}', flag: '2' },
        target: target(url),
        kitPublicKey: () => publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        lastInstanceId: async () => undefined,
      });
      expect(out.ok).toBe(true);
      if (!out.ok) return;
      expect(seen[0]!.url).toBe('/api/produce/produceAPI/v2/applicationSync');
      const body = JSON.parse(seen[0]!.raw) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(['instanceId', 'tenantId', 'appId', 'clientId', 'clientSecret', 'flag', 'testFlag', 'timeStamp']);
      expect(body).toMatchObject({ flag: 2, testFlag: 1 });
      expect(parseKitRequest('applicationSync', body)).toMatchObject({ ok: true });
      expect(verifyKitRequest({ rawBody: seen[0]!.raw, parsedBody: body, signed: kitSignedHeaders(seen[0]!.headers), keys: [{ key: KEY, label: 'k' }], now: Date.now() })).toMatchObject({ ok: true, variant: 'sorted' });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      expect(decryptClientSecret(pem, body.clientSecret as string)?.plain).toMatch(/^plain-[0-9a-f-]{36}$/);
      expect(out.exchange.request.headers).toMatchObject({ 'Content-Type': 'application/json', 'x-timestamp': expect.stringMatching(/^\d{13}$/) });
      expect(out.exchange.request.body).toBe(seen[0]!.raw);
      expect(out.exchange.verdict.pass).toBe(true);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
