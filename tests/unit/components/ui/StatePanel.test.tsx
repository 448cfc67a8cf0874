// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatePanel, type QueryLike } from '@/components/ui/StatePanel';
import { ApiError } from '@/lib/client/api';
import { button, click, render, type Rendered } from './render';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

const query = (q: Partial<QueryLike<string[]>>): QueryLike<string[]> => ({ data: undefined, error: null, isPending: false, isError: false, refetch: vi.fn(), ...q });
const list = (data: string[]) => (
  <ul>
    {data.map((d) => (
      <li key={d}>{d}</li>
    ))}
  </ul>
);

describe('StatePanel', () => {
  it('shows loading while the query is pending', async () => {
    view = await render(<StatePanel<string[]> query={query({ isPending: true })}>{list}</StatePanel>);
    const panel = view.container.querySelector('[role="status"]')!;
    expect(panel.textContent).toBe('Loading…');
    expect(panel.getAttribute('aria-busy')).toBe('true');
    await view.rerender(<StatePanel<string[]> query={query({ isPending: true })} loading="Loading calls…">{list}</StatePanel>);
    expect(view.container.textContent).toBe('Loading calls…');
  });

  it('shows the empty state for no data, in the reader’s language', async () => {
    view = await render(<StatePanel<string[]> query={query({ data: [] })}>{list}</StatePanel>, 'zh');
    expect(view.container.textContent).toBe('暂无内容。');
    expect(view.container.querySelector('ul')).toBeNull();
  });

  it('shows an ApiError’s message with a Retry that refetches', async () => {
    const q = query({ isError: true, error: new ApiError(403, 'errors.forbidden', 'Only an admin may do this.') });
    view = await render(<StatePanel<string[]> query={q} errorTitle="The calls could not be loaded.">{list}</StatePanel>);
    const alert = view.container.querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('The calls could not be loaded.');
    expect(alert.textContent).toContain('Only an admin may do this.');
    await click(button(alert, 'Try again'));
    expect(q.refetch).toHaveBeenCalledTimes(1);
  });

  it('shows the data once there is some, even when a refresh failed', async () => {
    view = await render(<StatePanel<string[]> query={query({ data: ['a', 'b'] })}>{list}</StatePanel>);
    expect([...view.container.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['a', 'b']);
    await view.rerender(<StatePanel<string[]> query={query({ data: ['a'], isError: true, error: new Error('HTTP 502') })}>{list}</StatePanel>);
    expect(view.container.querySelector('[role="alert"]')).toBeNull();
    expect(view.container.textContent).toBe('a');
  });

  it('takes explicit states: an error without a retry, one with its own retry and message', async () => {
    view = await render(<StatePanel state="error" error="Something broke" />);
    expect(view.container.textContent).toBe('Something broke');
    expect(view.container.querySelector('button')).toBeNull();
    const onRetry = vi.fn();
    await view.rerender(<StatePanel state="error" error={{}} onRetry={onRetry} />);
    expect(view.container.textContent).toContain('Something went wrong.');
    await click(button(view.container, 'Try again'));
    expect(onRetry).toHaveBeenCalledTimes(1);
    await view.rerender(<StatePanel state="empty" empty="No failures." />);
    expect(view.container.textContent).toBe('No failures.');
  });
});
