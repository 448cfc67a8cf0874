import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltinEmulator } from '../../../emulator/builtin';
import { loadConfig } from '../../../lib/config';
import { activateLicence } from '../../../lib/licenceCodes/activate';
import { heartbeatLicence } from '../../../lib/licenceCodes/heartbeat';
import { createRuntime, type Runtime } from '../../../lib/runtime';
import { call, tempDir, TEST_KEY } from '../helpers/runtime';

/**
 * Licence codes on the embedded database (PGlite: one session, one transaction at a time): the activation holds no
 * transaction across the marketplace call, so the outbound call log can be written meanwhile and 20 concurrent
 * activations still make one call. The licence key falls back to MARKETPLACE_KEY.
 */
describe('licence codes on the embedded database', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await createRuntime(loadConfig({ DATA_DIR: tempDir('kg-embedded-lic-'), MARKETPLACE_KEY: TEST_KEY, LOG_LEVEL: 'error', BREAKER_FAILURES: '1000' }), { startEmulator: startBuiltinEmulator });
  }, 120_000);
  afterAll(async () => {
    await rt?.close();
  });

  it('20 concurrent activations of the mock code: one marketplace call; then a freeze signed with the fallback key, and a heartbeat', async () => {
    const license = 'MOCK-LICENSE-CODE-0001';
    const answers = await Promise.all(Array.from({ length: 20 }, () => activateLicence({ pool: rt.pool, openApi: rt.openApi }, { license })));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ verdict: 'active', orderId: 'MOCKLICENSECODE' });
    const held = (await (await fetch(`${rt.emulatorUrl}/emulator/licences/${license}`)).json()) as { licence: { activations: number } };
    expect(held.licence.activations).toBe(1);

    const freeze = await call(rt, { body: { activity: 'updateLicenseCodeStatus', license, status: 'FREEZE' } });
    expect(freeze.json).toEqual({ resultCode: '000000', resultMsg: 'success.' });
    expect((await rt.pool.query(`SELECT status FROM licence_code WHERE code = $1`, [license])).rows[0]).toEqual({ status: 'frozen' });
    expect(await heartbeatLicence({ pool: rt.pool, openApi: rt.openApi }, { license })).toMatchObject({ status: 'ALIVE' });
    expect((await rt.pool.query(`SELECT status FROM licence_code WHERE code = $1`, [license])).rows[0]).toEqual({ status: 'frozen' });
  }, 60_000);
});
