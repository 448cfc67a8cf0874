import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyAkSk } from '../../../emulator/aksk';
import { createEmulatorState, handleOpenApi, injectFault, type EmulatorState } from '../../../emulator/openapi';
import { signApiRequest, UNSIGNED_PAYLOAD } from '../../../lib/openapi/aksk';
import { buildMultipart, type MultipartPart } from '../../../lib/openapi/multipart';
import { licenceUploadPath } from '../../../lib/openapi/types';

/**
 * The licence upload (spec §9.2 market-event/{event_id}/file): the app signs its multipart body as the official SDK
 * does (lib/openapi/aksk.ts: UNSIGNED-PAYLOAD, content-type unsigned) and the emulator checks it as the gateway would,
 * then the form field by field, keeping what was uploaded per event.
 */
const creds = { ak: 'emu-ak', sk: 'emu-sk' };
const host = '127.0.0.1:3900';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function upload(eventId: string, parts: MultipartPart[], opts: { sk?: string; tamper?: (h: Record<string, string>) => void } = {}) {
  const form = buildMultipart(parts);
  const url = `http://${host}${licenceUploadPath(eventId)}`;
  const { headers } = signApiRequest({ ak: creds.ak, sk: opts.sk ?? creds.sk, method: 'POST', url, multipart: true });
  const sent: Record<string, string> = { ...headers, 'content-type': form.contentType, host };
  opts.tamper?.(sent);
  return { method: 'POST', url: licenceUploadPath(eventId), headers: sent, body: form.bytes.toString('utf8'), rawBody: form.bytes };
}

const reqPart = (v: unknown): MultipartPart => ({ name: 'isvUpdateFileReq', contentType: 'application/json', content: JSON.stringify(v) });

async function ask(state: EmulatorState, req: Parameters<typeof handleOpenApi>[0]) {
  const res = await handleOpenApi(req, state);
  return { status: res.status, json: JSON.parse(res.body) as Json };
}

describe('the SDK way of signing a multipart body', () => {
  it('signs X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD and leaves content-type out; the emulator verifies it', () => {
    const { headers } = signApiRequest({ ak: creds.ak, sk: creds.sk, method: 'POST', url: `http://${host}${licenceUploadPath('E-1')}`, multipart: true });
    expect(headers['X-Sdk-Content-Sha256']).toBe(UNSIGNED_PAYLOAD);
    expect(headers['content-type']).toBeUndefined();
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(headers.Authorization!)![1]!;
    expect(signedHeaders.split(';')).toEqual(['host', 'x-sdk-content-sha256', 'x-sdk-date']);
    const form = buildMultipart([reqPart({ type: 'CHARACTERS', characters: 'KGL1.x.y' })]);
    const v = verifyAkSk({
      method: 'POST',
      url: licenceUploadPath('E-1'),
      headers: { ...headers, 'content-type': form.contentType, host },
      body: form.bytes.toString('utf8'),
      rawBody: form.bytes,
      credentials: [creds],
    });
    expect(v).toEqual({ ok: true, ak: creds.ak });
  });

  it('a wrong SK, another event in the path, or a payload hash that is not the body’s are refused', () => {
    const form = buildMultipart([reqPart({ type: 'CHARACTERS', characters: 'x' })]);
    const { headers } = signApiRequest({ ak: creds.ak, sk: creds.sk, method: 'POST', url: `http://${host}${licenceUploadPath('E-1')}`, multipart: true });
    const base = { method: 'POST', headers: { ...headers, 'content-type': form.contentType, host }, body: form.bytes.toString('utf8'), rawBody: form.bytes, credentials: [creds] };
    expect(verifyAkSk({ ...base, url: licenceUploadPath('E-2') })).toMatchObject({ ok: false, reason: 'signature mismatch' });
    expect(verifyAkSk({ ...base, url: licenceUploadPath('E-1'), credentials: [{ ak: creds.ak, sk: 'other' }] })).toMatchObject({ ok: false });
    const hashed = signApiRequest({ ak: creds.ak, sk: creds.sk, method: 'POST', url: `http://${host}${licenceUploadPath('E-1')}`, multipart: true, headers: { 'X-Sdk-Content-Sha256': sha('another body') } });
    expect(verifyAkSk({ ...base, url: licenceUploadPath('E-1'), headers: { ...hashed.headers, 'content-type': form.contentType, host } })).toMatchObject({
      ok: false,
      reason: 'X-Sdk-Content-Sha256 is not the SHA-256 of the body',
    });
    const real = signApiRequest({ ak: creds.ak, sk: creds.sk, method: 'POST', url: `http://${host}${licenceUploadPath('E-1')}`, multipart: true, headers: { 'X-Sdk-Content-Sha256': sha(form.bytes) } });
    expect(verifyAkSk({ ...base, url: licenceUploadPath('E-1'), headers: { ...real.headers, 'content-type': form.contentType, host } })).toEqual({ ok: true, ak: creds.ak });
  });

  it('refuses a multipart request with a body (it is signed without one)', () => {
    expect(() => signApiRequest({ ak: 'a', sk: 's', method: 'POST', url: 'http://h/x', multipart: true, body: '{}' })).toThrow(/without its body/);
  });
});

