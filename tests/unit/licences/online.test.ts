import { describe, expect, it } from 'vitest';
import { generateSigningKey, publicKeyPem, signLicenceKey, verifyLicenceKey } from '../../../lib/licences/key';
import { checkLicenceRules, fingerprintKey, licenceQuota, type LicenceRuleFacts } from '../../../lib/licences/online';
import { asUpload, onlineLicencePayload } from '../../../lib/licences/onlineUpload';
import { parseActivityRequest, type GetLicenseAsyncRequest } from '../../../lib/marketplace/schemas';
import { parseLicenceRequestTime } from '../../../lib/marketplace/time';
import { parseLicenceAnswer } from '../../../lib/provisioning/webhook';

/** Online licences (spec §9.2): getLicenseAsync's schema and times, the rules of spec §6 000900-000903, the licence. */
const EXAMPLE = {
  activity: 'getLicenseAsync',
  eventId: '8****e5694*****c8',
  instanceId: 'RA2****4LVS',
  effectiveTime: '2023-10-27 10:30:15 z',
  expireTime: '2024-10-27 10:30:15 z',
  deviceFingerprint: '8******6034e2*****60e1',
};

const parse = (patch: Record<string, unknown> = {}) => parseActivityRequest({ ...EXAMPLE, ...patch });

