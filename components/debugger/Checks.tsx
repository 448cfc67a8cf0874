'use client';

import type { Check } from '@/lib/debugger/judge';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';

type Key = keyof (typeof messages)['en'];

const STYLE: Record<Check['status'], string> = {
  pass: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  fail: 'bg-red-50 text-red-800 ring-red-200',
  warn: 'bg-amber-50 text-amber-800 ring-amber-200',
  skip: 'bg-slate-100 text-slate-600 ring-slate-300',
};

/** One line per check: its name, pass/fail/warning, and why (translated from the judge's reason key). */
export function Checks({ checks, label }: { checks: Check[]; label?: string }) {
  const t = useT(messages);
  return (
    <ul aria-label={label ?? t('result.checks')} className="divide-y divide-slate-100 text-sm">
      {checks.map((c, i) => (
        <li key={`${c.id}-${i}`} data-check={c.id} data-status={c.status} className="flex flex-col gap-1 py-1.5 sm:flex-row sm:items-baseline sm:gap-3">
          <span className={`inline-block w-fit shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLE[c.status]}`}>
            {t(`status.${c.status}` as Key)}
          </span>
          <span className="font-medium sm:w-64 sm:shrink-0">{t(`check.${c.id}` as Key)}</span>
          <span className="break-words text-slate-700">{t(`reason.${c.reason}` as Key, c.vars)}</span>
        </li>
      ))}
    </ul>
  );
}

export function VerdictBadge({ pass }: { pass: boolean }) {
  const t = useT(messages);
  return (
    <span
      data-testid="verdict"
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${pass ? STYLE.pass : STYLE.fail}`}
    >
      {t(pass ? 'status.pass' : 'status.fail')}
    </span>
  );
}
