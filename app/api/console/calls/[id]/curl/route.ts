import { audit } from '@/lib/audit/actions';
import { HttpError, withRole } from '@/lib/auth/guard';
import { reproduceInbound } from '@/lib/calls/curl';
import { getCall } from '@/lib/calls/queries';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/**
 * GET /api/console/calls/:id/curl: a curl command replaying an inbound call with a fresh signature (valid 60 s).
 * A signed command can change instances, so it needs the support role (support "views and re-invokes"), and every
 * one handed out is in the audit log. The key never leaves the server.
 */
export const GET = withRole('support', async (_req, user, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const rt = await getRuntime();
  const call = await getCall(rt.pool, id);
  if (!call) throw new HttpError(404, `No call ${id}.`);
  const out = reproduceInbound(call, rt.config);
  if (!out.ok) throw new HttpError(out.status, out.message);
  await audit(rt.pool, { user, action: 'call.curl', target: `call:${id}`, outcome: 'success', detail: { activity: call.activity, key: out.keyLabel } });
  return Response.json({ curl: out.curl, keyLabel: out.keyLabel, signedAt: out.signedAt, validUntil: out.validUntil }, { headers: { 'cache-control': 'no-store' } });
});
