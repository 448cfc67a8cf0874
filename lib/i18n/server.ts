import { cookies, headers } from 'next/headers';
import { currentUser } from '../auth/guard';
import type { ConsoleUser } from '../auth/users';
import { chooseLocale, LOCALE_COOKIE, translator, type Locale, type Messages, type Translate } from './core';

/**
 * The reader's language (core.ts chooseLocale): the signed-in user's choice, else the cookie set by the switcher, else
 * Accept-Language. Pass the user when the caller has loaded it already.
 */
export async function getLocale(user?: Pick<ConsoleUser, 'locale'> | null): Promise<Locale> {
  const u = user === undefined ? await currentUser().catch(() => null) : user;
  return chooseLocale(u?.locale, (await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get('accept-language'));
}

/** A translator for a server component. */
export async function getT<K extends string>(messages: Messages<K>): Promise<Translate<K>> {
  return translator(messages, await getLocale());
}
