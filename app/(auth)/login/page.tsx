import { Suspense } from 'react';
import { LocaleSwitch } from '@/components/LocaleSwitch';
import { Providers } from '@/components/Providers';
import { translator } from '@/lib/i18n/core';
import login from '@/lib/i18n/messages/login';
import { getLocale } from '@/lib/i18n/server';
import { LoginForm } from './LoginForm';

export const dynamic = 'force-dynamic';

export default async function LoginPage() {
  const locale = await getLocale();
  const t = translator(login, locale);
  return (
    <Providers locale={locale}>
      <main className="mx-auto max-w-sm px-4 py-16">
        <div className="mb-6 flex justify-end">
          <LocaleSwitch />
        </div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="mt-1 text-sm text-slate-600">{t('intro')}</p>
        <Suspense>
          <LoginForm />
        </Suspense>
      </main>
    </Providers>
  );
}
