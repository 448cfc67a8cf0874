import { LocalTime } from '@/components/LocalTime';
import type { LicenceT } from '@/components/licences/ui';
import { Card } from '@/components/ui';
import type { DeliveryEvent } from '@/lib/licences/queries';

const DOT: Record<string, string> = { rejected: 'bg-red-600', accepted: 'bg-emerald-600', activated: 'bg-emerald-600', frozen: 'bg-amber-500', released: 'bg-slate-400' };
const RENEWALS = new Set(['renewed', 'renewalRefunded']);

/** Every step of a delivery, oldest first: who, when, the service start, the licence's hash, the note. */
export function LicenceTimeline({ t, events }: { t: LicenceT; events: DeliveryEvent[] }) {
  return (
    <Card title={t('timeline.title')} description={t('timeline.intro')}>
      <ol className="space-y-3 border-l border-slate-200 pl-4" data-testid="licence-timeline">
        {events.map((e) => (
          <li key={e.id} className="relative text-sm">
            <span aria-hidden="true" className={`absolute top-1.5 -left-[1.3rem] h-2 w-2 rounded-full ${DOT[e.step] ?? 'bg-slate-500'}`} />
            <div className="flex flex-wrap items-baseline gap-x-2">
              <span className="font-medium">{t(`timeline.step.${e.step}` as 'timeline.step.awaiting')}</span>
              <span className="text-xs text-slate-500">
                <LocalTime iso={e.at} />
              </span>
              {e.by && <span className="text-xs text-slate-500">{t('timeline.by', { who: e.by })}</span>}
            </div>
            {typeof e.detail?.serviceStartTime === 'string' && (
              <div className="text-xs text-slate-600">
                {t('timeline.start')}: <LocalTime iso={e.detail.serviceStartTime} />
              </div>
            )}
            {typeof e.detail?.license === 'string' && (
              <div translate="no" className="break-all font-mono text-xs text-slate-500">
                {e.detail.license}
              </div>
            )}
            {RENEWALS.has(e.step) && typeof e.detail?.expireTime === 'string' && (
              <div className="text-xs text-slate-600">
                {t('timeline.expires')}: <LocalTime iso={e.detail.expireTime} />
              </div>
            )}
            {typeof e.detail?.sha256 === 'string' && (
              <div translate="no" className="break-all font-mono text-xs text-slate-500">
                {String(e.detail.fileName ?? '')} · SHA-256 {e.detail.sha256}
              </div>
            )}
            {e.note && <div className="whitespace-pre-wrap break-words text-xs text-slate-700">{e.note}</div>}
          </li>
        ))}
      </ol>
    </Card>
  );
}
