import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../emulator/aksk';
import { createEmulatorState, handleOpenApi, type EmulatorState } from '../../../emulator/openapi';
import { sortedCompactJson } from '../../../lib/marketplace/canonical';
import { usagePushSignature } from '../../../lib/marketplace/signature';
import { USAGE_PUSH_PATH } from '../../../lib/openapi/types';

/** Known answer from ../shared/spec/test-vectors.json `usagePushSignature` (spec §8.1 worked example). */
const VECTOR = {
  key: 'test-access-key-123',
  ts: '1680508066618',
  nonce: '50D83FDECAED6CCD8EF597F2A577950527928BA287D04E6036E92B2806FD17DA',
  body: '{"usage_records":[{"begin_time":"20220809T080000Z","end_time":"20220809T090000Z","instance_id":"7f141bf1-aec8-4859-8323-fb3a8ad50721","metering_sn":"a1b2c3","record_time":"20220809T091000Z","usage_value":"99"}]}',
  signature: 'SFlnMTIse/Yvlap+vYR4sVkXkSfyCFPUNGfsodoOm2k=',
};

const creds = { ak: 'usage-ak', sk: 'usage-sk' };
const host = 'mkt.emulator.test';
const NOW = new Date('2022-08-09T10:00:00Z');

function newState(key: string | null = VECTOR.key): EmulatorState {
  return createEmulatorState({ credentials: [creds], ...(key ? { marketplaceKey: key } : {}), now: () => NOW });
}

/** The request as the app sends it: sorted body bytes, AK/SK over exactly those bytes, body-signature headers. */
function push(bodyText: string, sig: { signature?: string; ts?: string; nonce?: string }) {
  const apig = signRequest({ ...creds, method: 'POST', url: `http://${host}${USAGE_PUSH_PATH}`, body: JSON.parse(bodyText) as object, date: NOW });
  const headers: Record<string, string> = { ...apig };
  for (const [k, v] of Object.entries(sig)) if (v !== undefined) headers[k] = v;
  return { method: 'POST', url: USAGE_PUSH_PATH, headers, body: bodyText };
}

function records(n: number, over: Record<string, unknown> = {}) {
  return {
    usage_records: Array.from({ length: n }, (_, i) => ({
      begin_time: '20220809T080000Z',
      end_time: '20220809T090000Z',
      instance_id: 'inst-1',
      metering_sn: `sn-${i}`,
      record_time: '20220809T091000Z',
      usage_value: '1.25',
      ...over,
    })),
  };
}

function signedPush(body: unknown, key = VECTOR.key) {
  const text = sortedCompactJson(body);
  const ts = String(NOW.getTime());
  const nonce = 'b3c1e2a4-0000-4000-8000-000000000001';
  return push(text, { signature: usagePushSignature(key, ts, nonce, text), ts, nonce });
}

async function answer(state: EmulatorState, req: ReturnType<typeof push>) {
  const res = await handleOpenApi(req, state);
  return { status: res.status, ...(JSON.parse(res.body) as { error_code: string; error_msg: string }) };
}

