import { requireUser } from '@/lib/auth/guard';
import { getRuntime } from '@/lib/runtime';
import { listUsers } from '@/lib/users/service';
import { UsersManager } from './UsersManager';

export const dynamic = 'force-dynamic';

export default async function UsersPage() {
  const me = await requireUser('admin');
  const rt = await getRuntime();
  const users = await listUsers(rt.pool);
  return (
    <main>
      <h1 className="text-2xl font-semibold">Users</h1>
      <p className="mt-1 text-sm text-slate-600">Admins do everything; support staff view and re-invoke failed calls; viewers only read.</p>
      <UsersManager initial={JSON.parse(JSON.stringify(users))} meId={me.id} />
    </main>
  );
}