describe('getLicenseAsync times (spec §9.2: "2023-10-27 10:30:15 z", and ISO 8601)', () => {
  it.each([
    ['2023-10-27 10:30:15 z', '2023-10-27T10:30:15.000Z'],
    ['2023-10-27 10:30:15 Z', '2023-10-27T10:30:15.000Z'],
    ['2023-10-27 10:30:15 UTC', '2023-10-27T10:30:15.000Z'],
    ['2023-10-27 10:30:15', '2023-10-27T10:30:15.000Z'],
    ['2023-10-27T10:30:15Z', '2023-10-27T10:30:15.000Z'],
    ['2023-10-27T10:30:15.5Z', '2023-10-27T10:30:15.500Z'],
    ['2023-10-27T18:30:15+08:00', '2023-10-27T10:30:15.000Z'],
    ['2023-10-27T05:30:15-0500', '2023-10-27T10:30:15.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(parseLicenceRequestTime(text)?.toISOString()).toBe(iso);
  });

  it.each(['2023-02-30 10:30:15 z', '2023-10-27 25:00:00 z', '20231027103015', '2023/10/27 10:30:15', '2023-10-27 10:30:15 x', 'yesterday', '2023-10-27T10:30:15+25:00'])(
    '%s is refused',
    (text) => {
      expect(parseLicenceRequestTime(text)).toBeUndefined();
    },
  );
});

describe('getLicenseAsync schema (spec §9.2 table)', () => {
  it('parses the documented example, the times as dates', () => {
    const r = parse();
    expect(r.ok).toBe(true);
    const req = (r as { request: GetLicenseAsyncRequest }).request;
    expect(req).toMatchObject({ eventId: EXAMPLE.eventId, instanceId: EXAMPLE.instanceId, deviceFingerprint: EXAMPLE.deviceFingerprint, testFlag: false });
    expect(req.effectiveTime.toISOString()).toBe('2023-10-27T10:30:15.000Z');
    expect(req.expireTime?.toISOString()).toBe('2024-10-27T10:30:15.000Z');
  });

  it('takes ISO times, and no expireTime or deviceFingerprint', () => {
    const r = parseActivityRequest({ activity: 'getLicenseAsync', eventId: 'E', instanceId: 'I', effectiveTime: '2026-12-02T10:00:00Z', testFlag: '1' });
    expect(r).toMatchObject({ ok: true, request: { testFlag: true } });
    expect((r as { request: GetLicenseAsyncRequest }).request.expireTime).toBeUndefined();
  });

  it.each([
    [{ eventId: undefined }, 'eventId is required'],
    [{ eventId: 'e'.repeat(65) }, 'eventId is longer than 64 characters'],
    [{ instanceId: '' }, 'instanceId must not be empty'],
    [{ effectiveTime: undefined }, 'effectiveTime is required'],
    [{ effectiveTime: '2023-10-27' }, 'effectiveTime must be a UTC time like 2023-10-27 10:30:15 z or ISO 8601 (2023-10-27T10:30:15Z)'],
    [{ effectiveTime: 'x'.repeat(33) }, 'effectiveTime is longer than 32 characters'],
    [{ expireTime: '2023-13-01 00:00:00 z' }, 'expireTime must be a UTC time like 2023-10-27 10:30:15 z or ISO 8601 (2023-10-27T10:30:15Z)'],
    [{ expireTime: '2023-10-27 10:30:15 z' }, 'expireTime must be later than effectiveTime'],
    [{ deviceFingerprint: 'F'.repeat(1025) }, 'deviceFingerprint is longer than 1024 characters'],
    [{ deviceFingerprint: '   ' }, 'deviceFingerprint must not be only spaces'],
    [{ testFlag: '2' }, 'testFlag must be "0" or "1"'],
  ])('%j → %s', (patch, message) => {
    const body: Record<string, unknown> = { ...EXAMPLE, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete body[k];
    expect(parseActivityRequest(body)).toEqual({ ok: false, message });
  });

  it('a fingerprint of 1024 characters is taken', () => {
    expect(parse({ deviceFingerprint: 'F'.repeat(1024) }).ok).toBe(true);
  });
});

describe('spec §6 000900-000903 (lib/licences/online.ts checkLicenceRules)', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  const facts = (f: Partial<LicenceRuleFacts> = {}): LicenceRuleFacts => ({
    instanceStatus: 'active',
    chargingMode: 'PERIOD',
    instanceExpireTime: new Date('2027-12-02T00:00:00Z'),
    orderCreateTime: new Date('2026-12-01T00:00:00Z'),
    deviceFingerprintRequired: false,
    linearValue: null,
    licensedDevices: [],
    ...f,
  });
  const req = (r: Partial<Pick<GetLicenseAsyncRequest, 'effectiveTime' | 'expireTime' | 'deviceFingerprint'>> = {}) => ({
    effectiveTime: new Date('2026-12-02T10:00:00Z'),
    expireTime: new Date('2027-06-01T00:00:00Z'),
    deviceFingerprint: 'BOARD-1',
    ...r,
  });
  const code = (r: ReturnType<typeof req>, f: LicenceRuleFacts) => checkLicenceRules(r, f, now)?.resultCode;

  it('a licence within the order, for a first device, may go ahead', () => {
    expect(checkLicenceRules(req(), facts(), now)).toBeUndefined();
    // one-time or pay-per-use: no expiry, no expireTime needed
    expect(code(req({ expireTime: undefined }), facts({ chargingMode: 'ONE_TIME', instanceExpireTime: null }))).toBeUndefined();
  });

  it('000903 when the product needs a fingerprint and none is given (default: not needed)', () => {
    expect(code(req({ deviceFingerprint: undefined }), facts({ deviceFingerprintRequired: true }))).toBe('000903');
    expect(code(req({ deviceFingerprint: undefined }), facts())).toBeUndefined();
  });

  it('000902 for a period licence without expireTime', () => {
    expect(code(req({ expireTime: undefined }), facts())).toBe('000902');
    expect(code(req({ expireTime: undefined }), facts({ chargingMode: null }))).toBe('000902');
  });

  it('000901 outside the order: frozen, ended, starting at the end, ending after it, starting long before the order', () => {
    expect(code(req(), facts({ instanceStatus: 'frozen' }))).toBe('000901');
    expect(code(req(), facts({ instanceExpireTime: new Date('2026-12-01T00:00:00Z') }))).toBe('000901');
    expect(code(req({ effectiveTime: new Date('2027-12-02T00:00:00Z'), expireTime: undefined }), facts({ chargingMode: 'ONE_TIME' }))).toBe('000901');
    expect(code(req({ expireTime: new Date('2027-12-02T00:00:01Z') }), facts())).toBe('000901');
    expect(code(req({ expireTime: new Date('2027-12-02T00:00:00Z') }), facts())).toBeUndefined();
    expect(code(req({ effectiveTime: new Date('2026-11-29T23:59:59Z') }), facts())).toBe('000901');
    expect(code(req({ effectiveTime: new Date('2026-11-30T00:00:01Z') }), facts())).toBeUndefined();
  });

  it('000900 when the order in force has as many other devices licensed as its linear value (1 without one)', () => {
    const other = fingerprintKey('BOARD-0');
    expect(licenceQuota(null)).toBe(1);
    expect(licenceQuota(0)).toBe(1);
    expect(licenceQuota(5)).toBe(5);
    expect(code(req(), facts({ licensedDevices: [other] }))).toBe('000900');
    expect(checkLicenceRules(req(), facts({ licensedDevices: [other] }), now)?.resultMsg).toMatch(/allows 1 device, all licensed/);
    // the same device again (a new eventId) does not count twice
    expect(code(req(), facts({ licensedDevices: [fingerprintKey('BOARD-1')] }))).toBeUndefined();
    expect(code(req(), facts({ linearValue: 2, licensedDevices: [other] }))).toBeUndefined();
    expect(code(req(), facts({ linearValue: 2, licensedDevices: [other, fingerprintKey('BOARD-2')] }))).toBe('000900');
    // without a fingerprint the licence is the order's one device-less licence
    expect(code(req({ deviceFingerprint: undefined }), facts({ licensedDevices: [''] }))).toBeUndefined();
  });

  it('checks 000903, then 000902, then 000901, then 000900', () => {
    const all = facts({ deviceFingerprintRequired: true, instanceStatus: 'frozen', licensedDevices: [fingerprintKey('x')] });
    expect(code(req({ deviceFingerprint: undefined, expireTime: undefined }), all)).toBe('000903');
    expect(code(req({ expireTime: undefined }), all)).toBe('000902');
    expect(code(req(), all)).toBe('000901');
    expect(code(req(), { ...all, instanceStatus: 'active' })).toBe('000900');
  });

  it('the fingerprint key is its SHA-256, empty without one', () => {
    expect(fingerprintKey(undefined)).toBe('');
    expect(fingerprintKey('ABC')).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintKey('ABC')).not.toBe(fingerprintKey('abc'));
  });
});

