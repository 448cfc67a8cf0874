import { getT } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/instances';

export default async function Loading() {
  const t = await getT(messages);
  return (
    <main aria-busy="true">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-6 rounded-lg border border-slate-200 bg-white p-6 text-slate-600 shadow-sm" role="status">
        {t('loadingPage')}
      </p>
    </main>
  );
}
