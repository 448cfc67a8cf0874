import { NextResponse, type NextRequest } from 'next/server';
import { completeSignOn, flowCookieName, flowCookiePath } from '@/lib/kit/sso';
import { ssoDeps, ssoTenant, tenantPageUrl } from '@/lib/kit/ssoRoute';
import { getRuntime } from '@/lib/runtime';
import { tenantCookieName, tenantCookieOptions } from '@/lib/tenants/session';

export const dynamic = 'force-dynamic';

/** GET /t/{tenantId}/sso/callback: the redirect URI registered at the tenant's IdP (lib/kit/sso.ts completeSignOn). */
export async function GET(req: NextRequest, { params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const rt = await getRuntime();
  const tenant = await ssoTenant(rt, tenantId);
  if (!tenant) return new NextResponse('Not found', { status: 404 });
  const done = await completeSignOn(
    ssoDeps(rt),
    tenant,
    req.nextUrl.searchParams,
    req.cookies.get(flowCookieName(tenantId))?.value,
  );
  const res = NextResponse.redirect(tenantPageUrl(rt.config.publicUrl, tenantId, 'refusal' in done ? done.refusal : undefined), 303);
  // the flow is spent either way
  res.cookies.set(flowCookieName(tenantId), '', { path: flowCookiePath(tenantId), maxAge: 0 });
  if ('ok' in done) {
    res.cookies.set(tenantCookieName(tenantId), done.ok.sessionCookie, tenantCookieOptions(rt.config.publicUrl, tenantId));
  }
  res.headers.set('Cache-Control', 'no-store');
  return res;
}
