import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { v2Signature } from '@/lib/marketplace/signature';
import { parseTimestamp, TIMESTAMP_WINDOW_MS, verifyV2Request, type CandidateKey, type VerifyOutcome } from '@/lib/marketplace/verify';

// Known-answer vector shared by every implementation (spec §3.2 worked example).
const vectorsPath = path.resolve(__dirname, '../../../../shared/spec/test-vectors.json');
const vectors = JSON.parse(readFileSync(vectorsPath, 'utf8')) as {
  key: string;
  v2Signature: { body: string; nonce: string; timestamp: string; signature: string };
};
const v = vectors.v2Signature;
const KEY: CandidateKey = { key: vectors.key, label: 'MARKETPLACE_KEY' };
const NOW = Number(v.timestamp);

function verify(over: Partial<Parameters<typeof verifyV2Request>[0]> & { query?: Record<string, string | undefined> } = {}): VerifyOutcome {
  return verifyV2Request({
    rawBody: v.body,
    parsedBody: JSON.parse(v.body),
    query: { signature: v.signature, timestamp: v.timestamp, nonce: v.nonce },
    keys: [KEY],
    now: NOW,
    ...over,
  });
}

function expectOk(o: VerifyOutcome) {
  if (!o.ok) throw new Error(`expected valid, got ${o.verdict}: ${o.message} (${o.detail ?? ''})`);
  return o;
}

function expectRefused(o: VerifyOutcome, verdict: string) {
  if (o.ok) throw new Error(`expected ${verdict}, got valid (${o.detail})`);
  expect(o.verdict).toBe(verdict);
  expect(o.message).toMatch(/^authentication failed: /);
  return o;
}

describe('verifyV2Request with the spec §3.2 vector', () => {
  it('accepts the raw body', () => {
    const o = expectOk(verify());
    expect(o.verdict).toBe('valid');
    expect(o.variant).toBe('raw');
    expect(o.key).toEqual(KEY);
    expect(o.detail).toBe('raw body, MARKETPLACE_KEY, timestamp in ms');
  });

  it('accepts the signature in lower case', () => {
    const o = expectOk(verify({ query: { signature: v.signature.toLowerCase(), timestamp: v.timestamp, nonce: v.nonce } }));
    expect(o.variant).toBe('raw');
  });

  it('accepts a mixed-case signature', () => {
    const mixed = v.signature.slice(0, 32).toLowerCase() + v.signature.slice(32);
    expectOk(verify({ query: { signature: mixed, timestamp: v.timestamp, nonce: v.nonce } }));
  });

  it('falls back to the sorted compact body when the raw body has spaces and unsorted keys', () => {
    const parsed = JSON.parse(v.body) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(parsed).reverse());
    const raw = JSON.stringify(reordered, null, 2);
    expect(raw).not.toBe(v.body);
    const o = expectOk(verify({ rawBody: raw, parsedBody: JSON.parse(raw) }));
    expect(o.variant).toBe('sorted');
    expect(o.detail).toBe('sorted body, MARKETPLACE_KEY, timestamp in ms');
  });

  it('does not try the sorted body when no parsed body is given', () => {
    const raw = JSON.stringify(JSON.parse(v.body), null, 1);
    const o = expectRefused(verify({ rawBody: raw, parsedBody: undefined }), 'invalid');
    expect(o.detail).toBe('tried raw body with MARKETPLACE_KEY');
  });

  it('refuses a body that differs in a value, raw and sorted', () => {
    const tampered = v.body.replace('CS2211181819B4LVS-000001', 'CS2211181819B4LVS-000002');
    const o = expectRefused(verify({ rawBody: tampered, parsedBody: JSON.parse(tampered) }), 'invalid');
    expect(o.message).toBe('authentication failed: signature does not match');
  });

  it('refuses when the body is re-ordered and no parse is available to sort it', () => {
    const raw = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(v.body)).reverse()));
    expectRefused(verify({ rawBody: raw, parsedBody: undefined }), 'invalid');
  });

  it('refuses a different nonce or timestamp (both are signed)', () => {
    expectRefused(verify({ query: { signature: v.signature, timestamp: v.timestamp, nonce: v.nonce.slice(1) } }), 'invalid');
    const ts = String(NOW + 1);
    expectRefused(verify({ query: { signature: v.signature, timestamp: ts, nonce: v.nonce } }), 'invalid');
  });
});

