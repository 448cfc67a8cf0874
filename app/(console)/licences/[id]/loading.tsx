import common from '@/lib/i18n/messages/common';
import { getT } from '@/lib/i18n/server';

export default async function Loading() {
  const c = await getT(common);
  return (
    <main aria-busy="true">
      <p className="rounded-lg border border-slate-200 bg-white p-6 text-slate-600 shadow-sm" role="status">
        {c('loading')}
      </p>
    </main>
  );
}
