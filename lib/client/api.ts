import { translator, type Locale } from '../i18n/core';
import messages from '../i18n/messages/errors';

/**
 * The console's one client for its own API (issue 7): speaks the error envelope `{ error: { key, message, fields? } }`
 * of lib/console/route.ts. Every console view reaches the server through the react-query hooks of lib/client/hooks,
 * which call this; no view calls fetch itself (tests/unit/console/client.test.ts).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    message: string,
    /** field → what is wrong with it, for a form to show beside the field */
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** sent as JSON */
  json?: unknown;
  /** sent as multipart/form-data (an upload) */
  form?: FormData;
  /** the reader's language, for the messages this module makes itself */
  locale?: Locale;
  signal?: AbortSignal;
}

/** Reads the envelope of a non-2xx answer; an answer without one (a proxy's error page) gets a message of its own. */
export async function errorOf(res: Response, locale: Locale = 'en'): Promise<ApiError> {
  const t = translator(messages, locale);
  if (res.status === 401) return new ApiError(401, 'errors.sessionEnded', t('sessionEnded'));
  const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
  const e = body?.error;
  if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') {
    const { key, message, fields } = e as { key?: string; message: string; fields?: Record<string, string> };
    return new ApiError(res.status, key ?? 'errors.unknown', message, fields);
  }
  return new ApiError(res.status, 'errors.serverAnswered', t('serverAnswered', { status: res.status }));
}

/** fetch, with an unreachable server as an ApiError (status 0); an abort stays an abort. */
async function send(url: string, init: RequestInit, locale: Locale): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'errors.unreachable', translator(messages, locale)('unreachable'));
  }
}

/** One request to the console API: the JSON answer, or an ApiError. */
export async function api<T>(url: string, req: ApiRequest = {}): Promise<T> {
  const { method = req.json !== undefined || req.form ? 'POST' : 'GET', locale = 'en' } = req;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.json !== undefined) headers['content-type'] = 'application/json';
  const res = await send(url, { method, headers, body: req.form ?? (req.json !== undefined ? JSON.stringify(req.json) : undefined), signal: req.signal }, locale);
  if (!res.ok) throw await errorOf(res, locale);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/**
 * A request whose answer is NDJSON, one JSON value a line, read as it arrives (the debugger's lifecycle reports each
 * step as it ends): `onLine` gets every line; resolves when the answer ends. A non-2xx answer is an ApiError, as in api().
 */
export async function apiLines<L>(url: string, req: ApiRequest, onLine: (line: L) => void): Promise<void> {
  const locale = req.locale ?? 'en';
  const headers = { accept: 'application/x-ndjson', 'content-type': 'application/json' };
  const res = await send(url, { method: req.method ?? 'POST', headers, body: JSON.stringify(req.json ?? {}), signal: req.signal }, locale);
  if (!res.ok || !res.body) throw await errorOf(res, locale);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffer += value;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line) onLine(JSON.parse(line) as L);
    }
    if (done) break;
  }
  if (buffer.trim()) onLine(JSON.parse(buffer) as L);
}

/** A path with its query: empty values are left out. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}
