import type { ReactNode } from 'react';
import { DataTable, type Column } from '@/components/ui';
import { errorHead } from './jobRows';
import { Section } from './Section';

/**
 * One kind of failure in the attention queue (background jobs, usage records, …): its heading and what it holds, the
 * outcome of the last action taken on it, actions on the whole list, the table, and a line under it. Every kind of
 * failure shows itself through this, so that the queue reads the same whatever failed.
 */
export function AttentionSection<R>(props: {
  title: string;
  intro: ReactNode;
  /** what the last action did (a role=status line) */
  notice?: string;
  /** actions on the whole list, above the table */
  actions?: ReactNode;
  columns: Column<R>[];
  rows: R[];
  rowKey: (r: R) => string;
  rowTestId: string;
  empty: string;
  footer?: ReactNode;
}) {
  return (
    <Section title={props.title} intro={props.intro}>
      {props.notice && (
        <p role="status" className="text-sm text-green-700">
          {props.notice}
        </p>
      )}
      {props.actions}
      <DataTable columns={props.columns} rows={props.rows} rowKey={props.rowKey} rowTestId={props.rowTestId} caption={props.title} empty={props.empty} />
      {props.footer}
    </Section>
  );
}

/** A failure's error: its first line, the whole text on opening (data: not translated); `none` when there is none. */
export function ErrorDetails({ error, none }: { error: string | null; none: string }) {
  if (!error) return <span className="text-slate-500">{none}</span>;
  return (
    <details className="max-w-80 text-xs">
      <summary translate="no" className="cursor-pointer break-words font-mono text-red-800">
        {errorHead(error)}
      </summary>
      <pre className="mt-1 whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-slate-700">{error}</pre>
    </details>
  );
}
