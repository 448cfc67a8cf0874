import { LicencePublicKey } from '@/components/licences/LicencePublicKey';
import { requireUser } from '@/lib/auth/guard';
import { getRuntime } from '@/lib/runtime';
import { keyStatuses } from '@/lib/settings';
import { getT } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/settings';

type Purpose = Extract<keyof (typeof messages)['en'], `purpose.${string}`>;

export const dynamic = 'force-dynamic';

/** Configuration as the app sees it; secrets masked with a fingerprint to compare against the Seller Center. */
export default async function SettingsPage() {
  await requireUser('viewer');
  const rt = await getRuntime();
  const keys = keyStatuses(rt.config);
  const t = await getT(messages);
  // a variable without a translated purpose (one added later) shows the English one from lib/settings
  const purpose = (k: { variable: string; purpose: string }) => (Object.hasOwn(messages.en, `purpose.${k.variable}`) ? t(`purpose.${k.variable}` as Purpose) : k.purpose);
  const fallback = (f: string) => (f === 'built-in emulator' ? t('emulator') : f);
  return (
    <main className="max-w-4xl space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-label={t('productionUrlRegion')}>
        <h2 className="font-medium">{t('productionUrl')}</h2>
        <code className="mt-2 block break-all rounded bg-slate-100 px-3 py-2 text-sm">{rt.config.publicUrl}/api/produce</code>
        <p className="mt-2 text-sm text-slate-600">{t('httpsNote')}</p>
      </section>
      <section className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" aria-label={t('keys')}>
        <h2 className="px-6 pt-6 font-medium">{t('keys')}</h2>
        <table className="mt-3 w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-6 py-2 font-medium">{t('col.variable')}</th>
              <th className="px-6 py-2 font-medium">{t('col.usedFor')}</th>
              <th className="px-6 py-2 font-medium">{t('col.value')}</th>
              <th className="whitespace-nowrap px-6 py-2 font-medium">{t('col.fingerprint')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.variable} className="border-t border-slate-100">
                <td className="px-6 py-2 font-mono text-xs">{k.variable}</td>
                <td className="px-6 py-2 text-slate-600">{purpose(k)}</td>
                <td className="px-6 py-2">
                  {k.configured ? <code>{k.masked}</code> : <span className="text-slate-500">{k.fallback ? t('notSetUses', { fallback: fallback(k.fallback) }) : t('notSet')}</span>}
                </td>
                <td className="px-6 py-2 font-mono text-xs">{k.fingerprint ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <LicencePublicKey />
      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-label={t('services')}>
        <h2 className="font-medium">{t('services')}</h2>
        <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-6 gap-y-1 text-sm [&>dd]:break-all">
          <dt className="text-slate-500">{t('database')}</dt>
          <dd>{rt.databaseKind === 'embedded' ? t('embeddedIn', { dir: rt.config.dataDir }) : t('postgres')}</dd>
          <dt className="text-slate-500">{t('marketplaceApi')}</dt>
          <dd>{rt.emulatorUrl ? t('emulatorAt', { url: rt.emulatorUrl }) : rt.openApi.base}</dd>
          <dt className="text-slate-500">{t('provisioner')}</dt>
          <dd>
            {rt.provisioner.name}
            {rt.config.provisioner === 'webhook' && rt.config.webhookUrl ? ` → ${rt.config.webhookUrl}` : ''}
          </dd>
        </dl>
      </section>
    </main>
  );
}
