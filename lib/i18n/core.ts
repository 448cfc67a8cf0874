/**
 * Console translations, English and Chinese. Pure and client-safe: server pages and client components both build a
 * translator from a message module and a locale.
 *
 * A message module is `defineMessages({ en: {...}, zh: {...} })`: the type makes every English key present in
 * Chinese too. Values may hold `{name}` placeholders, filled from `t(key, { name })`.
 */
export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
/** The cookie that remembers the choice before sign-in (after sign-in, the user's row decides). */
export const LOCALE_COOKIE = 'locale';

export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', zh: '中文' };
/** BCP 47 tags for Intl formatting. */
export const LOCALE_TAGS: Record<Locale, string> = { en: 'en-GB', zh: 'zh-CN' };

export type Messages<K extends string = string> = { en: Record<K, string>; zh: Record<K, string> };

export function defineMessages<const E extends Record<string, string>>(m: { en: E; zh: { [K in keyof E]: string } }): Messages<Extract<keyof E, string>> {
  return m as Messages<Extract<keyof E, string>>;
}

export type Vars = Record<string, string | number | bigint | null | undefined>;
export type Translate<K extends string> = (key: K, vars?: Vars) => string;

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** The first supported language in an Accept-Language header, else English. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}

/**
 * The reader's language: the signed-in user's own choice, else the cookie the language switch sets, else the browser's
 * Accept-Language. A user who never chose (locale null) sees the console in the browser's language on the first visit.
 */
export function chooseLocale(userLocale: string | null | undefined, cookie: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  if (isLocale(userLocale)) return userLocale;
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(acceptLanguage);
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined || v === null ? whole : String(v);
  });
}

/** t(key, vars) for one message module in one locale; an unknown key falls back to English, then to the key. */
export function translator<K extends string>(messages: Messages<K>, locale: Locale): Translate<K> {
  const table = messages[locale] ?? messages.en;
  return (key, vars) => interpolate(table[key] ?? messages.en[key] ?? key, vars);
}
