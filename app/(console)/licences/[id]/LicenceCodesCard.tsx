import { LocalTime } from '@/components/LocalTime';
import { CodeStatusBadges, Fact, Facts, type LicenceT } from '@/components/licences/ui';
import { Card } from '@/components/ui';
import type { CodeSummary } from '@/lib/licences/queries';

/**
 * A licence-code delivery's codes (授权码 2.0, spec §9.1): each with its status here and the marketplace's word for it,
 * its expiry, the device it was activated on (shortened) and when, and when the marketplace was last asked (heartbeat
 * or the daily refresh). Viewers see the code masked.
 */
export function LicenceCodesCard({ t, codes }: { t: LicenceT; codes: CodeSummary[] }) {
  return (
    <Card title={t('code.title')} description={t('code.intro')}>
      <ul className="space-y-4" data-testid="licence-codes">
        {codes.map((c) => (
          <li key={c.id} className="border-t border-slate-100 pt-3 first:border-t-0 first:pt-0">
            <Facts>
              <Fact label={t('code.code')}>
                <code translate="no" className="break-all text-xs">
                  {c.code}
                </code>
                {c.code === '***' && <span className="block text-xs text-slate-500">{t('code.masked')}</span>}
              </Fact>
              <Fact label={t('code.status')}>
                <span className="flex flex-wrap gap-1">
                  <CodeStatusBadges t={t} code={c} />
                </span>
              </Fact>
              <Fact label={t('code.market')}>{c.marketStatus && <span translate="no">{c.marketStatus}</span>}</Fact>
              <Fact label={t('code.expires')}>{c.expireTime ? <LocalTime iso={c.expireTime} /> : t('detail.noExpiry')}</Fact>
              <Fact label={t('code.device')}>
                {c.device && (
                  <code translate="no" className="break-all text-xs">
                    {c.device}
                  </code>
                )}
              </Fact>
              <Fact label={t('code.activated')}>{c.activatedAt && <LocalTime iso={c.activatedAt} />}</Fact>
              <Fact label={t('code.checked')}>{c.lastCheckedAt && <LocalTime iso={c.lastCheckedAt} />}</Fact>
            </Facts>
          </li>
        ))}
      </ul>
    </Card>
  );
}
