'use client';

import { Badge, type BadgeTone } from '@/components/ui';
import type { Check } from '@/lib/debugger/judge';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';

type Key = keyof (typeof messages)['en'];

const TONE: Record<Check['status'], BadgeTone> = { pass: 'success', fail: 'danger', warn: 'warning', skip: 'neutral' };

/** One line per check: its name, pass/fail/warning, and why (translated from the judge's reason key). */
export function Checks({ checks, label }: { checks: Check[]; label?: string }) {
  const t = useT(messages);
  return (
    <ul aria-label={label ?? t('result.checks')} className="divide-y divide-slate-100 text-sm">
      {checks.map((c, i) => (
        <li key={`${c.id}-${i}`} data-check={c.id} data-status={c.status} className="flex flex-col gap-1 py-1.5 sm:flex-row sm:items-baseline sm:gap-3">
          <Badge tone={TONE[c.status]} className="w-fit shrink-0">
            {t(`status.${c.status}` as Key)}
          </Badge>
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
    <Badge data-testid="verdict" tone={pass ? 'success' : 'danger'} className="font-semibold">
      {t(pass ? 'status.pass' : 'status.fail')}
    </Badge>
  );
}
