'use client';

import { useState } from 'react';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/licences';

/** Copies `text` to the clipboard and says whether it worked. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useT(messages);
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        aria-label={label}
        className="rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100 focus:outline-2 focus:outline-offset-1 focus:outline-red-700"
        onClick={() =>
          navigator.clipboard
            .writeText(text)
            .then(() => setState('copied'))
            .catch(() => setState('failed'))
        }
      >
        {t('key.copy')}
      </button>
      <span role="status" className={`text-xs ${state === 'failed' ? 'text-red-700' : 'text-emerald-800'}`}>
        {state === 'copied' ? t('key.copied') : state === 'failed' ? t('key.copyFailed') : ''}
      </span>
    </span>
  );
}
