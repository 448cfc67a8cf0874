import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../emulator/aksk';
import { MOCK_LICENCE_CODE } from '../../../emulator/licences';
import { createEmulatorState, handleOpenApi, injectFault, type EmulatorState } from '../../../emulator/openapi';
import { LICENCE_ACTIVATE_PATHS, LICENCE_HEARTBEAT_PATHS } from '../../../lib/openapi/types';

/** The emulator's licence-code open APIs (spec §9.1): AK/SK checked, codes kept with their state, faults. */
const creds = { ak: 'emu-ak', sk: 'emu-sk' };
const host = '127.0.0.1:3900';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function post(path: string, body: unknown, opts: { sk?: string } = {}) {
  const text = JSON.stringify(body);
  const headers = signRequest({ ak: creds.ak, sk: opts.sk ?? creds.sk, method: 'POST', url: `http://${host}${path}`, body: body as object });
  return { method: 'POST', url: path, headers: { ...headers, host }, body: text };
}

async function ask(state: EmulatorState, req: { method: string; url: string; headers: Record<string, string>; body: string }) {
  const res = await handleOpenApi(req, state);
  return { status: res.status, json: JSON.parse(res.body) as Json };
}

const control = (state: EmulatorState, method: string, url: string, body?: unknown) =>
  ask(state, { method, url, headers: {}, body: body === undefined ? '' : JSON.stringify(body) });

describe('licence activate and heartbeat (spec §9.1)', () => {
  it('activates the mock code once (activate_time set by the first), on v1 and v2 alike', async () => {
    const state = createEmulatorState({ credentials: [creds] });
    const first = await ask(state, post(LICENCE_ACTIVATE_PATHS.v1, { license: MOCK_LICENCE_CODE, real_effect_time: '2026-12-02 10:00:00' }));
    expect(first).toMatchObject({ status: 200, json: { error_code: '92020000', data: { license_code_info: expect.any(String) } } });
    const info = JSON.parse(first.json.data.license_code_info) as Json;
    expect(info).toMatchObject({ status: 'ALIVE', order_id: 'MOCKLICENSECODE', amount: 1, activate_time: expect.any(Number), expire_time: expect.any(Number) });
    const again = await ask(state, post(LICENCE_ACTIVATE_PATHS.v2, { license: MOCK_LICENCE_CODE }));
    expect(JSON.parse(again.json.data.license_code_info).activate_time).toBe(info.activate_time);
    expect(state.licences.codes.get(MOCK_LICENCE_CODE)).toMatchObject({ activations: 2, realEffectTime: '2026-12-02 10:00:00' });
  });

  it('an unknown or released code is 91381033; an expired one reports EXPIRED; a wrong signature 401', async () => {
    const state = createEmulatorState({ credentials: [creds] });
    expect(await ask(state, post(LICENCE_ACTIVATE_PATHS.v1, { license: 'NOPE' }))).toMatchObject({ status: 400, json: { error_code: '91381033' } });
    const released = (await control(state, 'POST', '/emulator/licences', { status: 'RELEASED' })).json.licence;
    expect((await ask(state, post(LICENCE_ACTIVATE_PATHS.v1, { license: released.license }))).json.error_code).toBe('91381033');
    const old = (await control(state, 'POST', '/emulator/licences', { expireTime: Date.now() - 1000 })).json.licence;
    const hb = await ask(state, post(LICENCE_HEARTBEAT_PATHS.v1, { license: old.license, heartbeatInfo: 'x' }));
    expect(JSON.parse(hb.json.data.license_code_info).status).toBe('EXPIRED');
    expect(state.licences.codes.get(old.license)!.heartbeats).toBe(1);
    expect((await ask(state, post(LICENCE_HEARTBEAT_PATHS.v1, { license: old.license }, { sk: 'wrong' }))).status).toBe(401);
  });

  it('the control API changes a held code and can retire v1; faults answer before the AK/SK check', async () => {
    const state = createEmulatorState({ credentials: [creds] });
    await ask(state, post(LICENCE_ACTIVATE_PATHS.v1, { license: MOCK_LICENCE_CODE }));
    const changed = await control(state, 'POST', '/emulator/licences', { license: MOCK_LICENCE_CODE, status: 'FROZEN' });
    expect(changed).toMatchObject({ status: 201, json: { licence: { status: 'FROZEN', activations: 1 } } });
    expect((await control(state, 'GET', `/emulator/licences/${MOCK_LICENCE_CODE}`)).json.licence.status).toBe('FROZEN');
    expect((await control(state, 'GET', '/emulator/licences/NOPE')).status).toBe(404);
    expect((await control(state, 'POST', '/emulator/licence-paths', { versions: ['v2'] })).json).toEqual({ versions: ['v2'] });
    expect((await ask(state, post(LICENCE_ACTIVATE_PATHS.v1, { license: MOCK_LICENCE_CODE }))).status).toBe(404);
    expect((await ask(state, post(LICENCE_ACTIVATE_PATHS.v2, { license: MOCK_LICENCE_CODE }))).status).toBe(200);
    injectFault(state, { api: 'licenceHeartbeat', status: 503 });
    expect(await ask(state, post(LICENCE_HEARTBEAT_PATHS.v2, { license: MOCK_LICENCE_CODE }, { sk: 'wrong' }))).toMatchObject({ status: 503, json: { error_code: 'MKT.0999' } });
    expect((await ask(state, post(LICENCE_HEARTBEAT_PATHS.v2, { license: MOCK_LICENCE_CODE }))).status).toBe(200);
    expect((await control(state, 'POST', '/emulator/licences', { status: 'GONE' })).status).toBe(400);
  });
});
