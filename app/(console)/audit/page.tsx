import Link from 'next/link';
import { AUDIT_FILTER_KEYS, listAudit, listAuditActors, parseAuditQuery, type AuditFilterProblem } from '@/lib/audit/queries';
import { requireUser } from '@/lib/auth/guard';
import { getRuntime } from '@/lib/runtime';
import { translator } from '@/lib/i18n/core';
import { getLocale } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/audit';
import { buttonClass, StatePanel } from '@/components/ui';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: translator(messages, await getLocale())('title') };
}

const PAGE = 50;

type Search = Record<string, string | string[] | undefined>;

/**
 * The audit log (admins; issue 3, issue 7): newest first, filtered by the URL's search params (actor, action, outcome,
 * from, to) so a filtered view can be shared, 50 entries a page (`before` = the last id of the previous page).
 */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireUser('admin');
  const sp = await searchParams;
  const rt = await getRuntime();
  const locale = await getLocale();
  const t = translator(messages, locale);
  const query = parseAuditQuery(sp);
  // the filters as given, for the form and the paging links
  const values = Object.fromEntries(
    AUDIT_FILTER_KEYS.flatMap((k) => {
      const v = Array.isArray(sp[k]) ? sp[k][0] : sp[k];
      return v ? [[k, v]] : [];
    }),
  );
  const filtered = Object.keys(values).length > 0;
  const [actors, page] = await Promise.all([
    listAuditActors(rt.prisma),
    query.ok ? listAudit(rt.prisma, query.filters, { before: query.before, limit: PAGE }) : undefined,
  ]);
  const href = (before?: string) => {
    const qs = new URLSearchParams(values);
    if (before) qs.set('before', before);
    return qs.size ? `/audit?${qs}` : '/audit';
  };
  const before = query.ok ? query.before : undefined;
  const empty = before !== undefined ? t('noOlder') : filtered ? t('noMatch') : t('none');
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-1 text-sm text-slate-600">{t('intro')}</p>
      <AuditFilters values={values} actors={actors} />
      {!query.ok && (
        <StatePanel
          state="error"
          className="mt-4"
          errorTitle={t('invalid.title')}
          errorMessage={
            <>
              {query.problems.map((p) => (
                <span key={p.field} className="block">
                  {t(`invalid.${p.field}` satisfies `invalid.${AuditFilterProblem['field']}`, { value: p.value })}
                </span>
              ))}
              <Link href="/audit" className="mt-2 inline-block text-red-700 underline">
                {t('reset')}
              </Link>
            </>
          }
        />
      )}
      {page && (
        <section className="mt-4" aria-label={t('entries')}>
          <AuditTable
            rows={page.entries}
            empty={
              <>
                <p>{empty}</p>
                {filtered && (
                  <Link href="/audit" className="mt-2 inline-block text-red-700 underline">
                    {t('reset')}
                  </Link>
                )}
              </>
            }
          />
        </section>
      )}
      <nav className="mt-4 flex gap-3" aria-label={t('pages')}>
        {before !== undefined && (
          <Link href={href()} className={buttonClass()}>
            {t('newest')}
          </Link>
        )}
        {page?.nextBefore && (
          <Link href={href(page.nextBefore)} className={buttonClass()}>
            {t('older')}
          </Link>
        )}
      </nav>
    </main>
  );
}
