import { LicencePublicKey } from '@/components/licences/LicencePublicKey';
import { requireUser } from '@/lib/auth/guard';
import { getRuntime } from '@/lib/runtime';
import { keyStatuses } from '@/lib/settings';

export const dynamic = 'force-dynamic';

/** Configuration as the app sees it; secrets masked with a fingerprint to compare against the Seller Center. */
export default async function SettingsPage() {
  await requireUser('viewer');
  const rt = await getRuntime();
  const keys = keyStatuses(rt.config);
  return (
    <main className="max-w-4xl space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-label="Production URL">
        <h2 className="font-medium">Production URL to register in the Seller Center</h2>
        <code className="mt-2 block break-all rounded bg-slate-100 px-3 py-2 text-sm">{rt.config.publicUrl}/api/produce</code>
        <p className="mt-2 text-sm text-slate-600">
          The marketplace requires HTTPS with a publicly trusted certificate on a domain name (spec §2); set PUBLIC_URL to that address.
        </p>
      </section>
      <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" aria-label="Keys">
        <h2 className="px-6 pt-6 font-medium">Keys</h2>
        <table className="mt-3 w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-6 py-2 font-medium">Variable</th>
              <th className="px-6 py-2 font-medium">Used for</th>
              <th className="px-6 py-2 font-medium">Value</th>
              <th className="px-6 py-2 font-medium">SHA-256 fingerprint</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.variable} className="border-t border-slate-100">
                <td className="px-6 py-2 font-mono text-xs">{k.variable}</td>
                <td className="px-6 py-2 text-slate-600">{k.purpose}</td>
                <td className="px-6 py-2">
                  {k.configured ? <code>{k.masked}</code> : <span className="text-slate-500">not set{k.fallback ? ` (uses ${k.fallback})` : ''}</span>}
                </td>
                <td className="px-6 py-2 font-mono text-xs">{k.fingerprint ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <LicencePublicKey />
      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-label="Services">
        <h2 className="font-medium">Services</h2>
        <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-6 gap-y-1 text-sm [&>dd]:break-all">
          <dt className="text-slate-500">Database</dt>
          <dd>{rt.databaseKind === 'embedded' ? `embedded (PGlite) in ${rt.config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}</dd>
          <dt className="text-slate-500">Marketplace API</dt>
          <dd>{rt.emulatorUrl ? `built-in emulator at ${rt.emulatorUrl}` : rt.openApi.base}</dd>
          <dt className="text-slate-500">Provisioner</dt>
          <dd>
            {rt.provisioner.name}
            {rt.config.provisioner === 'webhook' && rt.config.webhookUrl ? ` → ${rt.config.webhookUrl}` : ''}
          </dd>
        </dl>
      </section>
    </main>
  );
}