describe('verifyV2Request: keys', () => {
  const PREVIOUS: CandidateKey = { key: vectors.key, label: 'MARKETPLACE_KEY_PREVIOUS' };
  const OTHER: CandidateKey = { key: 'another-key-456', label: 'MARKETPLACE_KEY' };

  it('accepts the previous key during a rotation and says which one matched', () => {
    const o = expectOk(verify({ keys: [OTHER, PREVIOUS] }));
    expect(o.key.label).toBe('MARKETPLACE_KEY_PREVIOUS');
    expect(o.key.key).toBe(vectors.key);
    expect(o.detail).toBe('raw body, MARKETPLACE_KEY_PREVIOUS, timestamp in ms');
  });

  it('prefers the first key that matches', () => {
    const o = expectOk(verify({ keys: [KEY, PREVIOUS] }));
    expect(o.key.label).toBe('MARKETPLACE_KEY');
  });

  it('refuses a wrong key and lists what was tried (labels, never keys)', () => {
    const o = expectRefused(verify({ keys: [OTHER] }), 'invalid');
    expect(o.message).toBe('authentication failed: signature does not match');
    expect(o.detail).toBe('tried raw body with MARKETPLACE_KEY');
    expect(JSON.stringify(o)).not.toContain('another-key-456');
  });

  it('refuses a wrong key with an unsorted body, having tried both variants', () => {
    const raw = JSON.stringify(JSON.parse(v.body), null, 2);
    const o = expectRefused(
      verify({ rawBody: raw, parsedBody: JSON.parse(raw), keys: [OTHER, { key: 'x', label: 'MARKETPLACE_KEY_PREVIOUS' }] }),
      'invalid',
    );
    expect(o.detail).toBe('tried raw+sorted body with MARKETPLACE_KEY, MARKETPLACE_KEY_PREVIOUS');
  });

  it('no key configured → no_key', () => {
    const o = expectRefused(verify({ keys: [] }), 'no_key');
    expect(o.message).toMatch(/no marketplace key/);
  });
});

describe('verifyV2Request: timestamp window (spec §3.2, 60 s)', () => {
  it('the window is 60 000 ms', () => {
    expect(TIMESTAMP_WINDOW_MS).toBe(60_000);
  });

  it.each([0, 60_000, -60_000, 59_999, -1])('accepts a skew of %i ms', (skew) => {
    expectOk(verify({ now: NOW + skew }));
  });

  it('refuses 60 001 ms old', () => {
    const o = expectRefused(verify({ now: NOW + 60_001 }), 'expired');
    expect(o.message).toBe('authentication failed: timestamp is 60 s old (limit 60 s)');
  });

  it('refuses 60 001 ms in the future', () => {
    const o = expectRefused(verify({ now: NOW - 60_001 }), 'expired');
    expect(o.message).toBe('authentication failed: timestamp is 60 s in the future (limit 60 s)');
  });

  it('checks the window before the signature (a valid but old request is expired, not valid)', () => {
    expectRefused(verify({ now: NOW + 3_600_000 }), 'expired');
  });

  it('accepts a 10-digit timestamp in seconds', () => {
    const ts = String(Math.floor(NOW / 1000)); // 1680508066
    const signature = v2Signature(vectors.key, v.body, v.nonce, ts);
    const o = expectOk(verify({ query: { signature, timestamp: ts, nonce: v.nonce } }));
    expect(o.detail).toBe('raw body, MARKETPLACE_KEY, timestamp in s');
  });

  it('applies the window to a seconds timestamp in ms', () => {
    const ts = '1680508066';
    const signature = v2Signature(vectors.key, v.body, v.nonce, ts);
    const query = { signature, timestamp: ts, nonce: v.nonce };
    expectOk(verify({ query, now: 1680508066000 + 60_000 }));
    expectRefused(verify({ query, now: 1680508066000 + 60_001 }), 'expired');
  });

  it.each([['abc'], ['168050806661'.slice(0, 9)], ['16805080666180'], ['-1680508066618'], ['1680508066.618'], ['1.68e12']])(
    'refuses the non-Unix timestamp %j as invalid',
    (timestamp) => {
      const o = expectRefused(verify({ query: { signature: v.signature, timestamp, nonce: v.nonce } }), 'invalid');
      expect(o.message).toBe('authentication failed: timestamp is not a Unix time');
    },
  );
});