describe('the online licence key (lib/licences/key.ts, spec §9.2)', () => {
  it('carries the device fingerprint, the effective and expiry times, instance, order, product and event; verifies with the public key alone', () => {
    const pem = generateSigningKey();
    const payload = onlineLicencePayload(
      {
        event_id: 'EVT-1',
        device_fingerprint: 'BOARD-1234',
        instance_id: 'inst-1',
        order_id: 'CS1',
        order_line_id: 'CS1-000001',
        product_id: 'OFFI-1',
        sku_code: 'SKU-1',
        linear_value: 3,
        effective_time: new Date('2026-12-02T10:30:15Z'),
        expire_time: new Date('2027-06-01T00:00:00Z'),
      },
      '8d1b3c4e-1f2a-4b5c-8d9e-0a1b2c3d4e5f',
      new Date('2026-12-02T12:00:00Z'),
    );
    const key = signLicenceKey(payload, pem);
    const v = verifyLicenceKey(key, publicKeyPem(pem), new Date('2026-12-03T00:00:00Z'));
    expect(v).toEqual({
      valid: true,
      expired: false,
      payload: {
        v: 1,
        licenceId: '8d1b3c4e-1f2a-4b5c-8d9e-0a1b2c3d4e5f',
        instanceId: 'inst-1',
        orderId: 'CS1',
        orderLineId: 'CS1-000001',
        productId: 'OFFI-1',
        skuCode: 'SKU-1',
        linearValue: 3,
        expireTime: '2027-06-01T00:00:00.000Z',
        issuedAt: '2026-12-02T12:00:00.000Z',
        deviceFingerprint: 'BOARD-1234',
        effectiveTime: '2026-12-02T10:30:15.000Z',
        eventId: 'EVT-1',
      },
    });
    expect(verifyLicenceKey(key, publicKeyPem(generateSigningKey()))).toEqual({ valid: false, reason: 'bad signature' });
  });

  it('is uploaded as CHARACTERS up to 1024 characters, as a FILE beyond, and a file as a FILE', () => {
    expect(asUpload({ kind: 'key', file_name: 'a.lic', content: Buffer.from('KGL1.a.b\n') })).toEqual({ type: 'CHARACTERS', characters: 'KGL1.a.b' });
    const long = Buffer.from('K'.repeat(1025));
    expect(asUpload({ kind: 'key', file_name: 'a.lic', content: long })).toEqual({ type: 'FILE', fileName: 'a.lic', content: long });
    expect(asUpload({ kind: 'file', file_name: 'b.bin', content: Buffer.from('x') })).toMatchObject({ type: 'FILE', fileName: 'b.bin' });
  });
});

