import { describe, expect, it } from 'vitest';
import { playKit } from '../../../emulator/kit';
import { findTenant } from '../../../lib/kit/queries';
import { kitPrivateKey, publicKeyOf } from '../../../lib/kit/rsa';
import { runV1LicenceLifecycle, runV1Lifecycle } from '../../../lib/marketplace/v1/lifecycle';
import { useAppOverHttp } from '../helpers/produce-server';
import { TEST_KEY } from '../helpers/runtime';

/** The V1 players (the emulator's and the debugger's, lib/marketplace/v1/lifecycle.ts) against the app over HTTP. */

const failures = (steps: { name: string; pass: boolean; detail: string }[]) => steps.filter((s) => !s.pass).map((s) => `${s.name}: ${s.detail}`);

describe('V1 players against the app', () => {
  const t = useAppOverHttp();
  it('the instance lifecycle: every step passes, every answer with a valid Body-Sign, credentials decrypting', async () => {
    const result = await runV1Lifecycle({ url: t.app.productionUrl, key: TEST_KEY });
    expect(failures(result.steps)).toEqual([]);
    expect(result.steps.map((s) => s.name)).toEqual([
      'newInstance', 'queryInstance', 'newInstance (repeat: same instanceId)', 'refreshInstance (renewal)', 'instanceStatus FREEZE',
      'instanceStatus NORMAL', 'upgrade', 'expireInstance', 'releaseInstance', 'releaseInstance (repeat)',
    ]);
    expect(result.steps.every((s) => s.detail.includes('Body-Sign valid'))).toBe(true);
    expect((await t.rt.pool.query(`SELECT status::text FROM instance WHERE id = $1`, [result.instanceId])).rows).toEqual([{ status: 'released' }]);
    // every call went as a GET, marked V1 in the call log
    const { rows } = await t.rt.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM call WHERE direction = 'inbound' AND method <> 'GET' AND instance_id = $1`, [result.instanceId]);
    expect(rows[0]!.n).toBe(0);
  });

  it('fails a step whose answer is signed with another key (the marketplace would refuse it)', async () => {
    const result = await runV1Lifecycle({ url: t.app.productionUrl, key: 'not-the-app-key' });
    expect(result.ok).toBe(false);
    expect(result.steps[0]).toMatchObject({ name: 'newInstance', pass: false, detail: expect.stringContaining('Body-Sign does not match') });
  });

  it('the licence lifecycle: getLicense with its licence, the same licence again, renewal, expiry, release', async () => {
    const result = await runV1LicenceLifecycle({ url: t.app.productionUrl, key: TEST_KEY });
    expect(failures(result.steps)).toEqual([]);
    expect(result.steps).toHaveLength(7);
  });

  it('the kit V1: the five interfaces in trigger order, each answer with a valid Body-Sign', async () => {
    const result = await playKit({ url: t.app.productionUrl, key: TEST_KEY, publicKeyPem: publicKeyOf(kitPrivateKey(t.rt)).pem, generation: 'v1' });
    expect(failures(result.steps)).toEqual([]);
    expect(result.steps.every((s) => s.calls[0]!.request.url.includes('/produceAPI/') && !s.calls[0]!.request.url.includes('/v2/'))).toBe(true);
    expect(await findTenant(t.rt.pool, result.instanceId, result.tenants.buyer.tenantId)).toMatchObject({ tenantCode: 'buyer', deleted: false });
  });
});