describe('verifyV2Request: query parameters', () => {
  it('lists every missing parameter', () => {
    const o = expectRefused(verify({ query: {} }), 'missing');
    expect(o.message).toBe('authentication failed: query parameter signature, timestamp, nonce missing');
  });

  it.each([
    ['signature', { timestamp: v.timestamp, nonce: v.nonce }],
    ['timestamp', { signature: v.signature, nonce: v.nonce }],
    ['nonce', { signature: v.signature, timestamp: v.timestamp }],
  ])('missing %s', (name, query) => {
    const o = expectRefused(verify({ query }), 'missing');
    expect(o.message).toBe(`authentication failed: query parameter ${name} missing`);
  });

  it('an empty parameter counts as missing', () => {
    const o = expectRefused(verify({ query: { signature: '', timestamp: v.timestamp, nonce: '' } }), 'missing');
    expect(o.message).toBe('authentication failed: query parameter signature, nonce missing');
  });

  it('missing parameters are reported before the absence of keys', () => {
    expectRefused(verify({ query: {}, keys: [] }), 'missing');
  });

  it.each([
    ['non-hex', 'G'.repeat(64)],
    ['63 hex', v.signature.slice(0, 63)],
    ['65 hex', v.signature + 'A'],
    ['base64', 'YWJj'],
    ['hex with spaces', ` ${v.signature.slice(1)}`],
  ])('refuses a %s signature as invalid', (_w, signature) => {
    const o = expectRefused(verify({ query: { signature, timestamp: v.timestamp, nonce: v.nonce } }), 'invalid');
    expect(o.message).toBe('authentication failed: signature is not 64 hex characters');
  });

  it('refuses a nonce longer than 128 characters', () => {
    const o = expectRefused(verify({ query: { signature: v.signature, timestamp: v.timestamp, nonce: 'n'.repeat(129) } }), 'invalid');
    expect(o.message).toMatch(/nonce is longer than 128/);
  });

  it('accepts a 32-character alphanumeric nonce (orderNotify example) when the signature matches', () => {
    const nonce = 'Of4lsV7H1qrzVDI52O5CFk2ofPcZRaA6';
    const signature = v2Signature(vectors.key, v.body, nonce, v.timestamp);
    expectOk(verify({ query: { signature, timestamp: v.timestamp, nonce } }));
  });
});

describe('parseTimestamp', () => {
  it('13 digits are milliseconds', () => {
    expect(parseTimestamp('1680508066618')).toEqual({ ms: 1680508066618, unit: 'ms' });
  });

  it('10 digits are seconds', () => {
    expect(parseTimestamp('1680508066')).toEqual({ ms: 1680508066000, unit: 's' });
  });

  it('11 and 12 digits are milliseconds', () => {
    expect(parseTimestamp('16805080666')).toEqual({ ms: 16805080666, unit: 'ms' });
    expect(parseTimestamp('168050806661')).toEqual({ ms: 168050806661, unit: 'ms' });
  });

  it.each([['168050806'], ['16805080661800'], [''], ['abc'], ['-1680508066'], ['1680508066.6'], [' 1680508066'], ['1e12']])(
    'refuses %j',
    (s) => {
      expect(parseTimestamp(s)).toBeUndefined();
    },
  );
});

describe('verifyV2Request: bounded work before authentication (issue 6)', () => {
  it('refuses a nonce with a NUL or other non-printable character before any HMAC', () => {
    for (const nonce of ['abc\u0000def', 'with space', 'tab\there', 'é']) {
      const o = expectRefused(verify({ query: { signature: v.signature, timestamp: v.timestamp, nonce } }), 'invalid');
      expect(o.message).toBe('authentication failed: nonce may contain only printable ASCII characters');
    }
  });

  it('checks the raw body before asking for the parsed one, and not at all when the raw body matches', () => {
    let asked = 0;
    expectOk(verify({ parsedBody: () => (asked++, JSON.parse(v.body)) }));
    expect(asked).toBe(0);
    const raw = JSON.stringify(JSON.parse(v.body), null, 2);
    const o = expectOk(verify({ rawBody: raw, parsedBody: () => (asked++, JSON.parse(raw)) }));
    expect(asked).toBe(1);
    expect(o.variant).toBe('sorted');
  });

  it('a parsed body withheld (throttled) means the raw check only', () => {
    const raw = JSON.stringify(JSON.parse(v.body), null, 2);
    const o = expectRefused(verify({ rawBody: raw, parsedBody: () => undefined }), 'invalid');
    expect(o.detail).toBe('tried raw body with MARKETPLACE_KEY');
  });
});

describe('verifyV2Request over the bytes received', () => {
  it('accepts the vector given as bytes, and checks the bytes, not their decoding', () => {
    expectOk(verify({ rawBody: Buffer.from(v.body, 'utf8') }));
    // bytes that are not UTF-8 decode to U+FFFD: the signature over the bytes still holds, over the text it would not
    const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const sig = v2Signature(KEY.key, bytes, v.nonce, v.timestamp);
    expectOk(verify({ rawBody: bytes, parsedBody: undefined, query: { signature: sig, timestamp: v.timestamp, nonce: v.nonce } }));
    expectRefused(verify({ rawBody: bytes.toString('utf8'), parsedBody: undefined, query: { signature: sig, timestamp: v.timestamp, nonce: v.nonce } }), 'invalid');
  });
});
