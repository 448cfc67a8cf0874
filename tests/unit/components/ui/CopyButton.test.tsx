// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CopyButton } from '@/components/ui/CopyButton';
import { copyText } from '@/components/ui/copyText';
import { button, click, interact, render, type Rendered } from './render';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
  vi.useRealTimers();
  vi.unstubAllGlobals();
  delete (document as { execCommand?: unknown }).execCommand;
});

const status = (root: HTMLElement) => root.querySelector('[role="status"]')?.textContent;

describe('copyText', () => {
  it('uses the Clipboard API in a secure context', async () => {
    const writeText = vi.fn(async () => {});
    expect(await copyText('abc', { navigator: { clipboard: { writeText } }, document, isSecureContext: true })).toBe(true);
    expect(writeText).toHaveBeenCalledWith('abc');
  });

  it('falls back to a selected textarea and execCommand without the Clipboard API, and removes it again', async () => {
    let selected = '';
    const execCommand = vi.fn((cmd: string) => {
      selected = document.querySelector('textarea')?.value ?? '';
      return cmd === 'copy';
    });
    Object.assign(document, { execCommand });
    const before = document.body.children.length;
    expect(await copyText('secret line', { navigator: {}, document, isSecureContext: false })).toBe(true);
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(selected).toBe('secret line');
    expect(document.body.children.length).toBe(before);
  });

  it('falls back when the Clipboard API refuses, and reports a failure when nothing works', async () => {
    const writeText = vi.fn(async () => {
      throw new Error('NotAllowedError');
    });
    Object.assign(document, { execCommand: vi.fn(() => true) });
    expect(await copyText('x', { navigator: { clipboard: { writeText } }, document })).toBe(true);
    Object.assign(document, { execCommand: vi.fn(() => false) });
    expect(await copyText('x', { navigator: { clipboard: { writeText } }, document })).toBe(false);
  });
});

describe('CopyButton', () => {
  it('copies, says "Copied" for a moment, then "Copy" again', async () => {
    vi.useFakeTimers();
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    view = await render(<CopyButton text="curl -X POST …" />);
    await click(button(view.container, 'Copy'));
    expect(writeText).toHaveBeenCalledWith('curl -X POST …');
    expect(button(view.container, 'Copied')).toBeTruthy();
    expect(status(view.container)).toBe('Copied');
    await interact(() => vi.advanceTimersByTime(2500));
    expect(button(view.container, 'Copy')).toBeTruthy();
    expect(status(view.container)).toBe('');
  });

  it('keeps its accessible name and says to select the text when copying fails; in Chinese too', async () => {
    vi.stubGlobal('navigator', {});
    Object.assign(document, { execCommand: () => false });
    view = await render(<CopyButton text="PEM" label="Copy Public key (PEM)" />, 'zh');
    const b = button(view.container, 'Copy Public key (PEM)');
    expect(b.textContent).toBe('复制');
    await click(b);
    expect(status(view.container)).toBe('复制失败：请手动选择文本。');
    expect(b.textContent).toBe('复制');
  });
});
