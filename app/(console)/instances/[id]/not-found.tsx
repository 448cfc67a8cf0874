import { DetailHeader } from '@/components/ui';
import { getT } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/instances';

/** An instance id that does not exist: say so, and lead back to the list. */
export default async function InstanceNotFound() {
  const t = await getT(messages);
  return (
    <main>
      <DetailHeader back={{ href: '/instances', label: t('backToList') }} title={t('notFound')} subtitle={t('notFoundText')} />
    </main>
  );
}
