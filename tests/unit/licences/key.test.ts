import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, publicKeyFingerprint, publicKeyPem, signLicenceKey, verifyLicenceKey, type LicencePayload } from '@/lib/licences/key';

const payload = (over: Partial<LicencePayload> = {}): LicencePayload => ({
  v: 1,
  licenceId: '5b0c1f2e-8d3a-4b7e-9f10-0a1b2c3d4e5f',
  instanceId: 'inst-1',
  orderId: 'CS2611251503K7QZD',
  orderLineId: 'CS2611251503K7QZD-000001',
  productId: 'OFFI000000000000000001',
  skuCode: 'MOCK-SKU-BASIC',
  linearValue: 10,
  expireTime: '2027-11-25T00:00:00.000Z',
  issuedAt: '2026-11-25T10:00:00.000Z',
  ...over,
});

describe('licence keys (Ed25519)', () => {
  const priv = generateSigningKey();
  const pub = publicKeyPem(priv);
  const now = new Date('2026-11-26T00:00:00Z');

  it('verifies with the public key alone and gives back the payload', () => {
    const key = signLicenceKey(payload(), priv);
    expect(key).toMatch(/^KGL1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(pub).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(pub).not.toContain('PRIVATE');
    expect(verifyLicenceKey(key, pub, now)).toEqual({ valid: true, payload: payload(), expired: false });
    // trailing newline (as in the .lic file) is fine
    expect(verifyLicenceKey(key + '\n', pub, now).valid).toBe(true);
  });

  it('says when a valid licence has expired, and a licence without expiry never does', () => {
    expect(verifyLicenceKey(signLicenceKey(payload(), priv), pub, new Date('2028-01-01T00:00:00Z'))).toMatchObject({ valid: true, expired: true });
    expect(verifyLicenceKey(signLicenceKey(payload({ expireTime: null }), priv), pub, new Date('2099-01-01T00:00:00Z'))).toMatchObject({ valid: true, expired: false });
  });

  it('refuses a tampered payload, a tampered signature, a changed prefix and garbage', () => {
    const key = signLicenceKey(payload(), priv);
    const [prefix, body, sig] = key.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify(payload({ linearValue: 1000 }))).toString('base64url');
    expect(verifyLicenceKey(`${prefix}.${forged}.${sig}`, pub, now)).toEqual({ valid: false, reason: 'bad signature' });
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    expect(verifyLicenceKey(`${prefix}.${body}.${flipped}`, pub, now)).toEqual({ valid: false, reason: 'bad signature' });
    expect(verifyLicenceKey(`KGL2.${body}.${sig}`, pub, now).valid).toBe(false);
    expect(verifyLicenceKey('', pub, now).valid).toBe(false);
    expect(verifyLicenceKey('KGL1.a.b.c', pub, now).valid).toBe(false);
    expect(verifyLicenceKey('KGL1.!!.??', pub, now).valid).toBe(false);
  });

  it('refuses a key signed with another key, and a key checked against another public key', () => {
    const other = generateSigningKey();
    expect(verifyLicenceKey(signLicenceKey(payload(), other), pub, now)).toEqual({ valid: false, reason: 'bad signature' });
    expect(verifyLicenceKey(signLicenceKey(payload(), priv), publicKeyPem(other), now)).toEqual({ valid: false, reason: 'bad signature' });
    // a key of another algorithm cannot verify it either
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyLicenceKey(signLicenceKey(payload(), priv), rsa, now).valid).toBe(false);
  });

  it('fingerprints the public key: SHA-256 of its DER, stable, different per key', () => {
    const fp = publicKeyFingerprint(pub);
    expect(fp).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    expect(publicKeyFingerprint(publicKeyPem(priv))).toBe(fp);
    expect(publicKeyFingerprint(publicKeyPem(generateSigningKey()))).not.toBe(fp);
  });
});
