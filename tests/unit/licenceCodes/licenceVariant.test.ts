import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keysFor, loadConfig } from '@/lib/config';
import { interfaceTypeOf, LICENCE_CODE_ACTIVITY_NAMES } from '@/lib/marketplace/names';
import { v2BodyDigest, v2Signature } from '@/lib/marketplace/signature';
import { verifyV2Request } from '@/lib/marketplace/verify';

/**
 * The licence-code interfaces' signature (spec §3.2 licence variant, CN:zh-cn_topic_0070649248; §9.1) and which key
 * checks them. test-vectors.json has no licence vector of its own: the licence variant is the V2 construction
 * (bodyDigest lower-case hex, canonicalRequest = key + nonce + timestamp + bodyDigest) whose examples show the hex in
 * lower case, so it is checked on the V2 vector in lower case, and on a licence body whose values were computed
 * independently (Python's hmac) for this test.
 */
const vectors = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../shared/spec/test-vectors.json'), 'utf8')) as {
  key: string;
  v2Signature: { body: string; nonce: string; timestamp: string; bodyDigest: string; signature: string };
};

const LICENCE_BODY = '{"activity":"updateLicenseCodeStatus","license":"LIC-8F2A-11C4-93D0","status":"FREEZE","testFlag":"1"}';
/** python3: hmac.new(k, body).hexdigest(); hmac.new(k, k + nonce + ts + digest).hexdigest() */
const LICENCE_DIGEST = '07b4f1eb2a6ead1e969afe40f2101a404184b5356a726cfbd56c37cbdaf6b867';
const LICENCE_SIGNATURE = '0769bec6b7d75ce0861ba8cc3dc66ba2b7e32f7d114f2a33993086671f8221ad';

describe('the licence variant of the V2 signature', () => {
  const v = vectors.v2Signature;
  const at = (ts: string) => Number(ts) + 1000;

  it('the V2 vector verifies with its signature in lower case, as the licence examples show it', () => {
    const out = verifyV2Request({
      rawBody: v.body,
      parsedBody: JSON.parse(v.body),
      query: { signature: v.signature.toLowerCase(), timestamp: v.timestamp, nonce: v.nonce },
      keys: [{ key: vectors.key, label: 'MARKETPLACE_KEY_LICENSE' }],
      now: at(v.timestamp),
    });
    expect(out).toMatchObject({ ok: true, variant: 'raw', key: { label: 'MARKETPLACE_KEY_LICENSE' } });
  });

  it('a licence body: the independently computed digest and signature', () => {
    expect(v2BodyDigest(vectors.key, LICENCE_BODY)).toBe(LICENCE_DIGEST);
    expect(v2Signature(vectors.key, LICENCE_BODY, 'RLLUammMSInlrNWb', '1680508066618')).toBe(LICENCE_SIGNATURE.toUpperCase());
    const verify = (signature: string, key = vectors.key) =>
      verifyV2Request({ rawBody: LICENCE_BODY, parsedBody: JSON.parse(LICENCE_BODY), query: { signature, timestamp: '1680508066618', nonce: 'RLLUammMSInlrNWb' }, keys: [{ key, label: 'k' }], now: at('1680508066618') });
    expect(verify(LICENCE_SIGNATURE).ok).toBe(true);
    expect(verify(LICENCE_SIGNATURE.toUpperCase()).ok).toBe(true);
    expect(verify(LICENCE_SIGNATURE, 'another-key').ok).toBe(false);
  });
});

describe('the key is chosen by the activity (spec §2)', () => {
  it('licence-code activities are the licence interfaces, orderNotify the general ones, the rest basic', () => {
    for (const a of LICENCE_CODE_ACTIVITY_NAMES) expect(interfaceTypeOf(a)).toBe('license');
    expect(interfaceTypeOf('orderNotify')).toBe('general');
    for (const a of ['newInstance', 'refreshInstance', 'updateInstanceStatus', 'releaseInstance', undefined, 'nonsense']) expect(interfaceTypeOf(a)).toBe('basic');
  });

  it('the licence key is MARKETPLACE_KEY_LICENSE, else MARKETPLACE_KEY; the previous key during a rotation', () => {
    const own = loadConfig({ MARKETPLACE_KEY: 'basic', MARKETPLACE_KEY_LICENSE: 'licence', MARKETPLACE_KEY_PREVIOUS: 'old' });
    expect(keysFor(own, 'license')).toEqual([
      { key: 'licence', label: 'MARKETPLACE_KEY_LICENSE' },
      { key: 'old', label: 'MARKETPLACE_KEY_PREVIOUS' },
    ]);
    expect(keysFor(own, 'basic').map((k) => k.key)).toEqual(['basic', 'old']);
    const fallback = loadConfig({ MARKETPLACE_KEY: 'basic' });
    expect(keysFor(fallback, 'license')).toEqual([{ key: 'basic', label: 'MARKETPLACE_KEY' }]);
  });
});
