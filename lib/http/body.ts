/**
 * Reads a request body's bytes, giving up (undefined) beyond `max` bytes without buffering the rest. The bytes, not
 * text: a signature is over the bytes sent, and a caller refused before its body is read as text costs less.
 */
export async function readBodyLimited(req: Request, max: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) return undefined;
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function clientAddress(req: Request): string | undefined {
  const fwd = req.headers.get('x-forwarded-for');
  return fwd?.split(',')[0]?.trim() || req.headers.get('x-real-ip') || undefined;
}

export function headersObject(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => (out[k] = v));
  return out;
}

/** The media type of a Content-Type header, lower case, without parameters: `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | null | undefined): string | undefined {
  const t = contentType?.split(';')[0]?.trim().toLowerCase();
  return t ? t : undefined;
}

/** Whether a request carries a body: a non-zero Content-Length, or a chunked one. */
export function hasBody(headers: { get(name: string): string | null }): boolean {
  const length = headers.get('content-length');
  if (length !== null && length.trim() !== '' && Number(length) !== 0) return true;
  return headers.get('transfer-encoding') !== null;
}
