import { randomBytes } from 'node:crypto';

/**
 * A multipart/form-data body (RFC 7578) built here rather than by fetch's FormData, so that the bytes sent are known
 * before sending: the call log records what went out (lib/openapi/client.ts), and the licence upload (spec §9.2,
 * market-event/{event_id}/file) names its parts exactly as the marketplace reads them.
 */
export interface MultipartPart {
  name: string;
  contentType: string;
  content: Buffer | string;
  /** a file part's file name (Content-Disposition filename) */
  fileName?: string;
}

export interface MultipartBody {
  /** the header value to send: multipart/form-data; boundary=… */
  contentType: string;
  boundary: string;
  bytes: Buffer;
}

/** Quoted-string for a Content-Disposition parameter: quotes, backslashes and line breaks escaped (RFC 7578 §4.2). */
function quoted(v: string): string {
  return '"' + v.replace(/[\\"]/g, (c) => '\\' + c).replace(/\r/g, '%0D').replace(/\n/g, '%0A') + '"';
}

export function buildMultipart(parts: MultipartPart[], boundary = `----koogallery${randomBytes(12).toString('hex')}`): MultipartBody {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name=${quoted(p.name)}${p.fileName !== undefined ? `; filename=${quoted(p.fileName)}` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${p.contentType}\r\n\r\n`, 'utf8'));
    chunks.push(typeof p.content === 'string' ? Buffer.from(p.content, 'utf8') : p.content);
    chunks.push(Buffer.from('\r\n', 'utf8'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { contentType: `multipart/form-data; boundary=${boundary}`, boundary, bytes: Buffer.concat(chunks) };
}
