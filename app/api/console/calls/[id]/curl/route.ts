import { reproduceInbound } from '@/lib/calls/curl';
import { getCall } from '@/lib/calls/queries';
import { consoleRoute } from '@/lib/console/route';
import { isRefusal, refusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/**
 * GET /api/console/calls/:id/curl: a curl command replaying an inbound call with a fresh signature (valid 60 s).
 * A signed command can change instances, so it needs the support role (support "views and re-invokes"), and every
 * one handed out is in the audit log. The key never leaves the server.
 */
export const GET = consoleRoute<{ id: string }>({ role: 'support', audit: 'call.curl', target: ({ id }) => `call:${id}` }, async ({ runtime, params: { id }, audit }) => {
  const call = await getCall(runtime.pool, id);
  if (!call) return refusal('notFound', 'calls.err.notFound', { id });
  const out = reproduceInbound(call, runtime.config);
  if (isRefusal(out)) return out;
  audit({ detail: { activity: call.activity, key: out.keyLabel } });
  return Response.json({ curl: out.curl, keyLabel: out.keyLabel, signedAt: out.signedAt, validUntil: out.validUntil }, { headers: { 'cache-control': 'no-store' } });
});
