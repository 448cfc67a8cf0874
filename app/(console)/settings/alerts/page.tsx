import { AlertSettings } from '@/components/alerts/AlertSettings';
import { requireUser } from '@/lib/auth/guard';
import { getT } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/alerts';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** Settings → Alerts (admins): rules and channels (issue 12). */
export default async function AlertSettingsPage() {
  await requireUser('admin');
  const rt = await getRuntime();
  const t = await getT(messages);
  return (
    <main className="max-w-5xl space-y-6">
      <h1 className="text-2xl font-semibold">{t('settings.title')}</h1>
      <AlertSettings digestMinutes={rt.config.alertDigestMinutes} />
    </main>
  );
}
