import { CARD_CLASS } from '@/components/ui';
import { LOCALE_TAGS, translator, type Locale } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/overview';

/** Stacked bars of successes (green) and failures (red) per time bucket, with a table for screen readers. */
export function CallsChart({
  title,
  buckets,
  label,
  locale,
}: {
  title: string;
  buckets: { at: Date; success: number; failure: number }[];
  /** the axis label of a bucket: a string, or a node such as <LocalTime> in the reader's zone */
  label: (d: Date) => React.ReactNode;
  locale: Locale;
}) {
  const t = translator(messages, locale);
  const tag = LOCALE_TAGS[locale];
  const max = Math.max(1, ...buckets.map((b) => b.success + b.failure));
  const w = 100 / Math.max(1, buckets.length);
  const total = buckets.reduce((a, b) => ({ s: a.s + b.success, f: a.f + b.failure }), { s: 0, f: 0 });
  const rate = total.s + total.f ? (100 * total.f) / (total.s + total.f) : 0;
  return (
    <figure className={CARD_CLASS}>
      <figcaption className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-medium">{title}</span>
        <span className="text-sm text-slate-600">
          {t('chart.calls', { n: (total.s + total.f).toLocaleString(tag) })} ·{' '}
          <span className={rate > 0 ? 'text-red-700' : ''}>
            {t('chart.failed', { rate: rate.toLocaleString(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}
          </span>
        </span>
      </figcaption>
      {total.s + total.f === 0 ? (
        // an empty axis reads as "broken"; say what it means instead
        <p className="mt-3 flex h-32 items-center justify-center rounded bg-slate-50 text-sm text-slate-500">{t('chart.empty')}</p>
      ) : (
        <>
          <svg viewBox="0 0 100 40" preserveAspectRatio="none" className="mt-3 h-32 w-full" aria-hidden="true">
            {buckets.map((b, i) => {
              const hs = (40 * b.success) / max;
              const hf = (40 * b.failure) / max;
              return (
                <g key={b.at.toISOString()}>
                  <rect x={i * w + w * 0.1} y={40 - hs - hf} width={w * 0.8} height={hf} className="fill-red-600" />
                  <rect x={i * w + w * 0.1} y={40 - hs} width={w * 0.8} height={hs} className="fill-green-600" />
                </g>
              );
            })}
          </svg>
          <div className="mt-1 flex justify-between text-xs text-slate-500" aria-hidden="true">
            <span>{buckets[0] ? label(buckets[0].at) : ''}</span>
            <span>{buckets.at(-1) ? label(buckets.at(-1)!.at) : ''}</span>
          </div>
          <table className="sr-only">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th>{t('chart.from')}</th>
                <th>{t('chart.successes')}</th>
                <th>{t('chart.failures')}</th>
              </tr>
            </thead>
            <tbody>
              {buckets.map((b) => (
                <tr key={b.at.toISOString()}>
                  <td>{label(b.at)}</td>
                  <td>{b.success}</td>
                  <td>{b.failure}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
