import Link from 'next/link';
import { listAudit } from '@/lib/audit-queries';
import { requireUser } from '@/lib/auth/guard';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

const PAGE = 50;

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  await requireUser('admin');
  const { before } = await searchParams;
  const rt = await getRuntime();
  const rows = await listAudit(rt.pool, before && /^\d+$/.test(before) ? BigInt(before) : undefined, PAGE);
  return (
    <main>
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <p className="mt-1 text-sm text-slate-600">Every change made in the console: who, what, when, and how it went.</p>
      <section className="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" aria-label="Audit entries">
        {rows.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-600">{before ? 'No older entries.' : 'Nothing has been changed in the console yet.'}</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">When (UTC)</th>
                <th className="px-4 py-2 font-medium">Who</th>
                <th className="px-4 py-2 font-medium">Action</th>
                <th className="px-4 py-2 font-medium">Target</th>
                <th className="px-4 py-2 font-medium">Outcome</th>
                <th className="px-4 py-2 font-medium">Detail</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-t border-slate-100 align-top">
                  <td className="whitespace-nowrap px-4 py-2">{r.at.toISOString().replace('T', ' ').slice(0, 19)}</td>
                  <td className="px-4 py-2">{r.userEmail ?? '—'}</td>
                  <td className="px-4 py-2 font-mono text-xs">{r.action}</td>
                  <td className="break-all px-4 py-2">{r.target ?? '—'}</td>
                  <td className={`px-4 py-2 ${r.outcome === 'success' ? 'text-green-700' : 'text-red-700'}`}>{r.outcome}</td>
                  <td className="break-all px-4 py-2 font-mono text-xs text-slate-600">{r.detail ? JSON.stringify(r.detail) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {rows.length === PAGE && (
        <Link href={`/audit?before=${rows[rows.length - 1]!.id}`} className="mt-4 inline-block text-red-700 underline">
          Older entries
        </Link>
      )}
    </main>
  );
}
