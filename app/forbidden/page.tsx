import Link from 'next/link';
import { getT } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/forbidden';

export const dynamic = 'force-dynamic';

export default async function Forbidden() {
  const t = await getT(messages);
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-2 text-slate-600">{t('text')}</p>
      <Link href="/" className="mt-4 inline-block text-red-700 underline">
        {t('back')}
      </Link>
    </main>
  );
}
