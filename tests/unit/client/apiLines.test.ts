import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiLines } from '@/lib/client/api';

afterEach(() => vi.unstubAllGlobals());

/** An answer whose body arrives in these chunks. */
function streamed(chunks: string[], init: ResponseInit = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk));
      c.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/x-ndjson' }, ...init });
}

describe('apiLines', () => {
  it('hands over each line as it is complete, whatever the chunks, and sends the body as JSON', async () => {
    const fetch = vi.fn(async () => streamed(['{"step":1}\n{"st', 'ep":2}\n', '{"done":true}']));
    vi.stubGlobal('fetch', fetch);
    const lines: unknown[] = [];
    await apiLines('/api/x', { json: { url: 'u' } }, (l) => lines.push(l));
    expect(lines).toEqual([{ step: 1 }, { step: 2 }, { done: true }]);
    expect(fetch).toHaveBeenCalledWith('/api/x', expect.objectContaining({ method: 'POST', body: '{"url":"u"}' }));
  });

  it('turns an error envelope into an ApiError with its fields', async () => {
    const envelope = { error: { key: 'debugger.gen.keyRequired', message: 'Type the key', fields: { key: 'Type the key' } } };
    vi.stubGlobal('fetch', vi.fn(async () => Response.json(envelope, { status: 400 })));
    const err = await apiLines('/api/x', {}, () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, key: 'debugger.gen.keyRequired', fields: { key: 'Type the key' } });
  });

  it('says the server is unreachable, in the reader\'s language', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))));
    const err = (await apiLines('/api/x', { locale: 'zh' }, () => undefined).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(0);
    expect(err.message).not.toMatch(/[A-Za-z]{4}/);
  });
});
