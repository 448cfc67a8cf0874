import { getT } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/instances';

export default async function Loading() {
  const t = await getT(messages);
  return (
    <main aria-busy="true">
      <p className="rounded-lg border border-slate-200 bg-white p-6 text-slate-600 shadow-sm" role="status">
        {t('loadingInstance')}
      </p>
    </main>
  );
}
