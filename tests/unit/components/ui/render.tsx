import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { LocaleProvider } from '@/lib/i18n/client';
import type { Locale } from '@/lib/i18n/core';

// React's act() warns unless the environment says it is a test
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Rendered {
  container: HTMLElement;
  rerender(node: ReactNode): Promise<void>;
  unmount(): Promise<void>;
}

/** Mounts `node` into the (happy-dom) document inside the console's LocaleProvider; files using it declare `@vitest-environment happy-dom`. */
export async function render(node: ReactNode, locale: Locale = 'en'): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root: Root = createRoot(container);
  const wrap = (n: ReactNode) => <LocaleProvider locale={locale}>{n}</LocaleProvider>;
  await act(async () => root.render(wrap(node)));
  return {
    container,
    rerender: async (n) => act(async () => root.render(wrap(n))),
    unmount: async () => {
      await act(async () => root.unmount());
      container.remove();
    },
  };
}

/** Runs `fn` (a click, a key) inside act() and lets the promises it started settle. */
export async function interact(fn: () => unknown): Promise<void> {
  await act(async () => {
    fn();
    await Promise.resolve();
  });
}

export function click(el: Element | null | undefined): Promise<void> {
  if (!el) throw new Error('nothing to click');
  return interact(() => (el as HTMLElement).click());
}

/** The first button whose text or aria-label is `name`. */
export function button(root: ParentNode, name: string | RegExp): HTMLButtonElement {
  const all = [...root.querySelectorAll('button')];
  const found = all.find((b) => {
    const n = b.getAttribute('aria-label') ?? b.textContent ?? '';
    return typeof name === 'string' ? n.trim() === name : name.test(n);
  });
  if (!found) throw new Error(`no button named ${String(name)} among: ${all.map((b) => b.textContent).join(', ')}`);
  return found;
}