describe('POST market-event/{event_id}/file in the emulator', () => {
  it('keeps a CHARACTERS licence and a FILE with its matching sha256, per event, every upload', async () => {
    const state = createEmulatorState({ credentials: [creds] });
    expect(await ask(state, upload('EVT-1', [reqPart({ type: 'CHARACTERS', characters: 'KGL1.abc.def' })]))).toEqual({ status: 200, json: { error_code: 'MKT.0000', error_msg: 'success' } });
    const file = Buffer.from([0, 255, 1, 2, 3, 200]);
    const fileUpload = upload('EVT-2', [reqPart({ type: 'FILE', file_name: 'a.lic', sha256: sha(file) }), { name: 'file', contentType: 'application/octet-stream', fileName: 'a.lic', content: file }]);
    expect((await ask(state, fileUpload)).status).toBe(200);
    await ask(state, upload('EVT-1', [reqPart({ type: 'CHARACTERS', characters: 'KGL1.abc.def' })]));
    const listed = await ask(state, { method: 'GET', url: '/emulator/licence-uploads', headers: {}, body: '' });
    expect(listed.json.events).toHaveLength(2);
    const one = await ask(state, { method: 'GET', url: '/emulator/licence-uploads?event_id=EVT-2', headers: {}, body: '' });
    expect(one.json.events).toEqual([{ eventId: 'EVT-2', uploads: [expect.objectContaining({ type: 'FILE', fileName: 'a.lic', sha256: sha(file), contentBase64: file.toString('base64'), size: 6, ak: creds.ak })] }]);
    expect(state.licenceUploads.get('EVT-1')).toHaveLength(2);
  });

  it.each([
    [{ type: 'TEXT' }, 'type must be FILE or CHARACTERS'],
    [{ type: 'CHARACTERS' }, 'characters is required for type CHARACTERS'],
    [{ type: 'CHARACTERS', characters: 'x'.repeat(1025) }, 'characters is longer than 1024 characters'],
    [{ type: 'FILE', sha256: 'ab' }, 'file_name is required for type FILE'],
    [{ type: 'FILE', file_name: 'a.lic' }, 'sha256 is required for type FILE'],
    [{ type: 'FILE', file_name: 'a.lic', sha256: sha('x') }, 'file is required for type FILE'],
  ])('refuses %j: %s', async (req, msg) => {
    const state = createEmulatorState({ credentials: [creds] });
    expect(await ask(state, upload('EVT-1', [reqPart(req)]))).toEqual({ status: 400, json: { error_code: 'MKT.0199', error_msg: msg } });
    expect(state.licenceUploads.size).toBe(0);
  });

  it('refuses a file whose sha256 differs, a missing isvUpdateFileReq, a bad signature, and answers an injected fault', async () => {
    const state = createEmulatorState({ credentials: [creds] });
    const file = Buffer.from('licence');
    const bad = await ask(state, upload('E', [reqPart({ type: 'FILE', file_name: 'a.lic', sha256: sha('other') }), { name: 'file', contentType: 'application/octet-stream', fileName: 'a.lic', content: file }]));
    expect(bad).toMatchObject({ status: 400, json: { error_msg: expect.stringMatching(/^sha256 does not match the file/) } });
    expect((await ask(state, upload('E', [{ name: 'other', contentType: 'text/plain', content: 'x' }]))).json.error_msg).toBe('isvUpdateFileReq is required');
    expect((await ask(state, upload('E', [reqPart({ type: 'CHARACTERS', characters: 'x' })], { sk: 'wrong' }))).status).toBe(401);
    injectFault(state, { api: 'licenceUpload', status: 503 });
    expect(await ask(state, upload('E', [reqPart({ type: 'CHARACTERS', characters: 'x' })]))).toMatchObject({ status: 503, json: { error_code: 'MKT.0999' } });
    expect((await ask(state, upload('E', [reqPart({ type: 'CHARACTERS', characters: 'x' })]))).status).toBe(200);
  });
});
