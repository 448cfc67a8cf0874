import { requireUser } from '@/lib/auth/guard';
import { getRuntime } from '@/lib/runtime';
import { listUsers } from '@/lib/users/queries';
import { UsersManager } from './UsersManager';
import { getT } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/users';

export const dynamic = 'force-dynamic';

export default async function UsersPage() {
  const me = await requireUser('admin');
  const rt = await getRuntime();
  const users = await listUsers(rt.prisma);
  const t = await getT(messages);
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-1 text-sm text-slate-600">{t('intro')}</p>
      <UsersManager initial={JSON.parse(JSON.stringify(users))} meId={me.id} />
    </main>
  );
}
