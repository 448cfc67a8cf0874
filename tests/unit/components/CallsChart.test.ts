import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CallsChart } from '@/components/CallsChart';

describe('CallsChart', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 11, 1, h));
  const render = (buckets: { at: Date; success: number; failure: number }[], locale: 'en' | 'zh' = 'en') =>
    renderToStaticMarkup(createElement(CallsChart, { title: 'Calls', buckets, label: (d: Date) => d.toISOString(), locale }));

  it('says "No calls yet" instead of drawing an empty axis', () => {
    const html = render([at(0), at(1)].map((d) => ({ at: d, success: 0, failure: 0 })));
    expect(html).toContain('No calls yet');
    expect(html).not.toContain('<svg');
    expect(render([{ at: at(0), success: 0, failure: 0 }], 'zh')).toContain('暂无调用');
  });

  it('draws the bars once there are calls', () => {
    const html = render([
      { at: at(0), success: 0, failure: 0 },
      { at: at(1), success: 2, failure: 1 },
    ]);
    expect(html).toContain('<svg');
    expect(html).not.toContain('No calls yet');
  });
});
