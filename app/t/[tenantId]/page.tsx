import { cookies, headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { chooseLocale, LOCALE_COOKIE, translator } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/tenantPage';
import { isSsoRefusal, listSignOnApps, recheckSession, type SsoRefusal } from '@/lib/kit/sso';
import { getRuntime } from '@/lib/runtime';
import { findTenant } from '@/lib/tenants/queries';
import { readTenantCookie, tenantCookieName } from '@/lib/tenants/session';
import { signOutTenant } from './actions';
import { SignInForm } from './SignInForm';

export const dynamic = 'force-dynamic';

const STATUSES = ['provisioning', 'active', 'frozen', 'released', 'failed'] as const;

/**
 * The tenant page the built-in provisioner hands out as appInfo.frontEndUrl: the admin's user name and password
 * form, and — when the instance has a joint-operation kit tenant with a live application — "Sign in with Huawei
 * Cloud" (lib/kit/sso.ts). The buyer's page: English or Chinese by the locale cookie, else Accept-Language.
 */
export default async function TenantPage({ params, searchParams }: { params: Promise<{ tenantId: string }>; searchParams: Promise<{ sso?: string | string[] }> }) {
  const { tenantId } = await params;
  const { sso } = await searchParams;
  const rt = await getRuntime();
  const tenant = await findTenant(rt.prisma, tenantId);
  if (!tenant) notFound();
  const jar = await cookies();
  const t = translator(messages, chooseLocale(null, jar.get(LOCALE_COOKIE)?.value, (await headers()).get('accept-language')));
  const i = tenant.instance;
  let session = readTenantCookie(rt.secrets.sessionSecret, tenantId, jar.get(tenantCookieName(tenantId))?.value);
  let refusal: SsoRefusal | undefined = isSsoRefusal(sso) ? sso : undefined;
  // an IdP user is checked against the directory on every view: cancelled since signing in means signed out
  if (session?.via === 'huawei') {
    const now = await recheckSession(rt.prisma, i.id, session);
    if (now) [session, refusal] = [undefined, now];
  }
  const apps = i.status === 'released' || session ? [] : await listSignOnApps(rt.prisma, i.id);
  const status = (STATUSES as readonly string[]).includes(i.status) ? t(`status.${i.status as (typeof STATUSES)[number]}`) : i.status;
  return (
    <main className="mx-auto max-w-lg px-4 py-12">
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-sm text-slate-500">{t('tenant')}</p>
        <h1 className="break-words text-2xl font-semibold">{tenant.name}</h1>
        <p className="mt-2 text-sm" data-testid="tenant-status">
          {t('status')} <strong>{status}</strong>
        </p>
        {refusal && !session && (
          <div role="alert" aria-label={t('ssoRefusedTitle')} data-testid="sso-refusal" className="mt-4 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            <p className="font-medium">{t('ssoRefusedTitle')}</p>
            <p className="mt-1">{t(`sso.${refusal}`)}</p>
          </div>
        )}
        {i.status === 'released' ? (
          <p className="mt-6 text-sm text-slate-600">{t('releasedData')}</p>
        ) : !session ? (
          <>
            {apps.length > 0 && (
              <div className="mt-6 space-y-2">
                {apps.map((a) => (
                  <a
                    key={`${a.kitTenantId}/${a.appId}`}
                    href={`/t/${encodeURIComponent(tenantId)}/sso?tenant=${encodeURIComponent(a.kitTenantId)}&app=${encodeURIComponent(a.appId)}`}
                    className="block w-full break-words rounded border border-red-700 bg-white px-4 py-2 text-center font-medium text-red-700 hover:bg-red-50"
                  >
                    {apps.length > 1 ? t('ssoFor', { appId: a.appId }) : t('sso')}
                  </a>
                ))}
                <p className="pt-2 text-center text-xs text-slate-500">{t('or')}</p>
              </div>
            )}
            <SignInForm
              tenantId={tenantId}
              texts={{ userName: t('userName'), password: t('password'), signIn: t('signIn'), signingIn: t('signingIn') }}
              className={apps.length > 0 ? 'mt-2' : 'mt-6'}
            />
          </>
        ) : (
          <section className="mt-6 space-y-2 text-sm" aria-label="Subscription">
            <p>
              {t('signedInAs')} <strong>{session.via === 'huawei' ? session.userName : tenant.adminUser}</strong>
              {session.via === 'huawei' && <> {t('viaHuawei')}</>}
            </p>
            <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 [&>dd]:break-all">
              {session.via === 'huawei' && (
                <>
                  <dt className="text-slate-500">{t('application')}</dt>
                  <dd>{session.appId}</dd>
                </>
              )}
              <dt className="text-slate-500">{t('instance')}</dt>
              <dd className="break-all">{i.id}</dd>
              <dt className="text-slate-500">{t('product')}</dt>
              <dd>{i.productId ?? '—'}</dd>
              <dt className="text-slate-500">{t('sku')}</dt>
              <dd>{i.skuCode ?? '—'}</dd>
              <dt className="text-slate-500">{t('linearValue')}</dt>
              <dd>{i.linearValue ?? '—'}</dd>
              <dt className="text-slate-500">{t('expires')}</dt>
              <dd>{i.expireTime ? i.expireTime.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—'}</dd>
            </dl>
            <form action={signOutTenant.bind(null, tenantId)}>
              <button className="mt-4 rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-100">{t('signOut')}</button>
            </form>
          </section>
        )}
      </div>
    </main>
  );
}
