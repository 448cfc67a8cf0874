import Link from 'next/link';
import messages from '@/lib/i18n/messages/tenants';
import { getT } from '@/lib/i18n/server';

export default async function TenantNotFound() {
  const t = await getT(messages);
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t('notFound.title')}</h1>
      <Link href="/tenants" className="mt-4 inline-block text-red-700 underline">
        {t('detail.back')}
      </Link>
    </main>
  );
}
