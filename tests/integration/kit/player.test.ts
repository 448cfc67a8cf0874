import { describe, expect, it } from 'vitest';
import { playKit } from '../../../emulator/kit';
import { findTenant, listApplications, listOrgs, listUsers } from '../../../lib/kit/queries';
import { kitPrivateKey, publicKeyOf } from '../../../lib/kit/rsa';
import { useAppOverHttp } from '../helpers/produce-server';
import { TEST_KEY } from '../helpers/runtime';

/** The emulator's kit player (spec §3.12) against the app over HTTP, and the directory it leaves. */

describe('emulator kit player against the app', () => {
  const t = useAppOverHttp();
  it('plays all five in trigger order; every step passes; both tenants, their apps, users and trees are in the directory', async () => {
    const hooked: string[] = [];
    const result = await playKit({
      url: t.app.productionUrl,
      key: TEST_KEY,
      publicKeyPem: publicKeyOf(kitPrivateKey(t.rt)).pem,
      domainName: 'https://tenant.idp.example.com',
      orderId: 'CS-KIT-ORDER-1',
      onApplication: (a) => void hooked.push(`app ${a.appId}`),
      onUsers: (u) => void hooked.push(`users ${u.length}`),
    });
    expect(result.steps.filter((s) => !s.pass).map((s) => `${s.name}: ${s.detail}`)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.steps).toHaveLength(11);
    const { seller, buyer } = result.tenants;
    expect(hooked).toEqual([`app ${seller.app.appId}`, 'users 1', `app ${buyer.app.appId}`, 'users 3']);

    const i = result.instanceId;
    expect(await findTenant(t.rt.pool, i, seller.tenantId)).toMatchObject({ tenantCode: 'seller-test', orderId: null, domainName: 'https://tenant.idp.example.com', testFlag: true });
    expect(await findTenant(t.rt.pool, i, buyer.tenantId)).toMatchObject({ tenantCode: 'buyer', orderId: 'CS-KIT-ORDER-1', deleted: false });
    for (const tenant of [seller, buyer]) {
      expect(await listApplications(t.rt.pool, i, tenant.tenantId)).toEqual([expect.objectContaining({ appId: tenant.app.appId, clientId: tenant.app.clientId, hasSecret: true, secretDigest: 'sha256' })]);
    }
    expect((await listUsers(t.rt.pool, i, seller.tenantId)).map((u) => u.userName)).toEqual(['seller-test-test']);
    expect((await listUsers(t.rt.pool, i, buyer.tenantId)).map((u) => [u.userName, u.role, u.orgCode])).toEqual([
      ['buyer-alice', 'admin', 'buyer-root'],
      ['buyer-bob', 'user', 'buyer-rd'],
      ['buyer-carol', 'user', 'buyer-sales'],
    ]);
    expect((await listOrgs(t.rt.pool, i, seller.tenantId)).map((o) => o.orgCode)).toEqual(['seller-test-rd', 'seller-test-root', 'seller-test-sales']);
    // the department edits: added, renamed, deleted
    const orgs = await listOrgs(t.rt.pool, i, buyer.tenantId, { withDeleted: true });
    const qa = orgs.find((o) => o.orgCode.startsWith('buyer-qa-'));
    expect(qa).toMatchObject({ orgName: 'Quality assurance', parentCode: 'buyer-root', deleted: true });
    expect(orgs.filter((o) => !o.deleted).map((o) => o.orgCode)).toEqual(['buyer-rd', 'buyer-root', 'buyer-sales']);
  });

  it('a wrong key fails every step with 000001', async () => {
    const result = await playKit({ url: t.app.productionUrl, key: 'not-the-kit-key', publicKeyPem: publicKeyOf(kitPrivateKey(t.rt)).pem });
    expect(result.ok).toBe(false);
    expect(result.steps.every((s) => !s.pass && /000001/.test(s.detail))).toBe(true);
  });
});
