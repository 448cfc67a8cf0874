import { describe, expect, it } from 'vitest';
import { asciiJson } from '@/lib/marketplace/produce';

/** spec §3.4 memo / §12.11: Chinese (any non-ASCII) must be sent \uXXXX-escaped. */
describe('asciiJson', () => {
  it('escapes the spec example "中文" as \\u4e2d\\u6587', () => {
    expect(asciiJson({ memo: '中文' })).toBe('{"memo":"\\u4e2d\\u6587"}');
  });

  it('uses four lower-case hex digits, zero-padded', () => {
    expect(asciiJson('é')).toBe('"\\u00e9"');
    expect(asciiJson('欢迎')).toBe('"\\u6b22\\u8fce"');
    expect(asciiJson('\u00a0')).toBe('"\\u00a0"');
    expect(asciiJson('\uffff')).toBe('"\\uffff"');
  });

  it('output is pure ASCII', () => {
    const out = asciiJson({ a: 'Ünïcödé ✓ 中文 😀', b: ['ß', { c: '€' }] });
    expect(/^[\x00-\x7f]*$/.test(out)).toBe(true);
    expect(out).not.toMatch(/\\u[0-9a-f]*[A-F]/);
  });

  it('leaves ASCII-only JSON exactly as JSON.stringify writes it', () => {
    const v = { resultCode: '000000', resultMsg: 'success.', info: [{ instanceId: 'abc', n: 1.5, t: true, z: null }], q: 'say "hi"\n\t\\' };
    expect(asciiJson(v)).toBe(JSON.stringify(v));
  });

  it('escapes each half of a surrogate pair, giving valid JSON that round-trips', () => {
    const out = asciiJson({ memo: 'ok 😀!' });
    expect(out).toBe('{"memo":"ok \\ud83d\\ude00!"}');
    expect(JSON.parse(out)).toEqual({ memo: 'ok 😀!' });
  });

  it.each([
    [{ resultCode: '000000', resultMsg: 'success.', info: [{ appInfo: { memo: '请使用管理员账号登录 — 谢谢', userName: 'ädmin' } }] }],
    ['mixed 中 a 😀 b \u2028 \u2029 end'],
    [['€', 'ß', '𝄞', 'नमस्ते']],
    [{ '键': '值' }],
  ])('parses back to the same value: %j', (v) => {
    expect(JSON.parse(asciiJson(v))).toEqual(v);
  });

  it('keeps JSON escapes of control characters intact', () => {
    const v = { s: '\u0001\u001f"\\' };
    expect(asciiJson(v)).toBe(JSON.stringify(v));
    expect(JSON.parse(asciiJson(v))).toEqual(v);
  });
});
