'use client';

import { createContext, useContext, useMemo } from 'react';
import { DEFAULT_LOCALE, translator, type Locale, type Messages, type Translate } from './core';

const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

/** Set once in a layout from the server's getLocale(); client components read it with useLocale / useT. */
export function LocaleProvider({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

/** A translator for a client component. */
export function useT<K extends string>(messages: Messages<K>): Translate<K> {
  const locale = useLocale();
  return useMemo(() => translator(messages, locale), [messages, locale]);
}
