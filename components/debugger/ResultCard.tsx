'use client';

import { Card } from '@/components/ui';
import type { Exchange } from '@/lib/debugger/send';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';
import { ExchangeView } from './ExchangeView';

/** The last call sent from the form: its verdict, exact request, curl and answer. */
export function ResultCard({ exchange, sending, failure }: { exchange?: Exchange; sending: boolean; failure?: string }) {
  const t = useT(messages);
  return (
    <Card title={t('result.title')} className="mt-6">
      {failure && (
        <p role="alert" className="text-sm text-red-800">
          {t('error', { error: failure })}
        </p>
      )}
      {sending && <p className="text-sm text-slate-600">{t('form.sending')}</p>}
      {!sending && !exchange && !failure && <p className="text-sm text-slate-600">{t('result.empty')}</p>}
      {exchange && !sending && <ExchangeView exchange={exchange} />}
    </Card>
  );
}
