import { NextResponse, type NextRequest } from 'next/server';
import { beginSignOn, flowCookieName, flowCookiePath, FLOW_TTL_MS } from '@/lib/kit/sso';
import { ssoDeps, ssoTenant, tenantPageUrl } from '@/lib/kit/ssoRoute';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** GET /t/{tenantId}/sso?tenant=<kit tenantId>&app=<appId>: "Sign in with Huawei Cloud" (lib/kit/sso.ts beginSignOn). */
export async function GET(req: NextRequest, { params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const rt = await getRuntime();
  const tenant = await ssoTenant(rt, tenantId);
  if (!tenant) return new NextResponse('Not found', { status: 404 });
  const kitTenantId = req.nextUrl.searchParams.get('tenant') ?? '';
  const appId = req.nextUrl.searchParams.get('app') ?? '';
  if (!kitTenantId || !appId || kitTenantId.length > 64 || appId.length > 64) {
    return NextResponse.redirect(tenantPageUrl(rt.config.publicUrl, tenantId, 'app_missing'), 303);
  }
  const begun = await beginSignOn(ssoDeps(rt), tenant, kitTenantId, appId);
  if ('refusal' in begun) return NextResponse.redirect(tenantPageUrl(rt.config.publicUrl, tenantId, begun.refusal), 303);
  const res = NextResponse.redirect(begun.ok.authorizationUrl, 303);
  res.cookies.set(flowCookieName(tenantId), begun.ok.flowCookie, {
    httpOnly: true,
    sameSite: 'lax',
    secure: rt.config.publicUrl.startsWith('https:'),
    path: flowCookiePath(tenantId),
    maxAge: FLOW_TTL_MS / 1000,
  });
  res.headers.set('Cache-Control', 'no-store');
  return res;
}
