import { isLocale, translator, type Locale, type Vars } from '../i18n/core';
import common from '../i18n/messages/common';
import licenceMessages from '../i18n/messages/licences';

/**
 * Refusals and form errors of the licence actions as translation keys (lib/i18n/messages/licences, `err.*`). Each
 * refusal carries its key and values besides its English text; the English is generated from the same catalogue, so
 * the text the API, the audit log and the tests see cannot drift from the key. The console API answers in the
 * signed-in user's language (licenceErrorBody).
 */
export type LicenceErrorKey = Extract<keyof (typeof licenceMessages)['en'], `err.${string}`>;
export interface LicenceMessage {
  key: LicenceErrorKey;
  vars?: Vars;
}

const en = translator(licenceMessages, 'en');

/** The English text of a refusal: what the API, the audit log and the tests have always seen. */
export function englishText(m: LicenceMessage): string {
  return en(m.key, m.vars);
}

/**
 * The text in `locale`. English fills the values as they are (`delivered`, `support`, `serviceStartTime`); other
 * languages show the status, role and field names in their own words.
 */
export function licenceText(m: LicenceMessage, locale: Locale): string {
  if (locale === 'en') return englishText(m);
  const t = translator(licenceMessages, locale);
  const vars: Vars = { ...m.vars };
  if (typeof vars.status === 'string') vars.status = t(`status.${vars.status}` as never);
  if (typeof vars.field === 'string' && `field.${vars.field}` in licenceMessages.en) vars.field = t(`field.${vars.field}` as never);
  if (typeof vars.role === 'string') vars.role = translator(common, locale)(`role.${vars.role}` as never);
  return t(m.key, vars);
}

/** A refusal as the console API answers it: the text in the user's language, the field at fault, the key. */
export function licenceErrorBody(r: { reason: string; field?: string; i18n?: LicenceMessage }, userLocale: string | null | undefined): { error: string; field?: string; key?: LicenceErrorKey } {
  const locale: Locale = isLocale(userLocale) ? userLocale : 'en';
  return { error: r.i18n ? licenceText(r.i18n, locale) : r.reason, field: r.field, key: r.i18n?.key };
}
