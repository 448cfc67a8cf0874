import Link from 'next/link';
import type { ReactNode } from 'react';
import { CopyButton } from './CopyButton';

export interface DetailHeaderProps {
  /** the list this page belongs to */
  back?: { href: string; label: ReactNode };
  title: ReactNode;
  /** read before the title by screen readers ("Instance") when the title is a bare id */
  titlePrefix?: string;
  /** a line under the title */
  subtitle?: ReactNode;
  /** an identifier shown in mono with a copy button; `idLabel` names what the copy button copies */
  id?: string;
  idLabel?: string;
  /** status badges beside the title */
  badges?: ReactNode;
  /** a quiet note beside the badges ("Refreshing…") */
  note?: ReactNode;
  /** buttons at the header's end */
  actions?: ReactNode;
  children?: ReactNode;
}

/** The head of a detail page: back link, title with badges, the record's id to copy, and the page's actions. */
export function DetailHeader({ back, title, titlePrefix, subtitle, id, idLabel, badges, note, actions, children }: DetailHeaderProps) {
  return (
    <div>
      {back && (
        <Link href={back.href} className="text-sm text-red-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-red-700">
          {back.label}
        </Link>
      )}
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-2">
        <h1 className="min-w-0 break-all text-xl font-semibold sm:text-2xl">
          {titlePrefix && <span className="sr-only">{titlePrefix} </span>}
          {title}
        </h1>
        {badges && <div className="flex flex-wrap items-center gap-1.5">{badges}</div>}
        {note && <span className="text-xs text-slate-500">{note}</span>}
        {actions && <div className="flex flex-wrap items-center gap-2 sm:ml-auto">{actions}</div>}
      </div>
      {(subtitle || id) && (
        <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-600">
          {subtitle}
          {id && (
            <span className="inline-flex min-w-0 items-center gap-2">
              <code className="break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{id}</code>
              <CopyButton text={id} label={idLabel} size="sm" />
            </span>
          )}
        </div>
      )}
      {children}
    </div>
  );
}