describe('the SaaS answer to licence.requested (lib/provisioning/webhook.ts)', () => {
  it('takes CHARACTERS and FILE', () => {
    expect(parseLicenceAnswer({ type: 'CHARACTERS', characters: 'LIC-TEXT' })).toEqual({ ok: true, licence: { type: 'CHARACTERS', characters: 'LIC-TEXT' } });
    expect(parseLicenceAnswer({ type: 'FILE', fileName: 'dir/x.lic', contentBase64: Buffer.from('bytes').toString('base64') })).toEqual({
      ok: true,
      licence: { type: 'FILE', fileName: 'x.lic', content: Buffer.from('bytes') },
    });
  });

  it.each([
    [undefined, 'type must be CHARACTERS or FILE'],
    [{ type: 'TEXT' }, 'type must be CHARACTERS or FILE'],
    [{ type: 'CHARACTERS', characters: '' }, 'characters must not be empty'],
    [{ type: 'CHARACTERS', characters: 'x'.repeat(1025) }, 'characters is longer than 1024 characters'],
    [{ type: 'CHARACTERS' }, 'characters must be a string'],
    [{ type: 'FILE', fileName: 'x.lic', contentBase64: '***' }, 'contentBase64 is not base64'],
    [{ type: 'FILE', fileName: 'x.lic', contentBase64: '' }, 'contentBase64 must hold 1 byte to 1 MiB'],
    [{ type: 'FILE', fileName: '', contentBase64: 'eA==' }, 'fileName must be a file name of at most 255 characters'],
    [{ type: 'FILE', contentBase64: 'eA==' }, 'fileName must be a string'],
  ])('refuses %j: %s', (answer, error) => {
    expect(parseLicenceAnswer(answer)).toEqual({ ok: false, error });
  });
});

describe('which key signs getLicenseAsync (lib/marketplace/names.ts)', () => {
  it('either the basic or the licence key is accepted; senders sign with the basic one', async () => {
    const { acceptedInterfaceTypesOf, interfaceTypeOf } = await import('../../../lib/marketplace/names');
    expect(acceptedInterfaceTypesOf('getLicenseAsync')).toEqual(['basic', 'license']);
    expect(interfaceTypeOf('getLicenseAsync')).toBe('basic');
    expect(acceptedInterfaceTypesOf('refreshLicenseCode')).toEqual(['license']);
    expect(acceptedInterfaceTypesOf('newInstance')).toEqual(['basic']);
    expect(acceptedInterfaceTypesOf('orderNotify')).toEqual(['general']);
  });
});
