import { LocaleSwitch } from '@/components/LocaleSwitch';
import { NavLinks } from '@/components/NavLinks';
import { NAV } from '@/components/nav';
import { Providers } from '@/components/Providers';
import { SignOutButton } from '@/components/SignOutButton';
import { requireUser } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { translator } from '@/lib/i18n/core';
import { getLocale } from '@/lib/i18n/server';
import common from '@/lib/i18n/messages/common';

export const dynamic = 'force-dynamic';

/** The signed-in shell: every console page is behind this session check. */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser('viewer');
  const locale = await getLocale(user);
  const t = translator(common, locale);
  const items = NAV.filter((n) => hasRole(user.role, n.role)).map((n) => ({ href: n.href, label: t(n.label) }));
  return (
    <Providers locale={locale}>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {locale === 'zh' ? '跳到正文' : 'Skip to content'}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-3">
          <span className="font-semibold">{t('appName')}</span>
          <NavLinks items={items} label={t('nav.label')} />
          <div className="ml-auto flex flex-wrap items-center gap-3 text-sm text-slate-600">
            <LocaleSwitch />
            <span data-testid="current-user">
              {user.email} · {t(`role.${user.role}`)}
            </span>
            <SignOutButton label={t('signOut')} />
          </div>
        </div>
      </header>
      <div id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none">
        {children}
      </div>
    </Providers>
  );
}
