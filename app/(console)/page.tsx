import { requireUser } from '@/lib/auth/guard';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** Start page: is the app ready for the marketplace, and what is missing. */
export default async function Home() {
  await requireUser('viewer');
  const rt = await getRuntime();
  const [instances, calls] = await Promise.all([rt.prisma.instance.count(), rt.prisma.call.count()]);
  return (
    <main className="max-w-3xl">
      <h1 className="text-2xl font-semibold">Overview</h1>
      <p className="mt-1 text-slate-600">The production interfaces of your Huawei Cloud Marketplace products.</p>
      <section className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="font-medium">Production URL to register in the Seller Center</h2>
        <code className="mt-2 block break-all rounded bg-slate-100 px-3 py-2 text-sm">{rt.config.publicUrl}/api/produce</code>
        <dl className="mt-4 grid grid-cols-[auto_minmax(0,1fr)] gap-x-6 gap-y-1 text-sm [&>dd]:break-words">
          <dt className="text-slate-500">Database</dt>
          <dd>{rt.databaseKind === 'embedded' ? 'embedded (PGlite)' : 'PostgreSQL'}</dd>
          <dt className="text-slate-500">Marketplace API</dt>
          <dd className="break-all">{rt.emulatorUrl ? 'built-in emulator' : rt.openApi.base}</dd>
          <dt className="text-slate-500">Provisioner</dt>
          <dd>{rt.provisioner.name}</dd>
          <dt className="text-slate-500">Instances</dt>
          <dd>{instances}</dd>
          <dt className="text-slate-500">Calls logged</dt>
          <dd>{calls}</dd>
        </dl>
      </section>
      {rt.warnings.length > 0 && (
        <section className="mt-6 rounded-lg border border-amber-300 bg-amber-50 p-6" aria-label="Configuration warnings">
          <h2 className="font-medium text-amber-900">Configuration needs attention</h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-amber-900">
            {rt.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
