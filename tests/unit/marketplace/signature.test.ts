import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sortedCompactJson } from '@/lib/marketplace/canonical';
import {
  bodySignHeader,
  verifyBodySign,
  hexEquals,
  kitSignature,
  usagePushSignature,
  v1AuthToken,
  v1StringToSign,
  v2BodyDigest,
  v2Signature,
} from '@/lib/marketplace/signature';

// Known-answer vectors shared by every implementation (checked against Java 17).
const vectorsPath = path.resolve(__dirname, '../../../../shared/spec/test-vectors.json');
const vectors = JSON.parse(readFileSync(vectorsPath, 'utf8')) as {
  key: string;
  v2Signature: { body: string; nonce: string; timestamp: string; bodyDigest: string; signature: string };
  kitSignature: { sortedBody: string; nonce: string; timestamp: string; xSign: string };
  v1AuthToken: { params: Record<string, string>; stringToSign: string; authToken: string };
  bodySign: { body: string; header: string };
  usagePushSignature: { ts: string; nonce: string; body: string; signature: string };
};
const key = vectors.key;

/** Flips one character of a string (a "changed byte"). */
function mutate(s: string, at = Math.floor(s.length / 2)): string {
  const c = s[at] === 'a' ? 'b' : 'a';
  return s.slice(0, at) + c + s.slice(at + 1);
}

describe('v2Signature (spec §3.2)', () => {
  const v = vectors.v2Signature;

  it('computes the body digest (lower-case hex)', () => {
    expect(v2BodyDigest(key, v.body)).toBe(v.bodyDigest);
  });

  it('computes the signature (upper-case hex)', () => {
    expect(v2Signature(key, v.body, v.nonce, v.timestamp)).toBe(v.signature);
  });

  it('fails when any input changes', () => {
    expect(v2Signature(key, mutate(v.body), v.nonce, v.timestamp)).not.toBe(v.signature);
    expect(v2Signature(key, v.body, mutate(v.nonce), v.timestamp)).not.toBe(v.signature);
    expect(v2Signature(key, v.body, v.nonce, String(Number(v.timestamp) + 1))).not.toBe(v.signature);
    expect(v2Signature(mutate(key), v.body, v.nonce, v.timestamp)).not.toBe(v.signature);
    expect(v2Signature(key, `${v.body} `, v.nonce, v.timestamp)).not.toBe(v.signature);
  });

  it('is unchanged by re-serialising an already sorted compact body', () => {
    expect(sortedCompactJson(JSON.parse(v.body))).toBe(v.body);
  });
});

describe('kitSignature (spec §3.12)', () => {
  const v = vectors.kitSignature;

  it('computes x-sign over the sorted body', () => {
    expect(kitSignature(key, v.sortedBody, v.nonce, v.timestamp)).toBe(v.xSign);
  });

  it('matches after sorting the documented unsorted body', () => {
    // The doc example sends keys unsorted (spec §3.12); the vector omits domainName.
    const unsorted = {
      instanceId: 'huaiweitest123456',
      orderId: 'CS1906666666ABCDE',
      tenantId: '68cbc86abc2018ab880d92f36422fa0e',
      tenantCode: 'huawei',
      name: 'huaiweitest',
      flag: 1,
      testFlag: 0,
      timeStamp: '20220413093539534',
    };
    expect(sortedCompactJson(unsorted)).toBe(v.sortedBody);
    expect(kitSignature(key, sortedCompactJson(unsorted), v.nonce, v.timestamp)).toBe(v.xSign);
  });

  it('fails on a changed byte', () => {
    expect(kitSignature(key, mutate(v.sortedBody), v.nonce, v.timestamp)).not.toBe(v.xSign);
    expect(kitSignature(key, v.sortedBody, mutate(v.nonce), v.timestamp)).not.toBe(v.xSign);
  });
});

describe('v1AuthToken (spec §4.2)', () => {
  const v = vectors.v1AuthToken;

  it('builds the string to sign from the sorted parameters', () => {
    expect(v1StringToSign(v.params)).toBe(v.stringToSign);
  });

  it('sorts parameters given in any order and leaves authToken out', () => {
    const shuffled = Object.fromEntries(Object.entries(v.params).reverse());
    expect(v1StringToSign({ ...shuffled, authToken: v.authToken })).toBe(v.stringToSign);
  });

  it('computes the authToken with key = Key + timeStamp', () => {
    expect(v1AuthToken(key, v.params)).toBe(v.authToken);
    expect(v1AuthToken(key, { ...v.params, authToken: 'ignored' })).toBe(v.authToken);
  });

  it('fails on a changed or added parameter', () => {
    expect(v1AuthToken(key, { ...v.params, orderId: mutate(v.params.orderId) })).not.toBe(v.authToken);
    expect(v1AuthToken(key, { ...v.params, timeStamp: '20200727073711904' })).not.toBe(v.authToken);
    // every received parameter participates, unknown ones too (spec §4.2)
    expect(v1AuthToken(key, { ...v.params, provisionType: '1' })).not.toBe(v.authToken);
  });
});

