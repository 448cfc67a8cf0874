'use client';

import { DataTable, type Column } from '@/components/ui';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/settings';
import type { KeyStatus } from '@/lib/settings';

type Purpose = Extract<keyof (typeof messages)['en'], `purpose.${string}`>;

/** The keys the app reads: set or not (and what stands in), masked, with a fingerprint to compare with the Seller Center. */
export function KeysTable({ keys }: { keys: KeyStatus[] }) {
  const t = useT(messages);
  // a variable without a translated purpose (one added later) shows the English one from lib/settings
  const purpose = (k: KeyStatus) => (Object.hasOwn(messages.en, `purpose.${k.variable}`) ? t(`purpose.${k.variable}` as Purpose) : k.purpose);
  const fallback = (f: string) => (f === 'built-in emulator' ? t('emulator') : f);
  const columns: Column<KeyStatus>[] = [
    { key: 'variable', header: t('col.variable'), cell: (k) => <code className="break-all text-xs sm:whitespace-nowrap">{k.variable}</code> },
    { key: 'usedFor', header: t('col.usedFor'), cell: (k) => <span className="text-slate-600">{purpose(k)}</span> },
    {
      key: 'value',
      header: t('col.value'),
      cell: (k) => (k.configured ? <code>{k.masked}</code> : <span className="text-slate-500">{k.fallback ? t('notSetUses', { fallback: fallback(k.fallback) }) : t('notSet')}</span>),
    },
    { key: 'fingerprint', header: t('col.fingerprint'), className: 'whitespace-nowrap', cell: (k) => <code className="text-xs">{k.fingerprint ?? '—'}</code> },
  ];
  return <DataTable caption={t('keys')} columns={columns} rows={keys} rowKey={(k) => k.variable} />;
}
