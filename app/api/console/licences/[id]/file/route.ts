import { consoleRoute, errorResponse } from '@/lib/console/route';
import { LICENCE_ROLE, uploadLicence } from '@/lib/licences/actions';
import { LICENCE_FILE_MAX_BYTES } from '@/lib/licences/validation';
import { fieldRefusal, refusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/** Room for the multipart envelope around the file. */
const ENVELOPE = 64 * 1024;

/**
 * POST /api/console/licences/:id/file (multipart/form-data, part "file", at most 1 MiB) — upload a licence file.
 *
 * The one console route that takes multipart rather than JSON: it is how a browser sends a file (FormData), streamed
 * as bytes rather than a third larger as base64 inside JSON. A cross-site form can post multipart without a CORS
 * preflight, so here the same-origin rule (proxy.ts and consoleRoute, lib/http/origin.ts) is the protection, as it is
 * for every state-changing request; consoleRoute refuses any other content type with 415.
 */
export const POST = consoleRoute<{ id: string }>(
  { role: LICENCE_ROLE.issue, bodyType: 'multipart/form-data', audit: 'licence.upload', recordedBy: 'domain', target: ({ id }) => `licence/${id.slice(0, 40)}` },
  async ({ req, runtime, user, params, locale }) => {
    const declared = Number(req.headers.get('content-length') ?? NaN);
    const tooBig = () => errorResponse(fieldRefusal('file', 'errors.licence.tooBig', { max: LICENCE_FILE_MAX_BYTES / 1024 / 1024 }), locale, 413);
    // refuse an oversized body before reading it
    if (Number.isFinite(declared) && declared > LICENCE_FILE_MAX_BYTES + ENVELOPE) return tooBig();
    const form = await req.formData().catch(() => null);
    if (!form) return refusal('invalid', 'errors.licence.multipart');
    const file = form.get('file');
    if (!file || typeof file === 'string') return fieldRefusal('file', 'errors.licence.noFile');
    if (file.size > LICENCE_FILE_MAX_BYTES) return tooBig();
    return uploadLicence(runtime.pool, user, params.id, { name: file.name, content: Buffer.from(await file.arrayBuffer()) });
  },
);
