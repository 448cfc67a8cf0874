import Link from 'next/link';
import { Badge, Card } from '@/components/ui';
import { LOCALE_TAGS, translator, type Locale } from '@/lib/i18n/core';
import licenceMessages from '@/lib/i18n/messages/licences';
import messages from '@/lib/i18n/messages/overview';
import type { Attention } from '@/lib/overview';
import { attentionLines, type AttentionLine } from './attention';

/** What needs someone now: failed calls and failing or given-up background jobs (the Failures view), failed provisioning, owed licences. */
export function NeedsAttention({ todo, locale }: { todo: Attention; locale: Locale }) {
  const t = translator(messages, locale);
  const tl = translator(licenceMessages, locale);
  const num = (n: number) => n.toLocaleString(LOCALE_TAGS[locale]);
  const text = ({ kind, n }: AttentionLine): string => {
    if (kind === 'licencesAwaiting') return tl('attention.awaiting', { n: num(n) });
    if (kind === 'licencesRejected') return tl('attention.rejected', { n: num(n) });
    return n === 1 ? t(`${kind}One`) : t(kind, { n: num(n) });
  };
  const lines = attentionLines(todo);
  return (
    <Card title={t('attention')}>
      {lines.length === 0 ? (
        <p className="text-sm text-green-700">{t('nothing')}</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {lines.map((line) => (
            <li key={line.kind} data-testid={`attention-${line.kind}`} className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
              <Badge tone={line.tone} className="w-28 text-center">
                {t(`area.${line.area}`)}
              </Badge>
              <span className="min-w-0 flex-1 basis-48">
                <Link href={line.href} className="text-red-700 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-red-700">
                  {text(line)}
                </Link>
                {line.kind === 'failedCalls' && <span className="text-slate-600"> {t('refundNote')}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
