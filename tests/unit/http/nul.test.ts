import { describe, expect, it } from 'vitest';
import { findNul, findNulInParams, MAX_JSON_DEPTH } from '../../../lib/http/nul';

/** U+0000 in console input (lib/http/nul.ts): PostgreSQL refuses it in text, so it is refused first, naming the field. */
const NUL = '\u0000';

describe('findNul', () => {
  it('names the field holding U+0000 at any depth, in objects and arrays', () => {
    expect(findNul({ email: `a${NUL}@b.c` })).toEqual({ field: 'email' });
    expect(findNul({ name: 'ok', params: { orderId: `O${NUL}` } })).toEqual({ field: 'params.orderId' });
    expect(findNul({ ids: ['1', `2${NUL}`] })).toEqual({ field: 'ids[1]' });
    expect(findNul({ a: [{ b: [[{ c: NUL }]] }] })).toEqual({ field: 'a[0].b[0][0].c' });
    expect(findNul([NUL])).toEqual({ field: '[0]' });
    expect(findNul(`x${NUL}`)).toEqual({ field: 'body' });
  });

  it('finds it in keys too, and reports the first in document order', () => {
    expect(findNul({ params: { [`k${NUL}`]: 'v' } })).toEqual({ field: 'params["k\\u0000"]' });
    expect(findNul({ a: { b: NUL }, c: NUL })).toEqual({ field: 'a.b' });
    expect(findNul({ 'odd key': NUL })).toEqual({ field: '["odd key"]' });
  });

  it('passes clean values, other control characters and the escaped text "\\u0000"', () => {
    expect(findNul({ a: 'x\u0001\ty', b: '\\u0000', c: [1, true, null, { d: 2.5 }] })).toBeUndefined();
    expect(findNul(null)).toBeUndefined();
    expect(findNul(42)).toBeUndefined();
  });

  it('refuses nesting deeper than the bound without recursing, even a million levels deep', () => {
    let ok: unknown = 'leaf';
    for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = [ok];
    expect(findNul(ok)).toBeUndefined();
    let deep: unknown = NUL;
    for (let i = 0; i < 1_000_000; i++) deep = { a: deep };
    expect(findNul(deep)).toEqual({ tooDeep: true });
    expect(findNul(JSON.parse('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)))).toEqual({ tooDeep: true });
  });
});

describe('findNulInParams', () => {
  it('names the query parameter holding U+0000 in its value or its name', () => {
    expect(findNulInParams(new URLSearchParams('q=%00'))).toBe('q');
    expect(findNulInParams(new URLSearchParams('status=active&activity=new%00Instance'))).toBe('activity');
    expect(findNulInParams(new URLSearchParams('a%00=1'))).toBe('a\\u0000');
    expect(findNulInParams(Object.entries({ id: `x${NUL}` }))).toBe('id');
    expect(findNulInParams(new URLSearchParams('q=%2500&x=y'))).toBeUndefined();
  });
});
