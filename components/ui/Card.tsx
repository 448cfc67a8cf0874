import { useId, type ReactNode } from 'react';
import { cx } from './cx';

export const CARD_CLASS = 'rounded-lg border border-slate-200 bg-white p-5 shadow-sm';

export interface CardProps {
  /** the card's heading; the card is a region named by it */
  title?: ReactNode;
  /** a line under the title */
  description?: ReactNode;
  /** buttons or links at the heading's end */
  actions?: ReactNode;
  /** the heading level (2 on a page, 3 inside a section) */
  level?: 2 | 3;
  className?: string;
  children?: ReactNode;
  'data-testid'?: string;
}

/** A white panel, the console's unit of content. With a title it is a `<section>` labelled by its heading. */
export function Card({ title, description, actions, level = 2, className, children, 'data-testid': testId }: CardProps) {
  const id = useId();
  const H = `h${level}` as const;
  const head =
    title !== undefined || actions ? (
      <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-2">
        {title !== undefined && (
          <div className="min-w-0">
            <H id={id} className="font-medium">
              {title}
            </H>
            {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
          </div>
        )}
        {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
    ) : null;
  return (
    <section aria-labelledby={title !== undefined ? id : undefined} data-testid={testId} className={cx(CARD_CLASS, className)}>
      {head}
      {head && children ? <div className="mt-3">{children}</div> : children}
    </section>
  );
}
