import { httpError, withRole } from '@/lib/auth/guard';
import { uploadLicence } from '@/lib/licences/actions';
import { licenceErrorBody } from '@/lib/licences/errors';
import { LICENCE_FILE_MAX_BYTES } from '@/lib/licences/validation';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** Room for the multipart envelope around the file. */
const ENVELOPE = 64 * 1024;

/**
 * POST /api/console/licences/:id/file (multipart/form-data, part "file", at most 1 MiB) — upload a licence file.
 *
 * The one console route that takes multipart rather than JSON: it is how a browser sends a file (FormData), streamed
 * as bytes rather than a third larger as base64 inside JSON. A cross-site form can post multipart without a CORS
 * preflight, so here the same-origin rule (proxy.ts and withRole, lib/http/origin.ts) is the protection, as it is for
 * every state-changing request; withRole refuses any other content type with 415.
 */
export const POST = withRole('viewer', async (req, user, ctx: Ctx) => {
  const { id } = await ctx.params;
  const declared = Number(req.headers.get('content-length') ?? NaN);
  const tooBig = () => httpError(413, 'licence.tooBig', { max: LICENCE_FILE_MAX_BYTES / 1024 / 1024 });
  // refuse an oversized body before reading it
  if (Number.isFinite(declared) && declared > LICENCE_FILE_MAX_BYTES + ENVELOPE) throw tooBig();
  const form = await req.formData().catch(() => null);
  if (!form) throw httpError(400, 'licence.multipart');
  const file = form.get('file');
  if (!file || typeof file === 'string') throw httpError(400, 'licence.noFile');
  if (file.size > LICENCE_FILE_MAX_BYTES) throw tooBig();
  const rt = await getRuntime();
  const r = await uploadLicence(rt.pool, user, id, { name: file.name, content: Buffer.from(await file.arrayBuffer()) });
  if (!r.ok) return Response.json(licenceErrorBody(r, user.locale), { status: r.httpStatus });
  const { ok: _ok, ...rest } = r;
  return Response.json(rest);
}, { body: 'multipart/form-data' });
