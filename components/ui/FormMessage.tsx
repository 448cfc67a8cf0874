import type { ReactNode } from 'react';
import { cx } from './cx';

export interface FormMessageProps {
  /** what went wrong: announced at once */
  error?: ReactNode;
  /** what was done ("Delivery confirmed."): announced politely; not shown while there is an error */
  notice?: ReactNode;
  className?: string;
}

/** A form's outcome under it, the error or the notice, or nothing. */
export function FormMessage({ error, notice, className }: FormMessageProps) {
  if (error) {
    return (
      <p role="alert" className={cx('text-sm text-red-700', className)}>
        {error}
      </p>
    );
  }
  if (!notice) return null;
  return (
    <p role="status" className={cx('text-sm text-emerald-800', className)}>
      {notice}
    </p>
  );
}
