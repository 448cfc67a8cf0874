import { describe, expect, it } from 'vitest';
import { sortedCompactJson } from '@/lib/marketplace/canonical';

describe('sortedCompactJson', () => {
  it('writes what JSON.stringify writes for sorted input', () => {
    const v = { a: 'x\u0000"\\é', b: [1, -0.5, 1e21, true, false, null, 'y'], c: {}, d: [] };
    expect(sortedCompactJson(v)).toBe(JSON.stringify(v));
  });

  it('sorts nested keys, keeps array order, drops nulls in objects only', () => {
    expect(sortedCompactJson({ b: 1, a: { d: null, c: [3, null, { z: 1, y: 2 }] } })).toBe('{"a":{"c":[3,null,{"y":2,"z":1}]},"b":1}');
  });

  it('keeps a __proto__ key as it arrived (JSON.parse makes it an own key)', () => {
    expect(sortedCompactJson(JSON.parse('{"b":1,"__proto__":{"x":1}}'))).toBe('{"__proto__":{"x":1},"b":1}');
  });

  it('does not recurse: 100,000 levels (JSON.stringify overflows at a few thousand)', () => {
    const text = '[{"b":'.repeat(100_000) + '1' + '}]'.repeat(100_000);
    expect(sortedCompactJson(JSON.parse(text))).toBe(text);
  });
});
