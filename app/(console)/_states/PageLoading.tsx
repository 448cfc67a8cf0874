import { StatePanel } from '@/components/ui';
import calls from '@/lib/i18n/messages/calls';
import instances from '@/lib/i18n/messages/instances';
import licences from '@/lib/i18n/messages/licences';
import tenants from '@/lib/i18n/messages/tenants';
import ui from '@/lib/i18n/messages/ui';
import usage from '@/lib/i18n/messages/usage';
import { getT } from '@/lib/i18n/server';

/**
 * What a console section shows while its page streams in: the section's heading (lists) and the kit's loading panel.
 * Each folder's loading.tsx re-exports its section's component from here.
 */
function PageLoading({ title, text }: { title?: string; text: string }) {
  return (
    <main aria-busy="true">
      {title && <h1 className="text-2xl font-semibold">{title}</h1>}
      <StatePanel state="loading" loading={text} className={title ? 'mt-6' : undefined} />
    </main>
  );
}

export async function CallsLoading() {
  const t = await getT(calls);
  return <PageLoading title={t('title')} text={t('loadingCalls')} />;
}

export async function InstancesLoading() {
  const t = await getT(instances);
  return <PageLoading title={t('title')} text={t('loadingPage')} />;
}

export async function InstanceLoading() {
  const t = await getT(instances);
  return <PageLoading text={t('loadingInstance')} />;
}

export async function LicencesLoading() {
  const [t, u] = await Promise.all([getT(licences), getT(ui)]);
  return <PageLoading title={t('title')} text={u('loading')} />;
}

export async function LicenceLoading() {
  const u = await getT(ui);
  return <PageLoading text={u('loading')} />;
}

export async function UsageLoading() {
  const [t, u] = await Promise.all([getT(usage), getT(ui)]);
  return <PageLoading title={t('title')} text={u('loading')} />;
}

export async function TenantsLoading() {
  const [t, u] = await Promise.all([getT(tenants), getT(ui)]);
  return <PageLoading title={t('title')} text={u('loading')} />;
}
