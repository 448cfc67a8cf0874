import { afterEach, describe, expect, it, vi } from 'vitest';
import { log, redact, setLogLevel } from '@/lib/log';
import { mask } from '@/lib/redact';

describe('mask', () => {
  it('hides short values completely', () => {
    expect(mask('')).toBe('***');
    expect(mask('a')).toBe('***');
    expect(mask('12345678')).toBe('***');
  });

  it('keeps a 4-character prefix of longer values', () => {
    expect(mask('123456789')).toBe('1234…***');
    expect(mask('test-access-key-123')).toBe('test…***');
  });

  it('never contains more than the prefix', () => {
    const secret = 'abcdEFGHIJKLMNOP';
    expect(mask(secret)).not.toContain('E');
  });
});

describe('redact', () => {
  it.each([
    'password',
    'adminPassword',
    'pass',
    'passwd',
    'secret',
    'clientSecret',
    'webhookSecret',
    'sk',
    'huaweicloud_sk',
    'HUAWEICLOUD_SK',
    'key',
    'accessKey',
    'MARKETPLACE_KEY',
    'token',
    'authToken',
    'sessionToken',
    'signature',
    'Authorization',
    'cookie',
    'Set-Cookie',
  ])('masks %s', (name) => {
    const out = redact({ [name]: 'a-very-secret-value' }) as Record<string, unknown>;
    expect(out[name]).toBe('a-ve…***');
  });

  it.each(['orderId', 'instanceId', 'activity', 'task', 'skuCode', 'desk', 'keys', 'keyId', 'nonce', 'message'])('keeps %s', (name) => {
    const out = redact({ [name]: 'a-very-plain-value' }) as Record<string, unknown>;
    expect(out[name]).toBe('a-very-plain-value');
  });

  it('masks deep inside objects and arrays, keeping the structure', () => {
    const input = {
      activity: 'newInstance',
      headers: { authorization: 'SDK-HMAC-SHA256 Access=AK, Signature=abc', host: 'h' },
      items: [{ password: 'pw-1234567' }, { name: 'n' }, [{ token: 't' }]],
    };
    expect(redact(input)).toEqual({
      activity: 'newInstance',
      headers: { authorization: 'SDK-…***', host: 'h' },
      items: [{ password: 'pw-1…***' }, { name: 'n' }, [{ token: '***' }]],
    });
  });

  it('does not change its input', () => {
    const input = { password: 'pw-1234567', nested: { secret: 's-1234567' } };
    redact(input);
    expect(input).toEqual({ password: 'pw-1234567', nested: { secret: 's-1234567' } });
  });

  it('masks non-string secret values too', () => {
    expect(redact({ password: 123456789012 })).toEqual({ password: '1234…***' });
  });

  it('leaves empty or absent secret values as they are', () => {
    expect(redact({ password: '', token: null, secret: undefined })).toEqual({ password: '', token: null, secret: undefined });
  });

  it('keeps scalars and null', () => {
    expect(redact(5)).toBe(5);
    expect(redact('x')).toBe('x');
    expect(redact(null)).toBeNull();
    expect(redact({ n: 1, b: false, z: null })).toEqual({ n: 1, b: false, z: null });
  });

  it('turns an Error into name, message and redacted cause', () => {
    const cause = new Error('inner');
    const err = new Error('outer', { cause: { password: 'pw-1234567', code: 'E1' } });
    expect(redact({ err })).toEqual({ err: { name: 'Error', message: 'outer', cause: { password: 'pw-1…***', code: 'E1' } } });
    expect(redact(new TypeError('t', { cause }))).toEqual({
      name: 'TypeError',
      message: 't',
      cause: { name: 'Error', message: 'inner', cause: undefined },
    });
  });

  it('stops at depth 8', () => {
    let deep: unknown = { password: 'pw-1234567' };
    for (let i = 0; i < 12; i++) deep = { d: deep };
    const text = JSON.stringify(redact(deep));
    expect(text).toContain('[depth]');
    expect(text).not.toContain('pw-1234567');
  });

  it('survives a cycle', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(() => redact(a)).not.toThrow();
  });
});

describe('log', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    setLogLevel('info');
  });

  it('writes one JSON line with redacted fields, errors to stderr', () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    log.error('boom', { key: 'test-access-key-123', orderId: 'CS1' });
    expect(err).toHaveBeenCalledTimes(1);
    const line = String(err.mock.calls[0]![0]);
    expect(line.endsWith('\n')).toBe(true);
    const obj = JSON.parse(line);
    expect(obj).toMatchObject({ level: 'error', msg: 'boom', key: 'test…***', orderId: 'CS1' });
    expect(line).not.toContain('test-access-key-123');
  });

  it('drops lines under the threshold', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    setLogLevel('warn');
    log.info('quiet');
    log.debug('quieter');
    expect(out).not.toHaveBeenCalled();
    setLogLevel('debug');
    log.debug('loud');
    expect(out).toHaveBeenCalledTimes(1);
  });
});
