import { httpError, withRole } from '@/lib/auth/guard';
import { confirmDelivery, generateLicence, recordDecision } from '@/lib/licences/actions';
import { licenceErrorBody } from '@/lib/licences/errors';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/**
 * POST /api/console/licences/:id/actions
 *   {"action": "generate"}                                               a signed licence key
 *   {"action": "deliver", "serviceStartTime": "<ISO 8601>", "note": "…"}  confirm delivery
 *   {"action": "decide", "decision": "accepted" | "rejected", "decidedAt"?: "<ISO 8601>", "note": "…"}
 * Each action checks the role it needs (support) and audits the attempt, denied ones too.
 */
export const POST = withRole('viewer', async (req, user, ctx: Ctx) => {
  const { id } = await ctx.params;
  const body = (await req.json().catch(() => null)) as Record<string, unknown> | null;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw httpError(400, 'licence.body');
  const rt = await getRuntime();
  let r;
  switch (body.action) {
    case 'generate':
      r = await generateLicence(rt.pool, rt.secrets.licenceSigningKey, user, id);
      break;
    case 'deliver':
      r = await confirmDelivery(rt.pool, user, id, body);
      break;
    case 'decide':
      r = await recordDecision(rt.pool, user, id, body);
      break;
    default:
      throw httpError(400, 'licence.action');
  }
  if (!r.ok) return Response.json(licenceErrorBody(r, user.locale), { status: r.httpStatus });
  const { ok: _ok, ...rest } = r;
  return Response.json(rest);
});
