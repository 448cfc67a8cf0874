import { translator, type Locale, type Vars } from '../i18n/core';
import login from '../i18n/messages/login';

/**
 * Why a sign-in was refused. authorize() throws the English text (next-auth hands the message to the form as
 * `error`, and logs and tests read it); the form shows it in the reader's language. Client-safe.
 */
export type SignInRefusal = 'wrong' | 'locked' | 'disabled';

const en = translator(login, 'en');

export function signInRefusal(kind: SignInRefusal, vars?: Vars): string {
  return en(kind, vars);
}

const escape = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
const PATTERNS = (['wrong', 'locked', 'disabled'] as const).map((kind) => ({
  kind,
  re: new RegExp(`^${escape(login.en[kind]).replace(/\{(\w+)\}/g, '(?<$1>\\d+)')}$`),
}));

/**
 * The form's text for next-auth's `error`: a refusal above in `locale`; next-auth's generic CredentialsSignin as a
 * wrong password; anything else as it came.
 */
export function localiseSignInError(error: string, locale: Locale): string {
  const t = translator(login, locale);
  if (error === 'CredentialsSignin') return t('wrong');
  for (const { kind, re } of PATTERNS) {
    const m = re.exec(error);
    if (m) return t(kind, m.groups);
  }
  return error;
}
