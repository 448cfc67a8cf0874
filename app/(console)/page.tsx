import Link from 'next/link';
import { CallsChart } from '@/components/CallsChart';
import { LicenceAttention } from '@/components/licences/LicenceAttention';
import { requireUser } from '@/lib/auth/guard';
import { attention, callsOverTime, instancesByStatus } from '@/lib/overview';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

const STATUSES = ['provisioning', 'active', 'frozen', 'released', 'failed'] as const;
const hourLabel = (d: Date) => d.toISOString().slice(11, 16) + ' UTC';
const dayLabel = (d: Date) => d.toISOString().slice(5, 10).replace('-', '/');

/** The seller's first screen: traffic and failures, instances by status, what needs attention, and readiness. */
export default async function Overview() {
  await requireUser('viewer');
  const rt = await getRuntime();
  const now = new Date();
  const [day, week, byStatus, todo] = await Promise.all([
    callsOverTime(rt.pool, 24, 1, now),
    callsOverTime(rt.pool, 24 * 7, 6, now),
    instancesByStatus(rt.pool),
    attention(rt.pool, now),
  ]);
  return (
    <main className="space-y-6">
      <h1 className="text-2xl font-semibold">Overview</h1>

      <section aria-label="Needs attention" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="font-medium">Needs attention</h2>
        {todo.failedCalls24h === 0 && todo.failedInstances === 0 && todo.licencesAwaiting + todo.licencesRejected === 0 ? (
          <p className="mt-2 text-sm text-green-700">Nothing: no failed marketplace calls in the last 24 hours and no failed provisioning.</p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm">
            {todo.failedCalls24h > 0 && (
              <li>
                <Link href="/calls?view=failures" className="text-red-700 underline">
                  {todo.failedCalls24h} failed marketplace call{todo.failedCalls24h === 1 ? '' : 's'} in the last 24 hours
                </Link>{' '}
                — the marketplace refunds orders whose calls keep failing.
              </li>
            )}
            {todo.failedInstances > 0 && (
              <li>
                <Link href="/instances?status=failed" className="text-red-700 underline">
                  {todo.failedInstances} instance{todo.failedInstances === 1 ? '' : 's'} whose provisioning failed
                </Link>
              </li>
            )}
            <LicenceAttention awaiting={todo.licencesAwaiting} rejected={todo.licencesRejected} />
          </ul>
        )}
      </section>

      <div className="grid gap-4 lg:grid-cols-2">
        <CallsChart title="Calls per hour, last 24 hours" buckets={day} label={hourLabel} />
        <CallsChart title="Calls per 6 hours, last 7 days" buckets={week} label={dayLabel} />
      </div>

      <section aria-label="Instances by status" className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {STATUSES.map((s) => (
          <Link key={s} href={`/instances?status=${s}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-red-300">
            <span className="block text-2xl font-semibold">{byStatus[s] ?? 0}</span>
            <span className="text-sm text-slate-600">{s}</span>
          </Link>
        ))}
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="font-medium">Production URL to register in the Seller Center</h2>
        <code className="mt-2 block break-all rounded bg-slate-100 px-3 py-2 text-sm">{rt.config.publicUrl}/api/produce</code>
        <dl className="mt-4 grid grid-cols-[auto_minmax(0,1fr)] gap-x-6 gap-y-1 text-sm [&>dd]:break-words">
          <dt className="text-slate-500">Database</dt>
          <dd>{rt.databaseKind === 'embedded' ? 'embedded (PGlite)' : 'PostgreSQL'}</dd>
          <dt className="text-slate-500">Marketplace API</dt>
          <dd className="break-all">{rt.emulatorUrl ? 'built-in emulator' : rt.openApi.base}</dd>
          <dt className="text-slate-500">Provisioner</dt>
          <dd>{rt.provisioner.name}</dd>
        </dl>
      </section>
      {rt.warnings.length > 0 && (
        <section className="rounded-lg border border-amber-300 bg-amber-50 p-6" aria-label="Configuration warnings">
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
