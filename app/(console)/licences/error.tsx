'use client';

import common from '@/lib/i18n/messages/common';
import messages from '@/lib/i18n/messages/licences';
import { useT } from '@/lib/i18n/client';

export default function LicencesError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useT(messages);
  const c = useT(common);
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <div role="alert" className="mt-6 rounded-lg border border-red-200 bg-red-50 p-6 text-red-900">
        <p className="font-medium">{t('error.title')}</p>
        <p className="mt-1 text-sm">{error.digest ? t('error.digest', { digest: error.digest }) : error.message}</p>
        <button type="button" onClick={reset} className="mt-3 rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 focus:outline-2 focus:outline-offset-2 focus:outline-red-700">
          {c('retry')}
        </button>
      </div>
    </main>
  );
}
