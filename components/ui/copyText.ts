/** Where copyText reaches the clipboard; the browser's own objects unless a test hands others. */
export interface ClipboardEnv {
  navigator?: { clipboard?: { writeText(text: string): Promise<void> } };
  document?: Document;
  isSecureContext?: boolean;
}

/**
 * Puts `text` on the clipboard. The Clipboard API exists only in secure contexts (https, localhost); a console opened
 * over plain http on another host falls back to selecting a hidden textarea and `execCommand('copy')`, which browsers
 * still honour inside a click. Resolves to whether the text was copied; never throws.
 */
export async function copyText(text: string, env: ClipboardEnv = globalThis as ClipboardEnv): Promise<boolean> {
  const clipboard = env.navigator?.clipboard;
  if (clipboard && env.isSecureContext !== false) {
    try {
      await clipboard.writeText(text);
      return true;
    } catch {
      // denied (no permission, document not focused): the fallback may still work
    }
  }
  return copyWithSelection(text, env.document);
}

function copyWithSelection(text: string, doc: Document | undefined): boolean {
  if (!doc?.body || typeof doc.execCommand !== 'function') return false;
  const focused = doc.activeElement as HTMLElement | null;
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.setAttribute('aria-hidden', 'true');
  area.style.position = 'fixed';
  area.style.top = '0';
  area.style.left = '-9999px';
  area.style.opacity = '0';
  doc.body.appendChild(area);
  area.focus();
  area.select();
  let ok = false;
  try {
    ok = doc.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  focused?.focus?.();
  return ok;
}
