'use client';

import type { ReactNode } from 'react';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/ui';
import { Button } from './Button';
import { cx } from './cx';

/** The part of a react-query result a panel reads (a `UseQueryResult` fits). */
export interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  isError: boolean;
  refetch: () => unknown;
}

export type PanelState = 'loading' | 'empty' | 'error';

export interface StatePanelProps<T> {
  /** a react-query result: pending → loading, failed without data → error (Retry refetches), data → children */
  query?: QueryLike<T>;
  /** an explicit state instead of (or over) a query's */
  state?: PanelState | 'ready';
  /** the error to show in the error state (else the query's) */
  error?: unknown;
  /** what Retry does (else the query's refetch); without either there is no Retry */
  onRetry?: () => void;
  /** whether loaded data counts as empty (default: an empty array) */
  isEmpty?: (data: T) => boolean;
  /** the words of each state (defaults: "Loading…", "Nothing here yet.", the error's message) */
  loading?: ReactNode;
  empty?: ReactNode;
  /** a heading above the error's message */
  errorTitle?: ReactNode;
  /** shown instead of the error's own message */
  errorMessage?: ReactNode;
  className?: string;
  /** what to show once there is data: a node, or a function of the data */
  children?: ReactNode | ((data: T) => ReactNode);
}

/** An error's message for a reader: an ApiError's or Error's message, a string as it is, else a generic sentence. */
export function errorMessageOf(error: unknown, fallback: string): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  return fallback;
}

function resolveState<T>(p: StatePanelProps<T>): PanelState | 'ready' {
  if (p.state) return p.state;
  const q = p.query;
  if (!q) return 'ready';
  if (q.data === undefined) return q.isError ? 'error' : 'loading';
  // a failed refresh keeps showing the data it had: the view says that refreshing failed
  const empty = p.isEmpty ? p.isEmpty(q.data) : Array.isArray(q.data) && q.data.length === 0;
  return empty ? 'empty' : 'ready';
}

const BOX = 'rounded-lg border p-6 shadow-sm';

/** Loading, empty, or failed with a Retry; otherwise its children. One look for every such moment in the console. */
export function StatePanel<T>(props: StatePanelProps<T>) {
  const t = useT(messages);
  const state = resolveState(props);
  const { query, className, children } = props;
  if (state === 'ready') {
    if (typeof children === 'function') return query?.data !== undefined ? <>{children(query.data)}</> : null;
    return <>{children}</>;
  }
  if (state === 'loading') {
    return (
      <div role="status" aria-busy="true" className={cx(BOX, 'border-slate-200 bg-white text-slate-600', className)}>
        {props.loading ?? t('loading')}
      </div>
    );
  }
  if (state === 'empty') {
    return <div className={cx(BOX, 'border-slate-200 bg-white text-center text-slate-600', className)}>{props.empty ?? t('empty')}</div>;
  }
  const retry = props.onRetry ?? (query ? () => void query.refetch() : undefined);
  const message = props.errorMessage ?? errorMessageOf(props.error ?? query?.error, t('unknownError'));
  return (
    <div role="alert" className={cx(BOX, 'border-red-200 bg-red-50 text-red-900', className)}>
      {props.errorTitle ? (
        <>
          <p className="font-medium">{props.errorTitle}</p>
          <p className="mt-1 text-sm">{message}</p>
        </>
      ) : (
        <p>{message}</p>
      )}
      {retry && (
        <Button variant="primary" className="mt-3" onClick={retry}>
          {t('retry')}
        </Button>
      )}
    </div>
  );
}
