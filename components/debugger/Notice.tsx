import type { ReactNode } from 'react';
import { cx } from '@/components/ui';

const TONE = {
  warning: 'border-amber-200 bg-amber-50 text-amber-900',
  info: 'border-sky-200 bg-sky-50 text-sky-900',
} as const;

/** A note across the debugger's pages: what a viewer may not do, which case is being edited, a replay warning. */
export function Notice({ tone = 'warning', className, children }: { tone?: keyof typeof TONE; className?: string; children: ReactNode }) {
  return (
    <div role="note" className={cx('mt-4 rounded border p-3 text-sm', TONE[tone], className)}>
      {children}
    </div>
  );
}
