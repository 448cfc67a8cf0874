import Link from 'next/link';
import messages from '@/lib/i18n/messages/licences';
import { getT } from '@/lib/i18n/server';

/** The Overview's "needs attention" lines for licences owed to buyers (spec §9.4); nothing when none is owed. */
export async function LicenceAttention({ awaiting, rejected }: { awaiting: number; rejected: number }) {
  const t = await getT(messages);
  return (
    <>
      {awaiting > 0 && (
        <li>
          <Link href="/licences?status=awaiting" className="text-red-700 underline">
            {t('attention.awaiting', { n: awaiting })}
          </Link>
        </li>
      )}
      {rejected > 0 && (
        <li>
          <Link href="/licences?status=rejected" className="text-red-700 underline">
            {t('attention.rejected', { n: rejected })}
          </Link>
        </li>
      )}
    </>
  );
}