describe('usage push (spec §8.1)', () => {
  it('accepts the spec test vector (known body, ts, nonce and signature)', async () => {
    const state = newState();
    const res = await answer(state, push(VECTOR.body, { signature: VECTOR.signature, ts: VECTOR.ts, nonce: VECTOR.nonce }));
    expect(res).toEqual({ status: 200, error_code: 'MKT.0000', error_msg: 'success' });
    expect(state.usage.records).toHaveLength(1);
    expect(state.usage.records[0]).toMatchObject({ instance_id: '7f141bf1-aec8-4859-8323-fb3a8ad50721', usage_value: '99', metering_sn: 'a1b2c3', ak: 'usage-ak' });
  });

  it('rejects a bad body signature (MKT.0102) and missing signature headers (MKT.0101)', async () => {
    const state = newState();
    const wrong = await answer(state, push(VECTOR.body, { signature: VECTOR.signature.replace('S', 'T'), ts: VECTOR.ts, nonce: VECTOR.nonce }));
    expect(wrong).toMatchObject({ status: 400, error_code: 'MKT.0102' });
    const otherTs = await answer(state, push(VECTOR.body, { signature: VECTOR.signature, ts: '1680508066619', nonce: VECTOR.nonce }));
    expect(otherTs.error_code).toBe('MKT.0102');
    const noNonce = await answer(state, push(VECTOR.body, { signature: VECTOR.signature, ts: VECTOR.ts }));
    expect(noNonce).toMatchObject({ status: 400, error_code: 'MKT.0101' });
    expect(state.usage.records).toHaveLength(0);
  });

  it('checks the signature over the naturally sorted body', async () => {
    const state = newState();
    // keys sent unsorted but signed sorted: the marketplace re-sorts, so this passes
    const unsortedText = JSON.stringify({ usage_records: [{ usage_value: '2', metering_sn: 'u1', instance_id: 'i', record_time: '20220809T091000Z', end_time: '20220809T090000Z', begin_time: '20220809T080000Z' }] });
    const sortedText = sortedCompactJson(JSON.parse(unsortedText));
    const ts = VECTOR.ts;
    const ok = await answer(state, push(unsortedText, { signature: usagePushSignature(VECTOR.key, ts, 'n1', sortedText), ts, nonce: 'n1' }));
    expect(ok.error_code).toBe('MKT.0000');
    // signed over the unsorted bytes: rejected
    const bad = await answer(state, push(unsortedText, { signature: usagePushSignature(VECTOR.key, ts, 'n2', unsortedText), ts, nonce: 'n2' }));
    expect(bad.error_code).toBe('MKT.0102');
  });

  it('requires a valid AK/SK signature first', async () => {
    const state = newState();
    const req = signedPush(records(1));
    const res = await answer(state, { ...req, body: req.body.replace('1.25', '1.26') });
    expect(res).toMatchObject({ status: 401, error_code: 'APIGW.0301' });
  });

  it('validates records', async () => {
    const cases: [unknown, number, string][] = [
      [{}, 400, 'MKT.0101'],
      [{ usage_records: [] }, 400, 'MKT.0101'],
      [records(1001), 500, 'MKT.9003'],
      [records(1, { usage_value: '0' }), 500, 'MKT.0100'],
      [records(1, { usage_value: '-1' }), 500, 'MKT.0100'],
      [records(1, { usage_value: '1.23456' }), 500, 'MKT.0100'],
      [records(1, { usage_value: 'abc' }), 500, 'MKT.0100'],
      [records(1, { begin_time: '2022-08-09T08:00:00Z' }), 500, 'MKT.0100'],
      [records(1, { end_time: '20221309T090000Z' }), 500, 'MKT.0100'],
      [records(1, { begin_time: '20220809T100000Z' }), 500, 'MKT.0100'],
      [records(1, { begin_time: '20220701T000000Z', end_time: '20220701T010000Z' }), 500, 'MKT.9004'],
      [records(1, { instance_id: 'x'.repeat(65) }), 500, 'MKT.0100'],
      [records(1, { metering_sn: undefined }), 400, 'MKT.0101'],
    ];
    for (const [body, status, code] of cases) {
      const state = newState();
      const res = await answer(state, signedPush(body));
      expect({ body: JSON.stringify(body).slice(0, 120), status: res.status, code: res.error_code }).toEqual({ body: JSON.stringify(body).slice(0, 120), status, code });
      expect(state.usage.records).toHaveLength(0);
    }
  });

  it('accepts 1000 records, numeric usage_value with 4 decimals, and dedupes by metering_sn', async () => {
    const state = newState();
    expect((await answer(state, signedPush(records(1000)))).error_code).toBe('MKT.0000');
    expect(state.usage.records).toHaveLength(1000);
    expect((await answer(state, signedPush(records(3)))).error_code).toBe('MKT.0000');
    expect(state.usage.records).toHaveLength(1000);
    const numeric = { usage_records: [{ ...records(1).usage_records[0], metering_sn: 'num-1', usage_value: 0.0001 }] };
    expect((await answer(state, signedPush(numeric))).error_code).toBe('MKT.0000');
    expect(state.usage.records.at(-1)?.usage_value).toBe('0.0001');
  });

  it('without a marketplace key, signature headers are required but not checked', async () => {
    const state = newState(null);
    expect((await answer(state, signedPush(records(1), 'any-key'))).error_code).toBe('MKT.0000');
    expect(state.calls.at(-1)?.note).toMatch(/not checked/);
  });
});
