'use server';

import { timingSafeEqual } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { chooseLocale, LOCALE_COOKIE, translator } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/tenantPage';
import { getRuntime } from '@/lib/runtime';
import { decryptAtRest } from '@/lib/secrets';
import { findTenant } from '@/lib/tenants/queries';
import { tenantCookieName, tenantCookieOptions, tenantCookieValue } from '@/lib/tenants/session';

export interface SignInState {
  error?: string;
  /** kept so the form does not make the user type it again */
  userName?: string;
}

/** Signs the tenant's admin in with the user name and password delivered in appInfo. */
export async function signInTenant(tenantId: string, _prev: SignInState, form: FormData): Promise<SignInState> {
  const rt = await getRuntime();
  const t = translator(messages, chooseLocale(null, (await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get('accept-language')));
  const tenant = await findTenant(rt.prisma, tenantId);
  if (!tenant) return { error: t('noTenant') };
  if (tenant.instance.status === 'released') return { error: t('ended') };
  const user = String(form.get('userName') ?? '');
  const password = Buffer.from(String(form.get('password') ?? ''));
  const expected = Buffer.from(decryptAtRest(rt.secrets.encryptionKey, tenant.passwordEnc));
  const ok = user === tenant.adminUser && password.length === expected.length && timingSafeEqual(password, expected);
  if (!ok) {
    await new Promise((r) => setTimeout(r, 400)); // slows guessing down
    return { error: t('wrong'), userName: user };
  }
  (await cookies()).set(tenantCookieName(tenantId), tenantCookieValue(rt.secrets.sessionSecret, tenantId), tenantCookieOptions(rt.config.publicUrl, tenantId));
  redirect(`/t/${tenantId}`);
}

export async function signOutTenant(tenantId: string): Promise<void> {
  (await cookies()).delete({ name: tenantCookieName(tenantId), path: `/t/${tenantId}` });
  redirect(`/t/${tenantId}`);
}
