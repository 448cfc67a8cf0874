'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorOf } from '@/lib/client/api';
import { LOCALE_NAMES, LOCALES, type Locale } from '@/lib/i18n/core';
import { useLocale, useT } from '@/lib/i18n/client';
import common from '@/lib/i18n/messages/common';

/** English / 中文: remembered for the signed-in user (and in a cookie for the sign-in page), then the page re-renders. */
export function LocaleSwitch() {
  const locale = useLocale();
  const t = useT(common);
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function choose(next: Locale) {
    if (next === locale) return;
    setPending(true);
    setError(undefined);
    try {
      const res = await fetch('/api/locale', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: next }) });
      if (!res.ok) setError((await errorOf(res, locale)).message);
      else router.refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPending(false);
    }
  }

  return (
    <div role="group" aria-label={t('language')} className="flex items-center gap-1 text-sm">
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l === 'zh' ? 'zh-CN' : 'en'}
          disabled={pending}
          aria-pressed={l === locale}
          onClick={() => choose(l)}
          className={`rounded px-2 py-1 focus:outline-2 focus:outline-red-700 ${l === locale ? 'bg-slate-200 font-medium' : 'hover:bg-slate-100'}`}
        >
          {LOCALE_NAMES[l]}
        </button>
      ))}
      {error && (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      )}
    </div>
  );
}
