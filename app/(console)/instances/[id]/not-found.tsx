import Link from 'next/link';
import { getT } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/instances';

export default async function InstanceNotFound() {
  const t = await getT(messages);
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t('notFound')}</h1>
      <p className="mt-2 text-slate-600">{t('notFoundText')}</p>
      <Link href="/instances" className="mt-4 inline-block text-red-700 underline">
        {t('backToList')}
      </Link>
    </main>
  );
}
