import Link from 'next/link';
import { listAudit } from '@/lib/audit/queries';
import { requireUser } from '@/lib/auth/guard';
import { getRuntime } from '@/lib/runtime';
import { LocalTime } from '@/components/LocalTime';
import { getT } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/audit';

const OUTCOMES = ['success', 'failure', 'denied'] as const;
const isOutcome = (s: string): s is (typeof OUTCOMES)[number] => (OUTCOMES as readonly string[]).includes(s);

export const dynamic = 'force-dynamic';

const PAGE = 50;

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  await requireUser('admin');
  const { before } = await searchParams;
  const rt = await getRuntime();
  const t = await getT(messages);
  const rows = await listAudit(rt.pool, before && /^\d+$/.test(before) ? BigInt(before) : undefined, PAGE);
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-1 text-sm text-slate-600">{t('intro')}</p>
      <section className="relative mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" aria-label={t('entries')}>
        {rows.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-600">{before ? t('noOlder') : t('none')}</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">{t('col.when')}</th>
                <th className="px-4 py-2 font-medium">{t('col.who')}</th>
                <th className="px-4 py-2 font-medium">{t('col.action')}</th>
                <th className="px-4 py-2 font-medium">{t('col.target')}</th>
                <th className="px-4 py-2 font-medium">{t('col.outcome')}</th>
                <th className="px-4 py-2 font-medium">{t('col.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-t border-slate-100 align-top">
                  <td className="whitespace-nowrap px-4 py-2">
                    <LocalTime iso={r.at.toISOString()} />
                  </td>
                  <td className="px-4 py-2">{r.userEmail ?? '—'}</td>
                  <td className="px-4 py-2 font-mono text-xs">{r.action}</td>
                  <td className="break-all px-4 py-2">{r.target ?? '—'}</td>
                  <td className={`px-4 py-2 ${r.outcome === 'success' ? 'text-green-700' : 'text-red-700'}`}>{isOutcome(r.outcome) ? t(`outcome.${r.outcome}`) : r.outcome}</td>
                  <td className="break-all px-4 py-2 font-mono text-xs text-slate-600">{r.detail ? JSON.stringify(r.detail) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {before && (
        <Link href="/audit" className="mr-4 mt-4 inline-block text-red-700 underline">
          {t('newest')}
        </Link>
      )}
      {rows.length === PAGE && (
        <Link href={`/audit?before=${rows[rows.length - 1]!.id}`} className="mt-4 inline-block text-red-700 underline">
          {t('older')}
        </Link>
      )}
    </main>
  );
}
