import { useId, type ReactNode } from 'react';
import { unitsToString } from '@/lib/usage/units';

/**
 * One instance's billing item, hour by hour (issue 8): measured usage as a wide pale bar, what was pushed inside it,
 * what the marketplace accepted inside that, so a gap between them reads at a glance. The SVG has a title; the same
 * numbers are in a table for screen readers. Values are units (lib/usage/units.ts). Labels are passed in, so the
 * chart takes any language.
 */
export interface UsagePoint {
  hour: string;
  measured: number;
  pushed: number;
  accepted: number;
}

const W = 100;
const H = 40;

/**
 * The top of the axis for a largest value: 1, 2 or 5 times a power of ten, in units (at least 1 unit, so an all-zero
 * chart still has an axis).
 */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** Where each hour's three bars go in the 100 × 40 view box: nested, centred in the hour's slot. */
export function barGeometry(points: UsagePoint[], top = niceCeiling(Math.max(0, ...points.map((p) => Math.max(p.measured, p.pushed, p.accepted))))) {
  const slot = W / Math.max(1, points.length);
  const bar = (i: number, v: number, share: number) => {
    const h = (H * Math.min(v, top)) / top;
    const w = slot * share;
    return { x: i * slot + (slot - w) / 2, y: H - h, width: w, height: h };
  };
  return { top, bars: points.map((p, i) => ({ hour: p.hour, measured: bar(i, p.measured, 0.9), pushed: bar(i, p.pushed, 0.55), accepted: bar(i, p.accepted, 0.25) })) };
}

export interface UsageChartLabels {
  title: string;
  caption: string;
  measured: string;
  pushed: string;
  accepted: string;
  hour: string;
  empty: string;
  max: (value: string) => string;
}

export function UsageChart({ points, labels, hourLabel }: { points: UsagePoint[]; labels: UsageChartLabels; hourLabel: (iso: string) => ReactNode }) {
  const id = useId();
  const { top, bars } = barGeometry(points);
  const any = points.some((p) => p.measured > 0 || p.pushed > 0 || p.accepted > 0);
  const legend: [string, string][] = [
    [labels.measured, 'bg-slate-300'],
    [labels.pushed, 'bg-sky-500'],
    [labels.accepted, 'bg-emerald-700'],
  ];
  return (
    <figure className="min-w-0" data-testid="usage-chart">
      <figcaption className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <span translate="no" className="min-w-0 break-all font-mono text-xs font-medium">
          {labels.title}
        </span>
        <span className="flex flex-wrap gap-x-3 text-xs text-slate-600" aria-hidden="true">
          {legend.map(([text, swatch]) => (
            <span key={text} className="inline-flex items-center gap-1">
              <span className={`inline-block h-2.5 w-2.5 rounded-sm ${swatch}`} />
              {text}
            </span>
          ))}
        </span>
      </figcaption>
      {!any ? (
        <p className="mt-2 flex h-24 items-center justify-center rounded bg-slate-50 text-sm text-slate-500">{labels.empty}</p>
      ) : (
        <>
          <div className="mt-2 flex items-start gap-2">
            <span className="w-14 shrink-0 text-right text-xs text-slate-500" aria-hidden="true">
              {labels.max(unitsToString(top))}
            </span>
            <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-labelledby={`${id}-t`} className="h-28 min-w-0 flex-1 border-b border-l border-slate-300">
              <title id={`${id}-t`}>{labels.caption}</title>
              {bars.map((b) => (
                <g key={b.hour}>
                  <rect {...b.measured} className="fill-slate-300" />
                  <rect {...b.pushed} className="fill-sky-500" />
                  <rect {...b.accepted} className="fill-emerald-700" />
                </g>
              ))}
            </svg>
          </div>
          <div className="ml-16 mt-1 flex justify-between gap-2 text-xs text-slate-500" aria-hidden="true">
            <span>{points[0] ? hourLabel(points[0].hour) : ''}</span>
            <span>{points.at(-1) ? hourLabel(points.at(-1)!.hour) : ''}</span>
          </div>
        </>
      )}
      {/* a div clips the table: an sr-only table is as wide as its cells and would widen a phone's page */}
      <div className="sr-only">
      <table>
        <caption>{labels.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{labels.hour}</th>
            <th scope="col">{labels.measured}</th>
            <th scope="col">{labels.pushed}</th>
            <th scope="col">{labels.accepted}</th>
          </tr>
        </thead>
        <tbody>
          {points
            .filter((p) => p.measured || p.pushed || p.accepted)
            .map((p) => (
              <tr key={p.hour}>
                <th scope="row">{hourLabel(p.hour)}</th>
                <td>{unitsToString(p.measured)}</td>
                <td>{unitsToString(p.pushed)}</td>
                <td>{unitsToString(p.accepted)}</td>
              </tr>
            ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
