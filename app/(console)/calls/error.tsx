'use client';

import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';

export default function CallsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useT(messages);
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <div role="alert" className="mt-6 rounded-lg border border-red-200 bg-red-50 p-6 text-red-900">
        <p>{error.digest ? t('loadFailedRef', { digest: error.digest }) : t('loadFailed')}</p>
        <button
          type="button"
          onClick={reset}
          className="mt-3 rounded bg-red-700 px-3 py-1.5 text-sm text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
        >
          {t('retry')}
        </button>
      </div>
    </main>
  );
}
