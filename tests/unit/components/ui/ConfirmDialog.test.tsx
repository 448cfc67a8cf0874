// @vitest-environment happy-dom
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { ConfirmProvider, useConfirm } from '@/components/ui/useConfirm';
import { button, click, interact, render, type Rendered } from './render';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

/** A page with one button that asks before it acts, recording each answer. */
function Asker({ answers }: { answers: boolean[] }) {
  const confirm = useConfirm();
  const [n, setN] = useState(0);
  return (
    <button
      type="button"
      onClick={async () => {
        const ok = await confirm({ title: 'Unmark OFFI1?', message: 'Deliveries are removed.', confirmLabel: 'Unmark', tone: 'danger' });
        answers.push(ok);
        setN(n + 1);
      }}
    >
      Ask ({n})
    </button>
  );
}

const dialog = () => document.querySelector('dialog')!;
const escape = () => interact(() => dialog().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true })));

/** Renders an asker inside the provider and asks once: the dialog is open, the asker's button has had the focus. */
async function askOnce(): Promise<{ answers: boolean[]; ask: HTMLButtonElement }> {
  const answers: boolean[] = [];
  view = await render((
    <ConfirmProvider>
      <Asker answers={answers} />
    </ConfirmProvider>
  ));
  const ask = button(view.container, /^Ask/) as HTMLButtonElement;
  ask.focus();
  await click(ask);
  expect(dialog().open).toBe(true);
  return { answers, ask };
}

describe('useConfirm', () => {
  it('resolves true when confirmed and false when cancelled, closing the dialog and returning the focus', async () => {
    const { answers, ask } = await askOnce();
    expect(dialog().textContent).toContain('Unmark OFFI1?');
    expect(dialog().getAttribute('aria-labelledby')).toBe(dialog().querySelector('h2')!.id);
    expect(document.getElementById(dialog().getAttribute('aria-describedby')!)!.textContent).toBe('Deliveries are removed.');
    // Cancel has the focus, so Enter does not confirm by accident
    expect(document.activeElement).toBe(button(dialog(), 'Cancel'));
    await click(button(dialog(), 'Unmark'));
    expect(answers).toEqual([true]);
    expect(dialog().open).toBe(false);
    expect(document.activeElement).toBe(ask);

    await click(ask);
    await click(button(dialog(), 'Cancel'));
    expect(answers).toEqual([true, false]);
    expect(dialog().open).toBe(false);
  });

  it('Escape cancels', async () => {
    const { answers, ask } = await askOnce();
    await escape();
    expect(answers).toEqual([false]);
    expect(dialog().open).toBe(false);
    expect(document.activeElement).toBe(ask);
  });

  it('speaks Chinese with default labels', async () => {
    function Plain() {
      const confirm = useConfirm();
      return (
        <button type="button" onClick={() => void confirm({ title: '确定？' })}>
          go
        </button>
      );
    }
    view = await render((
        <ConfirmProvider>
          <Plain />
        </ConfirmProvider>
      ), 'zh');
    await click(button(view.container, 'go'));
    expect(button(dialog(), '取消')).toBeTruthy();
    expect(button(dialog(), '确认')).toBeTruthy();
  });

  it('says where the provider is missing', async () => {
    // React reports the render error to the window too: keep it off the console
    const onError = (e: ErrorEvent) => e.preventDefault();
    window.addEventListener('error', onError);
    await expect(render(<Asker answers={[]} />)).rejects.toThrow(/ConfirmProvider/);
    window.removeEventListener('error', onError);
  });
});

describe('ConfirmDialog (controlled)', () => {
  it('stays open while busy and shows why the action failed', async () => {
    const calls: string[] = [];
    const props = { title: 'Freeze this instance?', confirmLabel: 'Freeze', onConfirm: () => calls.push('confirm'), onCancel: () => calls.push('cancel') };
    view = await render(<ConfirmDialog {...props} open />);
    await click(button(dialog(), 'Freeze'));
    expect(calls).toEqual(['confirm']);
    await view.rerender(<ConfirmDialog {...props} open busy error="The instance is no longer active." />);
    expect(dialog().open).toBe(true);
    expect(button(dialog(), /Working/).disabled).toBe(true);
    expect(dialog().querySelector('[role="alert"]')!.textContent).toBe('The instance is no longer active.');
    await escape();
    expect(calls).toEqual(['confirm', 'cancel']);
    await view.rerender(<ConfirmDialog {...props} open={false} />);
    expect(dialog().open).toBe(false);
  });
});
