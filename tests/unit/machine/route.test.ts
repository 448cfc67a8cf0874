import { beforeEach, describe, expect, it, vi } from 'vitest';
import { hashApiKey, newApiKey } from '../../../lib/apikeys/key';

/** machineRoute's order of work with a stand-in key table: the size limit before the key, the key before the body. */
const state = vi.hoisted(() => ({ rows: new Map<string, { id: string; scopes: string[]; revokedAt: Date | null; lastUsedAt: Date | null }>(), lookups: 0 }));
vi.mock('../../../lib/runtime', () => ({
  getRuntime: async () => ({
    config: { apiRateLimitPerSecond: 1, apiRateLimitBurst: 2 },
    pool: {
      query: async ({ values }: { values: [string] }) => {
        state.lookups++;
        const row = state.rows.get(values[0]);
        return { rows: row ? [row] : [] };
      },
    },
    prisma: { apiKey: { updateMany: async () => ({ count: 1 }) } },
  }),
}));
vi.mock('../../../lib/log', () => ({ log: { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() } }));

const { machineRoute, MACHINE_ROUTE } = await import('../../../lib/machine/route');

const good = newApiKey();
const other = newApiKey();
const seen: string[] = [];
const route = machineRoute({ scope: 'usage:write', maxBodyBytes: 10 }, async ({ body, keyId }) => {
  seen.push(body);
  if (body === 'boom') throw new Error('handler fault');
  return { keyId, body };
});
const call = (init: RequestInit & { key?: string } = {}) =>
  route(new Request('http://app.test/api/v1/thing', { method: 'POST', ...init, headers: { ...(init.key ? { authorization: `Bearer ${init.key}` } : {}), ...(init.headers as object) } }), undefined);

beforeEach(() => {
  state.rows.clear();
  state.rows.set(hashApiKey(good.key), { id: 'k1', scopes: ['usage:write'], revokedAt: null, lastUsedAt: new Date() });
  state.rows.set(hashApiKey(other.key), { id: 'k2', scopes: ['usage:write'], revokedAt: null, lastUsedAt: new Date() });
  state.lookups = 0;
  seen.length = 0;
});

describe('machineRoute', () => {
  it('declares its scope for a route walk', () => {
    expect((route as unknown as Record<symbol, unknown>)[MACHINE_ROUTE]).toEqual({ scope: 'usage:write' });
  });

  it('refuses a declared body over the limit with 413 before looking at the key', async () => {
    const res = await call({ body: 'x'.repeat(11), headers: { 'content-length': '11' } });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { key: 'tooLarge', message: 'The body is larger than 10 bytes.' } });
    expect(state.lookups).toBe(0);
  });

  it('answers 401 with WWW-Authenticate without a key, and never reads the body', async () => {
    const res = await call({ body: 'hello' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await res.json()) as { error: { key: string } }).error.key).toBe('unauthorized');
    expect(seen).toEqual([]);
  });

  it('gives the handler the body of a request with a good key', async () => {
    const res = await call({ key: good.key, body: 'hello' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ keyId: 'k1', body: 'hello' });
  });

  it('refuses a streamed body that passes the limit without saying its length', async () => {
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('123456'));
        c.enqueue(new TextEncoder().encode('789012'));
        c.close();
      },
    });
    const res = await call({ key: good.key, body: stream, duplex: 'half' } as RequestInit & { key: string });
    expect(res.status).toBe(413);
    expect(seen).toEqual([]);
  });

  it('answers 429 with Retry-After once the key has used its burst', async () => {
    expect((await call({ key: other.key })).status).toBe(200);
    expect((await call({ key: other.key })).status).toBe(200);
    const res = await call({ key: other.key });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(((await res.json()) as { error: { key: string } }).error.key).toBe('rateLimited');
  });

  it('answers a handler fault with 500, its cause not in the answer', async () => {
    state.rows.set(hashApiKey(good.key), { id: 'k3', scopes: ['usage:write'], revokedAt: null, lastUsedAt: new Date() });
    const res = await call({ key: good.key, body: 'boom' });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('handler fault');
  });

  it('a client hanging up mid-body is not a fault: logged as information, not as an error', async () => {
    const { log } = await import('../../../lib/log');
    vi.mocked(log.error).mockClear();
    state.rows.set(hashApiKey(good.key), { id: 'k4', scopes: ['usage:write'], revokedAt: null, lastUsedAt: new Date() });
    const body = new ReadableStream({ pull: (c) => c.error(new Error('aborted')) });
    const res = await route(
      new Request('http://app.test/api/v1/thing', { method: 'POST', headers: { authorization: `Bearer ${good.key}` }, body, duplex: 'half' } as RequestInit),
      undefined,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { key: string } }).error.key).toBe('aborted');
    expect(log.error).not.toHaveBeenCalled();
    expect(log.info).toHaveBeenCalledWith('machine API client went away', expect.anything());
  });
});
