'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/ui';
import { Button } from './Button';
import { cx } from './cx';

export interface Column<R> {
  /** unique among the columns */
  key: string;
  header: ReactNode;
  /** the label beside the value in the narrow layout, when the header is not plain text (default: the header) */
  label?: ReactNode;
  cell: (row: R) => ReactNode;
  /** classes for the column's cells and header (width, alignment) */
  className?: string;
  /** hidden below this breakpoint, in the table and the stacked layout alike */
  hideBelow?: 'sm' | 'md' | 'lg';
  /** the rows are sorted by this column (its header's aria-sort) */
  sorted?: 'ascending' | 'descending';
}

export interface DataTableProps<R> {
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  /** the row's page: the first cell's content becomes a link stretched over the whole row */
  rowHref?: (row: R) => string;
  /** the accessible name of the row's link (default: the first cell's text) */
  rowLinkLabel?: (row: R) => string;
  /** names the table (a caption for screen readers) */
  caption?: string;
  /** shown instead of the table when there are no rows (default "Nothing here yet.") */
  empty?: ReactNode;
  /** keyset paging: whether another page follows, how to fetch it, and whether it is on its way */
  hasMore?: boolean;
  onLoadMore?: () => void;
  loadingMore?: boolean;
  /** why the last page could not be loaded */
  loadMoreError?: ReactNode;
  /** what the footer says when no page follows (default "That is all.") */
  endLabel?: ReactNode;
  /** at the footer's end ("42 shown") */
  footer?: ReactNode;
  rowTestId?: string;
  className?: string;
}

const HIDE: Record<NonNullable<Column<unknown>['hideBelow']>, string> = {
  sm: 'hidden sm:table-cell',
  md: 'hidden md:table-cell',
  lg: 'hidden lg:table-cell',
};

// Below `sm` the table turns into stacked cards: every element a block, the header row kept for screen readers only,
// each cell a "label: value" line. The explicit roles keep the table's semantics when its display changes.
const TABLE = 'w-full text-left text-sm max-sm:block';
const HEAD = 'border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500 max-sm:sr-only';
const BODY = 'max-sm:block';
const ROW = 'relative border-b border-slate-100 align-top last:border-0 hover:bg-slate-50 max-sm:block max-sm:px-4 max-sm:py-3';
// a column's width limits are for the table; a card line takes the card's width
const CELL = 'px-3 py-2 max-sm:max-w-none max-sm:px-0 max-sm:py-0.5';
const STACKED = 'max-sm:grid max-sm:grid-cols-[7rem_minmax(0,1fr)] max-sm:gap-x-3';
// the row link's ::after covers the row, so a click anywhere opens it; other controls in the row stay on top
const ROW_LINK =
  "text-red-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-red-700 after:absolute after:inset-0 after:content-['']";
const ABOVE_LINK = '[&_:is(a,button,input,select,textarea,label):not([data-row-link])]:relative [&_:is(a,button,input,select,textarea,label):not([data-row-link])]:z-10';

/** A table of rows with optional row links and keyset "Load more", readable at 390 px without scrolling sideways. */
export function DataTable<R>(props: DataTableProps<R>) {
  const t = useT(messages);
  const { columns, rows, rowKey, rowHref } = props;
  if (rows.length === 0) {
    return <div className={cx('rounded-lg border border-slate-200 bg-white p-6 text-center text-slate-600 shadow-sm', props.className)}>{props.empty ?? t('empty')}</div>;
  }
  const paged = props.onLoadMore !== undefined;
  return (
    <div className={cx('overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm', props.className)}>
      <table role="table" className={TABLE}>
        {props.caption && <caption className="sr-only">{props.caption}</caption>}
        <thead role="rowgroup" className={HEAD}>
          <tr role="row">
            {columns.map((c) => (
              <th key={c.key} role="columnheader" scope="col" aria-sort={c.sorted} className={cx('px-3 py-2 font-medium', c.hideBelow && HIDE[c.hideBelow], c.className)}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup" className={BODY}>
          {rows.map((row) => {
            const href = rowHref?.(row);
            return (
              <tr key={rowKey(row)} role="row" data-testid={props.rowTestId} className={cx(ROW, href && ABOVE_LINK)}>
                {columns.map((c, i) => {
                  const value = c.cell(row);
                  return (
                    <td key={c.key} role="cell" className={cx(CELL, c.hideBelow ? HIDE[c.hideBelow] : i > 0 && STACKED, c.className)}>
                      {i > 0 && (
                        <span aria-hidden="true" className="break-normal text-slate-500 sm:hidden">
                          {c.label ?? c.header}
                        </span>
                      )}
                      {i === 0 && href ? (
                        <Link href={href} data-row-link="" aria-label={props.rowLinkLabel?.(row)} className={ROW_LINK}>
                          {value}
                        </Link>
                      ) : (
                        <span className="min-w-0 break-words">{value}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {(paged || props.footer) && (
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 px-4 py-3 text-sm text-slate-600">
          {paged &&
            (props.hasMore ? (
              <Button onClick={props.onLoadMore} busy={props.loadingMore} busyLabel={t('loading')}>
                {t('loadMore')}
              </Button>
            ) : (
              <span>{props.endLabel ?? t('end')}</span>
            ))}
          {props.loadMoreError && (
            <span role="alert" className="text-red-800">
              {props.loadMoreError}
            </span>
          )}
          {props.footer && (
            <span className="ml-auto text-xs" aria-live="polite">
              {props.footer}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
