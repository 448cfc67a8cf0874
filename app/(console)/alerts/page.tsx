import Link from 'next/link';
import { AlertList } from '@/components/alerts/AlertList';
import { requireUser } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { getT } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/alerts';

export const dynamic = 'force-dynamic';

/** The alerts (issue 12): open ones with acknowledge, and those resolved in the last 7 days; admins configure them. */
export default async function AlertsPage() {
  const user = await requireUser('viewer');
  const t = await getT(messages);
  return (
    <main className="max-w-5xl space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t('page.title')}</h1>
        {hasRole(user.role, 'admin') && (
          <Link href="/settings/alerts" className="text-sm font-medium text-red-800 underline">
            {t('page.configure')}
          </Link>
        )}
      </div>
      <p className="text-sm text-slate-600">{t('page.intro')}</p>
      <AlertList canAcknowledge={hasRole(user.role, 'support')} />
    </main>
  );
}
