'use client';

import { useEffect, useState, type ReactNode } from 'react';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/ui';
import { Button, type ButtonSize } from './Button';
import { copyText } from './copyText';

export interface CopyButtonProps {
  /** what goes on the clipboard */
  text: string;
  /** the accessible name, when "Copy" alone would not say what is copied ("Copy public key") */
  label?: string;
  /** the visible word (default "Copy", then "Copied" for a moment) */
  children?: ReactNode;
  size?: ButtonSize;
  className?: string;
  'data-testid'?: string;
}

const FEEDBACK_MS = 2000;

/** Copies `text` to the clipboard and says so ("Copied", announced politely), or says to select the text instead. */
export function CopyButton({ text, label, children, size = 'md', className, 'data-testid': testId }: CopyButtonProps) {
  const t = useT(messages);
  const [result, setResult] = useState<{ text: string; ok: boolean } | null>(null);
  // the feedback belongs to the text that was copied: a new text is not copied yet
  const state = result?.text !== text ? 'idle' : result.ok ? 'copied' : 'failed';
  useEffect(() => {
    if (!result?.ok) return;
    const timer = setTimeout(() => setResult(null), FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [result]);
  return (
    <span className="inline-flex items-center gap-2">
      <Button size={size} className={className} aria-label={label} data-testid={testId} onClick={async () => setResult({ text, ok: await copyText(text) })}>
        {state === 'copied' ? t('copied') : (children ?? t('copy'))}
      </Button>
      <span role="status" className={`text-xs ${state === 'failed' ? 'text-red-700' : 'sr-only'}`}>
        {state === 'copied' ? t('copied') : state === 'failed' ? t('copyFailed') : ''}
      </span>
    </span>
  );
}
