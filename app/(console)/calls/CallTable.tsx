'use client';

import Link from 'next/link';
import { Outcome } from '@/components/calls/Outcome';
import { LocalTime } from '@/components/LocalTime';
import { Badge, DataTable, errorMessageOf, StatePanel, type Column } from '@/components/ui';
import type { CallPage, CallSummary } from '@/lib/calls/queries';
import { useCalls } from '@/lib/client/hooks/calls';
import { useLocale, useT } from '@/lib/i18n/client';
import { LOCALE_TAGS } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/calls';
import { resultOf, verdictText, type CallsT } from './words';
import { LINK } from '@/components/calls/link';
import { V1Badge } from '@/components/calls/V1Badge';

/** How a call stands to re-invocation: a badge linking a re-invocation to its original, a link from an original to its attempts. */
function Reinvocations({ call: c, t }: { call: CallSummary; t: CallsT }) {
  return (
    <>
      {c.reinvokedFrom && (
        <Link href={`/calls/${c.reinvokedFrom}`} aria-label={t('reinvocationOf', { id: c.reinvokedFrom })} title={t('reinvocationOf', { id: c.reinvokedFrom })}>
          <Badge tone="info" data-testid="reinvocation-badge">
            {t('reinvocationBadge')}
          </Badge>
        </Link>
      )}
      {c.reinvocations > 0 && (
        <Link href={`/calls?reinvokedFrom=${c.id}`} data-testid="attempts-link" aria-label={t('attemptsOfLink', { id: c.id })} className={`text-xs ${LINK}`}>
          {c.reinvocations === 1 ? t('reinvokedOne') : t('reinvokedN', { n: c.reinvocations })}
        </Link>
      )}
    </>
  );
}

function columns(t: CallsT, locale: keyof typeof LOCALE_TAGS): Column<CallSummary>[] {
  return [
    { key: 'time', header: t('col.time'), cell: (c) => <LocalTime iso={c.createdAt} />, className: 'sm:whitespace-nowrap' },
    {
      key: 'activity',
      header: t('col.activity'),
      cell: (c) => (
        <span className="inline-flex flex-wrap items-center gap-1.5">
          <span className="whitespace-nowrap">
            <span className="mr-1 text-slate-400" title={t(c.direction)} aria-label={t(c.direction)}>
              {c.direction === 'inbound' ? '→' : '←'}
            </span>
            <span translate="no">{c.activity ?? '—'}</span>
          </span>
          {c.v1 && <V1Badge />}
          {c.testFlag && <Badge>{t('test')}</Badge>}
          <Reinvocations call={c} t={t} />
        </span>
      ),
    },
    {
      key: 'target',
      header: t('col.target'),
      cell: (c) => (
        <span translate="no" className="break-all text-slate-600">
          {[c.orderId, c.instanceId].filter(Boolean).join(' · ') || '—'}
        </span>
      ),
      className: 'max-w-56',
    },
    { key: 'result', header: t('col.result'), cell: (c) => <Outcome success={c.success} code={resultOf(c)} /> },
    { key: 'signature', header: t('col.signature'), cell: (c) => (c.signatureVerdict ? verdictText(t, c.signatureVerdict) : '—'), hideBelow: 'sm', className: 'text-slate-600' },
    {
      key: 'ms',
      header: t('col.ms'),
      cell: (c) => c.durationMs.toLocaleString(LOCALE_TAGS[locale]),
      hideBelow: 'sm',
      className: 'text-right tabular-nums text-slate-600',
    },
  ];
}

/** All calls matching the filters, newest first, the first page live, older pages on "Load more". */
export function CallTable({ filters, initial, pageSize }: { filters: Record<string, string>; initial?: CallPage; pageSize: number }) {
  const t = useT(messages);
  const locale = useLocale();
  const calls = useCalls(filters, { initial, pageSize });
  const { head, rows } = calls;
  return (
    <section aria-label={t('calls')} className="mt-4">
      <StatePanel
        // the rows it shows, so a failed refresh keeps them (with a note) and only a first load can fail outright
        query={{ ...head, data: head.data ? rows : undefined }}
        loading={t('loadingCalls')}
        errorMessage={t('couldNotLoad', { error: errorMessageOf(head.error, '') })}
        empty={Object.keys(filters).length ? t('noMatch') : t('none')}
      >
        {head.isError && (
          <p role="alert" className="mb-2 rounded border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
            {t('refreshFailed', { error: errorMessageOf(head.error, '') })}
          </p>
        )}
        <DataTable
          columns={columns(t, locale)}
          rows={rows}
          rowKey={(c) => c.id}
          rowHref={(c) => `/calls/${c.id}`}
          rowLinkLabel={(c) => t('callLink', { id: c.id })}
          rowTestId="call-row"
          caption={t('calls')}
          hasMore={calls.hasMore}
          onLoadMore={calls.loadMore}
          loadingMore={calls.loadingMore}
          loadMoreError={calls.loadMoreError ? t('couldNotLoadMore', { error: errorMessageOf(calls.loadMoreError, '') }) : undefined}
          endLabel={t('end')}
          footer={t('shown', { n: rows.length.toLocaleString(LOCALE_TAGS[locale]) })}
        />
      </StatePanel>
    </section>
  );
}
