import { cookies, headers } from 'next/headers';
import { currentUser } from '../auth/guard';
import { isLocale, localeFromAcceptLanguage, LOCALE_COOKIE, translator, type Locale, type Messages, type Translate } from './core';

/** The reader's language: the signed-in user's choice, else the cookie set by the switcher, else Accept-Language. */
export async function getLocale(): Promise<Locale> {
  const user = await currentUser().catch(() => null);
  if (user && isLocale(user.locale)) return user.locale;
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage((await headers()).get('accept-language'));
}

/** A translator for a server component. */
export async function getT<K extends string>(messages: Messages<K>): Promise<Translate<K>> {
  return translator(messages, await getLocale());
}
