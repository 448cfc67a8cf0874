import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLicenceStore, MOCK_LICENCE_CODE } from '../../../emulator/licences';
import { playLicence, storeSync } from '../../../emulator/licencePlayer';
import { parseActivityRequest } from '../../../lib/marketplace/schemas';
import { verifyV2Request } from '../../../lib/marketplace/verify';

/**
 * The emulator's licence player (spec §9.1): every call it sends verifies with the app's own verification and the
 * licence key, in the licence variant (lower-case hex), its bodies parse as the app parses them, and the emulator's
 * state of the code follows each accepted change.
 */
const KEY = 'the-licence-key';
type Seen = { url: URL; body: string };
let server: http.Server;
let url: string;
const seen: Seen[] = [];
let answer = { resultCode: '000000', resultMsg: 'success.' };

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    seen.push({ url: new URL(req.url ?? '/', 'http://x'), body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/produce`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('emulator licence player', () => {
  it('sends the four steps signed with the licence key as the app verifies them; the store follows', async () => {
    seen.length = 0;
    const now = new Date('2026-12-02T00:00:00Z');
    const store = createLicenceStore({ preloadMocks: true, now });
    const before = store.codes.get(MOCK_LICENCE_CODE)!.expireTime!;
    const statuses: string[] = [];
    const result = await playLicence({
      url,
      key: KEY,
      license: MOCK_LICENCE_CODE,
      state: storeSync(store, () => now),
      now: () => now,
      onStep: () => statuses.push(store.codes.get(MOCK_LICENCE_CODE)!.status),
    });
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => s.name)).toEqual(['refreshLicenseCode RENEWAL', 'updateLicenseCodeStatus FREEZE', 'updateLicenseCodeStatus UNFREEZE', 'releaseLicenseCode']);
    expect(statuses).toEqual(['ALIVE', 'FROZEN', 'ALIVE', 'RELEASED']);
    expect(store.codes.get(MOCK_LICENCE_CODE)!.expireTime).toBe(before + 365 * 24 * 3600 * 1000);

    expect(seen).toHaveLength(4);
    for (const s of seen) {
      const query = Object.fromEntries(s.url.searchParams);
      expect(query.signature).toMatch(/^[0-9a-f]{64}$/);
      const parsed = JSON.parse(s.body) as unknown;
      const ok = verifyV2Request({ rawBody: s.body, parsedBody: parsed, query, keys: [{ key: KEY, label: 'MARKETPLACE_KEY_LICENSE' }], now: Number(query.timestamp) });
      expect(ok).toMatchObject({ ok: true, variant: 'raw' });
      expect(verifyV2Request({ rawBody: s.body, parsedBody: parsed, query, keys: [{ key: 'basic-key', label: 'MARKETPLACE_KEY' }], now: Number(query.timestamp) }).ok).toBe(false);
      expect(parseActivityRequest(parsed as Record<string, unknown>), s.body).toMatchObject({ ok: true });
    }
    const bodies = seen.map((s) => JSON.parse(s.body) as Record<string, unknown>);
    expect(bodies[0]).toMatchObject({ activity: 'refreshLicenseCode', scene: 'RENEWAL', license: MOCK_LICENCE_CODE, productId: 'OFFI-LICENSE-CODE', orderId: expect.stringMatching(/^CSR/) });
    expect(bodies[3]).toEqual({ activity: 'releaseLicenseCode', license: MOCK_LICENCE_CODE, orderId: 'MOCKLICENSECODE', orderLineId: 'MOCKLICENSECODE-000001' });
    expect(bodies.every((b) => b.testFlag === undefined)).toBe(true);
  });

  it('a refused step fails the play, stops it and leaves the store as it was', async () => {
    seen.length = 0;
    answer = { resultCode: '000003', resultMsg: 'licence not found' };
    const store = createLicenceStore({ preloadMocks: true, now: new Date() });
    const result = await playLicence({ url, key: KEY, license: MOCK_LICENCE_CODE, steps: ['freeze', 'release'], state: storeSync(store), testFlag: '1' });
    answer = { resultCode: '000000', resultMsg: 'success.' };
    expect(result).toMatchObject({ ok: false, steps: [{ name: 'updateLicenseCodeStatus FREEZE', pass: false, detail: expect.stringContaining('resultCode 000003') }] });
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0]!.body)).toMatchObject({ testFlag: '1' });
    expect(store.codes.get(MOCK_LICENCE_CODE)!.status).toBe('ALIVE');
  });
});
