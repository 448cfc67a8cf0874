// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataTable, type Column, type DataTableProps } from '@/components/ui/DataTable';
import { button, click, render, type Rendered } from './render';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

type Row = { id: string; activity: string; code: string };
const columns: Column<Row>[] = [
  { key: 'id', header: 'Call', cell: (r) => r.id },
  { key: 'activity', header: 'Activity', cell: (r) => r.activity },
  { key: 'code', header: 'Result', cell: (r) => r.code, hideBelow: 'md' },
];
const rows: Row[] = [
  { id: 'c1', activity: 'newInstance', code: '000000' },
  { id: 'c2', activity: 'refreshInstance', code: '000005' },
];
const table = (p: Partial<DataTableProps<Row>> = {}) => <DataTable<Row> columns={columns} rows={rows} rowKey={(r) => r.id} {...p} />;

describe('DataTable', () => {
  it('renders a header and one row per item, with the narrow layout’s labels beside the values', async () => {
    view = await render(table({ caption: 'Calls', rowTestId: 'call-row' }));
    const c = view.container;
    expect([...c.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Call', 'Activity', 'Result']);
    expect(c.querySelector('caption')!.textContent).toBe('Calls');
    const trs = c.querySelectorAll('[data-testid="call-row"]');
    expect(trs).toHaveLength(2);
    const cells = [...trs[1]!.querySelectorAll('td')];
    expect(cells.map((td) => td.textContent)).toEqual(['c2', 'ActivityrefreshInstance', 'Result000005']);
    // the label is for the stacked cards only; screen readers have the header
    expect(cells[1]!.querySelector('[aria-hidden="true"]')!.className).toContain('sm:hidden');
    expect(cells[2]!.className).toContain('hidden md:table-cell');
  });

  it('links each row from its first cell, reachable by keyboard and stretched over the row', async () => {
    view = await render(table({ rowHref: (r) => `/calls/${r.id}`, rowLinkLabel: (r) => `Call ${r.id}` }));
    const links = [...view.container.querySelectorAll('a')];
    expect(links.map((a) => [a.getAttribute('href'), a.getAttribute('aria-label'), a.closest('td')!.cellIndex])).toEqual([
      ['/calls/c1', 'Call c1', 0],
      ['/calls/c2', 'Call c2', 0],
    ]);
    expect(links[0]!.className).toContain('after:absolute');
    expect(links[0]!.closest('tr')!.className).toContain('relative');
    // a link is in the tab order as it is: no tabindex taking it out
    expect(links[0]!.hasAttribute('tabindex')).toBe(false);
  });

  it('shows the empty state instead of a table', async () => {
    view = await render(table({ rows: [], empty: 'No calls match these filters.' }));
    expect(view.container.querySelector('table')).toBeNull();
    expect(view.container.textContent).toBe('No calls match these filters.');
    await view.rerender(table({ rows: [] }));
    expect(view.container.textContent).toBe('Nothing here yet.');
  });

  it('loads more on request, waits while loading, and says when the end is reached', async () => {
    const onLoadMore = vi.fn();
    view = await render(table({ hasMore: true, onLoadMore, footer: '2 shown' }));
    await click(button(view.container, 'Load more'));
    expect(onLoadMore).toHaveBeenCalledTimes(1);
    expect(view.container.textContent).toContain('2 shown');
    await view.rerender(table({ hasMore: true, onLoadMore, loadingMore: true }));
    const busy = button(view.container, /Loading/);
    expect(busy.disabled).toBe(true);
    expect(busy.getAttribute('aria-busy')).toBe('true');
    await view.rerender(table({ hasMore: true, onLoadMore, loadMoreError: 'HTTP 500' }));
    expect(view.container.querySelector('[role="alert"]')!.textContent).toBe('HTTP 500');
    await view.rerender(table({ hasMore: false, onLoadMore }));
    expect(view.container.querySelector('button')).toBeNull();
    expect(view.container.textContent).toContain('That is all.');
    // not paged: no footer at all
    await view.rerender(table());
    expect(view.container.textContent).not.toContain('That is all.');
  });
});
