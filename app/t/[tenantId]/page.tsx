import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { getRuntime } from '@/lib/runtime';
import { findTenant } from '@/lib/tenants/queries';
import { tenantCookieName, verifyTenantCookie } from '@/lib/tenants/session';
import { signOutTenant } from './actions';
import { SignInForm } from './SignInForm';

export const dynamic = 'force-dynamic';

const STATUS_TEXT: Record<string, string> = {
  provisioning: 'Being set up',
  active: 'Active',
  frozen: 'Frozen: the subscription has expired. Renew it in Huawei Cloud Marketplace to continue.',
  released: 'Released: this subscription has ended.',
  failed: 'Set-up failed. The seller has been notified.',
};

/** The tenant page the built-in provisioner hands out as appInfo.frontEndUrl. */
export default async function TenantPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const rt = await getRuntime();
  const tenant = await findTenant(rt.prisma, tenantId);
  if (!tenant) notFound();
  const signedIn = verifyTenantCookie(rt.secrets.sessionSecret, tenantId, (await cookies()).get(tenantCookieName(tenantId))?.value);
  const i = tenant.instance;
  return (
    <main className="mx-auto max-w-lg px-4 py-12">
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-sm text-slate-500">Tenant</p>
        <h1 className="text-2xl font-semibold">{tenant.name}</h1>
        <p className="mt-2 text-sm" data-testid="tenant-status">
          Status: <strong>{STATUS_TEXT[i.status] ?? i.status}</strong>
        </p>
        {i.status === 'released' ? (
          <p className="mt-6 text-sm text-slate-600">This tenant&apos;s data is no longer available.</p>
        ) : !signedIn ? (
          <SignInForm tenantId={tenantId} />
        ) : (
          <section className="mt-6 space-y-2 text-sm" aria-label="Subscription">
            <p>
              Signed in as <strong>{tenant.adminUser}</strong>
            </p>
            <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 [&>dd]:break-all">
              <dt className="text-slate-500">Instance</dt>
              <dd className="break-all">{i.id}</dd>
              <dt className="text-slate-500">Product</dt>
              <dd>{i.productId ?? '—'}</dd>
              <dt className="text-slate-500">SKU</dt>
              <dd>{i.skuCode ?? '—'}</dd>
              <dt className="text-slate-500">Linear value</dt>
              <dd>{i.linearValue ?? '—'}</dd>
              <dt className="text-slate-500">Expires</dt>
              <dd>{i.expireTime ? i.expireTime.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—'}</dd>
            </dl>
            <form action={signOutTenant.bind(null, tenantId)}>
              <button className="mt-4 rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-100">Sign out</button>
            </form>
          </section>
        )}
      </div>
    </main>
  );
}
