'use client';

import { useSetLocale } from '@/lib/client/hooks/locale';
import { LOCALE_NAMES, LOCALES } from '@/lib/i18n/core';
import { useLocale, useT } from '@/lib/i18n/client';
import common from '@/lib/i18n/messages/common';
import { Button } from './ui';

/** English / 中文: remembered for the signed-in user (and in a cookie for the sign-in page), then the page re-renders. */
export function LocaleSwitch() {
  const locale = useLocale();
  const t = useT(common);
  const setLocale = useSetLocale();
  return (
    <div role="group" aria-label={t('language')} className="flex items-center gap-1 text-sm">
      {LOCALES.map((l) => (
        <Button
          key={l}
          variant="ghost"
          lang={l === 'zh' ? 'zh-CN' : 'en'}
          disabled={setLocale.isPending}
          aria-pressed={l === locale}
          onClick={() => l !== locale && setLocale.mutate(l)}
          className={l === locale ? 'bg-slate-200 font-medium' : undefined}
        >
          {LOCALE_NAMES[l]}
        </Button>
      ))}
      {setLocale.error && (
        <span role="alert" className="text-red-700">
          {setLocale.error.message}
        </span>
      )}
    </div>
  );
}
