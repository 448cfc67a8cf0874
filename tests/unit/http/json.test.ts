import { describe, expect, it } from 'vitest';
import { measureJson, parseJson } from '@/lib/http/json';

const BOUNDS = { maxDepth: 32, maxKeys: 10_000 };

describe('measureJson', () => {
  it('counts depth and keys, ignoring brackets and colons inside strings', () => {
    expect(measureJson('{"a":{"b":[1,{"c":"x:{[}"}]}}', BOUNDS)).toEqual({ ok: true, depth: 4, keys: 3 });
    expect(measureJson('{"a\\":":"\\"{"}', BOUNDS)).toEqual({ ok: true, depth: 1, keys: 1 });
  });

  it('refuses a body nested 5,000 levels deep after reading past the bound, without recursing', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(measureJson(deep, BOUNDS)).toEqual({ ok: false, problem: 'depth', message: 'request body is nested deeper than 32 levels' });
    const deeper = '{"a":'.repeat(200_000) + '1' + '}'.repeat(200_000);
    expect(measureJson(deeper, BOUNDS)).toMatchObject({ ok: false, problem: 'depth' });
  });

  it('refuses 83,000 keys (the probe body) as soon as the bound is crossed', () => {
    const many = JSON.stringify(Object.fromEntries(Array.from({ length: 83_000 }, (_, i) => [`k${i}`, i])));
    expect(measureJson(many, BOUNDS)).toEqual({ ok: false, problem: 'keys', message: 'request body has more than 10000 keys' });
    const enough = JSON.stringify(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])));
    expect(measureJson(enough, BOUNDS)).toMatchObject({ ok: true, keys: 10_000 });
  });
});

describe('parseJson', () => {
  it('names the position, never the parser’s words or the input', () => {
    const r = parseJson('{"a":1,\u0000"secret":"x"}');
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/^request body is not valid JSON( \(at character \d+\))?$/) });
    expect(parseJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });
});
