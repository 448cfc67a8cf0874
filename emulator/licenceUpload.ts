import { createHash } from 'node:crypto';
import { UPLOAD_CHARACTERS_MAX } from '../lib/openapi/types';

/**
 * The marketplace's licence upload (spec §9.2 字符串/文件流上传, CN:zh-cn_topic_0070649351) as the emulator plays it:
 * POST …/global/v1/market-event/{event_id}/file, multipart/form-data with the JSON part `isvUpdateFileReq`
 * `{type, file_name, sha256, characters}` and, for a FILE, the part `file`. Checked field by field against the spec's
 * table (type CHARACTERS | FILE; file_name ≤ 1024 and sha256 required for a FILE, the sha256 matching the file;
 * characters ≤ 1024 required for CHARACTERS); `MKT.0000` on success, `MKT.0199` (HTTP 400) naming the field
 * otherwise [inferred: the pages give only the success code]. Every upload is kept per event: a later one does not
 * replace the first, so tests see repeats.
 */
export interface UploadedLicence {
  /** ISO time it arrived */
  at: string;
  type: 'FILE' | 'CHARACTERS';
  fileName?: string;
  /** the sha256 the form gave (FILE) */
  sha256?: string;
  characters?: string;
  /** a FILE's content, base64 */
  contentBase64?: string;
  size: number;
  ak: string;
}

export interface UploadAnswer {
  status: number;
  json: unknown;
  note?: string;
}

const refuse = (msg: string): UploadAnswer => ({ status: 400, json: { error_code: 'MKT.0199', error_msg: msg }, note: msg });

/** The event id of an upload path, or undefined. */
export function uploadEventId(path: string, prefix: string): string | undefined {
  if (!path.startsWith(prefix) || !path.endsWith('/file')) return undefined;
  const raw = path.slice(prefix.length, -'/file'.length);
  if (!raw || raw.includes('/')) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

export async function receiveUpload(
  store: Map<string, UploadedLicence[]>,
  input: { eventId: string; contentType: string | undefined; body: Buffer; ak: string; now: Date },
): Promise<UploadAnswer> {
  if (input.eventId.length > 64) return refuse('event_id is longer than 64 characters');
  if (!input.contentType || !/^multipart\/form-data;\s*boundary=/i.test(input.contentType)) return refuse('Content-Type must be multipart/form-data with a boundary');
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(input.body), { headers: { 'content-type': input.contentType } }).formData();
  } catch {
    return refuse('body is not multipart/form-data');
  }
  const reqPart = form.get('isvUpdateFileReq');
  if (reqPart === null) return refuse('isvUpdateFileReq is required');
  let req: Record<string, unknown>;
  try {
    const text = typeof reqPart === 'string' ? reqPart : await reqPart.text();
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return refuse('isvUpdateFileReq must be a JSON object');
    req = v as Record<string, unknown>;
  } catch {
    return refuse('isvUpdateFileReq is not JSON');
  }
  const str = (k: string) => (typeof req[k] === 'string' && req[k] !== '' ? (req[k] as string) : undefined);
  const at = input.now.toISOString();
  let uploaded: UploadedLicence;
  if (req.type === 'CHARACTERS') {
    const characters = str('characters');
    if (!characters) return refuse('characters is required for type CHARACTERS');
    if (characters.length > UPLOAD_CHARACTERS_MAX) return refuse(`characters is longer than ${UPLOAD_CHARACTERS_MAX} characters`);
    uploaded = { at, type: 'CHARACTERS', characters, size: Buffer.byteLength(characters, 'utf8'), ak: input.ak };
  } else if (req.type === 'FILE') {
    const fileName = str('file_name');
    const sha256 = str('sha256');
    if (!fileName) return refuse('file_name is required for type FILE');
    if (fileName.length > 1024) return refuse('file_name is longer than 1024 characters');
    if (!sha256) return refuse('sha256 is required for type FILE');
    const file = form.get('file');
    if (file === null || typeof file === 'string') return refuse('file is required for type FILE');
    const content = Buffer.from(await file.arrayBuffer());
    if (content.length === 0) return refuse('file is empty');
    const actual = createHash('sha256').update(content).digest('hex');
    if (actual !== sha256.toLowerCase()) return refuse(`sha256 does not match the file (its SHA-256 is ${actual})`);
    uploaded = { at, type: 'FILE', fileName, sha256, contentBase64: content.toString('base64'), size: content.length, ak: input.ak };
  } else {
    return refuse('type must be FILE or CHARACTERS');
  }
  const list = store.get(input.eventId) ?? [];
  list.push(uploaded);
  store.set(input.eventId, list);
  return { status: 200, json: { error_code: 'MKT.0000', error_msg: 'success' }, note: `${uploaded.type} stored for event ${input.eventId}` };
}