describe('bodySignHeader (spec §4.3)', () => {
  const v = vectors.bodySign;

  it('produces the exact header', () => {
    expect(bodySignHeader(key, v.body)).toBe(v.header);
  });

  it('signs the exact bytes (whitespace matters)', () => {
    expect(bodySignHeader(key, `${v.body}\n`)).not.toBe(v.header);
    expect(bodySignHeader(key, mutate(v.body))).not.toBe(v.header);
  });

  it('verifyBodySign: the vector valid, spacing read loosely; another body or key invalid; another format malformed', () => {
    expect(verifyBodySign(key, v.header, v.body)).toBe('valid');
    expect(verifyBodySign(key, v.header.replace('signature= "', 'signature="').replace(', ', ','), v.body)).toBe('valid');
    expect(verifyBodySign(key, v.header, `${v.body} `)).toBe('invalid');
    expect(verifyBodySign('other', v.header, v.body)).toBe('invalid');
    expect(verifyBodySign(key, v.header.replace('HMAC-SHA256', 'MD5'), v.body)).toBe('malformed');
    expect(verifyBodySign(key, 'garbage', v.body)).toBe('malformed');
  });
});

describe('usagePushSignature (spec §8.1)', () => {
  const v = vectors.usagePushSignature;

  it('computes the signature header', () => {
    expect(usagePushSignature(key, v.ts, v.nonce, v.body)).toBe(v.signature);
  });

  it('matches after sorting an unsorted body', () => {
    const parsed = JSON.parse(v.body) as { usage_records: Record<string, string>[] };
    const unsorted = {
      usage_records: parsed.usage_records.map((r) => Object.fromEntries(Object.entries(r).reverse())),
    };
    expect(JSON.stringify(unsorted)).not.toBe(v.body);
    expect(sortedCompactJson(unsorted)).toBe(v.body);
  });

  it('fails on a changed byte', () => {
    expect(usagePushSignature(key, v.ts, v.nonce, mutate(v.body))).not.toBe(v.signature);
    expect(usagePushSignature(key, mutate(v.ts), v.nonce, v.body)).not.toBe(v.signature);
  });
});

describe('hexEquals (spec §3.2: compare case-insensitively)', () => {
  const sig = vectors.v2Signature.signature;

  it('accepts equal strings in either case', () => {
    expect(hexEquals(sig, sig)).toBe(true);
    expect(hexEquals(sig.toLowerCase(), sig)).toBe(true);
    expect(hexEquals(sig, sig.toLowerCase())).toBe(true);
  });

  it('rejects a changed character', () => {
    const changed = (sig[0] === 'F' ? 'E' : 'F') + sig.slice(1);
    expect(hexEquals(changed, sig)).toBe(false);
  });

  it('rejects a length mismatch without throwing', () => {
    expect(hexEquals(sig.slice(0, -1), sig)).toBe(false);
    expect(hexEquals(`${sig}0`, sig)).toBe(false);
    expect(hexEquals('', sig)).toBe(false);
  });
});

describe('sortedCompactJson (spec §3.2, §3.12)', () => {
  it('sorts keys by code unit order, compactly', () => {
    expect(sortedCompactJson({ b: 1, a: 'x', B: true })).toBe('{"B":true,"a":"x","b":1}');
  });

  it('sorts nested objects, including inside arrays, and keeps array order', () => {
    const value = { z: { y: 1, x: [{ d: 1, c: 2 }, 3] }, a: [2, 1] };
    expect(sortedCompactJson(value)).toBe('{"a":[2,1],"z":{"x":[{"c":2,"d":1},3],"y":1}}');
  });

  it('drops null and undefined object members at every level', () => {
    const value = { a: null, b: { c: null, d: 1, e: undefined }, f: [null, { g: null }] };
    // array elements keep their place: null stays null inside arrays
    expect(sortedCompactJson(value)).toBe('{"b":{"d":1},"f":[null,{}]}');
  });

  it('passes scalars through', () => {
    expect(sortedCompactJson('x')).toBe('"x"');
    expect(sortedCompactJson(1)).toBe('1');
    expect(sortedCompactJson(null)).toBe('null');
  });
});
