import { LicencePublicKey } from '@/components/licences/LicencePublicKey';
import Link from 'next/link';
import { Card } from '@/components/ui';
import alertMessages from '@/lib/i18n/messages/alerts';
import { requireUser } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { getRuntime } from '@/lib/runtime';
import { keyStatuses } from '@/lib/settings';
import { getT } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/settings';
import { ApiKeys } from './ApiKeys';
import { KeysTable } from './KeysTable';
import { KitPublicKey } from './KitPublicKey';

export const dynamic = 'force-dynamic';

/** Configuration as the app sees it; secrets masked with a fingerprint to compare against the Seller Center. */
export default async function SettingsPage() {
  const user = await requireUser('viewer');
  const rt = await getRuntime();
  const t = await getT(messages);
  const ta = await getT(alertMessages);
  return (
    <main className="max-w-4xl space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <Card title={t('productionUrl')} description={t('httpsNote')}>
        <code className="block break-all rounded bg-slate-100 px-3 py-2 text-sm">{rt.config.publicUrl}/api/produce</code>
      </Card>
      <section aria-labelledby="keys-h" className="space-y-3">
        <h2 id="keys-h" className="font-medium">
          {t('keys')}
        </h2>
        <KeysTable keys={keyStatuses(rt.config)} />
      </section>
      <LicencePublicKey />
      {hasRole(user.role, 'admin') && <KitPublicKey />}
      {hasRole(user.role, 'admin') && <ApiKeys />}
      {hasRole(user.role, 'admin') && (
        <Card title={ta('settings.title')} description={ta('settings.intro', { minutes: rt.config.alertDigestMinutes })}>
          <Link href="/settings/alerts" className="text-sm font-medium text-red-800 underline">
            {ta('page.configure')}
          </Link>
        </Card>
      )}
      <Card title={t('services')}>
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-6 gap-y-1 text-sm [&>dd]:break-all">
          <dt className="text-slate-500">{t('database')}</dt>
          <dd>{rt.databaseKind === 'embedded' ? t('embeddedIn', { dir: rt.config.dataDir }) : t('postgres')}</dd>
          <dt className="text-slate-500">{t('marketplaceApi')}</dt>
          <dd>{rt.emulatorUrl ? t('emulatorAt', { url: rt.emulatorUrl }) : <span translate="no">{rt.openApi.base}</span>}</dd>
          <dt className="text-slate-500">{t('provisioner')}</dt>
          <dd translate="no">
            {rt.provisioner.name}
            {rt.config.provisioner === 'webhook' && rt.config.webhookUrl ? ` → ${rt.config.webhookUrl}` : ''}
          </dd>
        </dl>
      </Card>
    </main>
  );
}
