import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { barGeometry, niceCeiling, UsageChart, type UsagePoint } from '@/components/UsageChart';

const labels = { title: 'i-1 · sms', caption: 'Hourly usage of i-1', measured: 'Measured', pushed: 'Pushed', accepted: 'Accepted', hour: 'Hour', empty: 'No usage', max: (v: string) => `max ${v}` };
const p = (hour: number, measured: number, pushed: number, accepted: number): UsagePoint => ({ hour: new Date(Date.UTC(2026, 11, 1, hour)).toISOString(), measured, pushed, accepted });

describe('UsageChart scaling', () => {
  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, -3, 1, 7, 10, 11, 19, 20, 21, 51, 99, 100, 101, 125_000, 990_000].map(niceCeiling)).toEqual([1, 1, 1, 10, 10, 20, 20, 20, 50, 100, 100, 100, 200, 200_000, 1_000_000]);
  });

  it('draws nested bars: measured widest, pushed and accepted inside, heights in proportion to the axis', () => {
    const { top, bars } = barGeometry([p(0, 50, 50, 25), p(1, 100, 0, 0)]);
    expect(top).toBe(100);
    expect(bars[0]!.measured).toEqual({ x: 2.5, y: 20, width: 45, height: 20 });
    expect(bars[0]!.accepted.height).toBe(10);
    expect(bars[0]!.pushed.width).toBeLessThan(bars[0]!.measured.width);
    expect(bars[0]!.accepted.width).toBeLessThan(bars[0]!.pushed.width);
    expect(bars[1]!.measured).toMatchObject({ y: 0, height: 40 });
    expect(bars[1]!.pushed.height).toBe(0);
  });

  it('has a title and a table of the hours with usage; an empty chart says so', () => {
    const html = renderToStaticMarkup(createElement(UsageChart, { points: [p(0, 125_000, 125_000, 0), p(1, 0, 0, 0)], labels, hourLabel: (iso: string) => iso }));
    expect(html).toContain('role="img"');
    expect(html).toMatch(/<title id="[^"]+">Hourly usage of i-1<\/title>/);
    expect(html).toContain('<td>12.5</td>');
    expect(html.match(/<tr>/g)).toHaveLength(2);
    const empty = renderToStaticMarkup(createElement(UsageChart, { points: [p(0, 0, 0, 0)], labels, hourLabel: (iso: string) => iso }));
    expect(empty).toContain('No usage');
    expect(empty).not.toContain('<svg');
  });
});
