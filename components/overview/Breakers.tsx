import { LocalTime } from '@/components/LocalTime';
import { Badge, Card, type BadgeTone } from '@/components/ui';
import type { BreakerSnapshot } from '@/lib/openapi/breaker';
import type { Translate } from '@/lib/i18n/core';
import type messages from '@/lib/i18n/messages/overview';

const TONE: Record<BreakerSnapshot['state'], BadgeTone> = { closed: 'success', open: 'danger', halfOpen: 'warning' };

/** The outbound APIs' circuit breakers (lib/openapi/breaker.ts) of this process: working, open until the next probe, probing. */
export function Breakers({ breakers, t }: { breakers: BreakerSnapshot[]; t: Translate<keyof (typeof messages)['en']> }) {
  return (
    <Card title={t('breakers.title')} description={t('breakers.intro')}>
      <ul className="divide-y divide-slate-100 text-sm" data-testid="breakers">
        {breakers.map((b) => (
          <li key={b.api} data-api={b.api} data-state={b.state} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5">
            <span className="min-w-40 font-medium">{t(`breakers.api.${b.api}`)}</span>
            <Badge tone={TONE[b.state]}>
              {b.state === 'open' && b.retryAt ? (
                <>
                  {t('breakers.open', { at: '' })}
                  <LocalTime iso={b.retryAt} precision="second" />
                </>
              ) : (
                t(b.state === 'halfOpen' ? 'breakers.halfOpen' : 'breakers.closed')
              )}
            </Badge>
            {b.failures > 0 && <span className="text-slate-600">{t('breakers.failures', { n: b.failures })}</span>}
          </li>
        ))}
      </ul>
    </Card>
  );
}
