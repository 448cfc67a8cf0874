import type { ReactNode } from 'react';

/** Label and value pairs in two columns: the facts of a detail page's card. */
export function Facts({ children }: { children: ReactNode }) {
  return <dl className="grid grid-cols-[minmax(6rem,auto)_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm">{children}</dl>;
}

/**
 * One fact, its value as `value` or the children; an empty value is a dash. `data` marks the value as data, not words
 * (ids, names, URLs: never translated).
 */
export function Fact({ label, data, value, children }: { label: ReactNode; data?: boolean; value?: ReactNode; children?: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd translate={data ? 'no' : undefined} className="min-w-0 break-words">
        {children ?? value ?? '—'}
      </dd>
    </>
  );
}
