import { withRole } from '@/lib/auth/guard';
import { getRuntime } from '@/lib/runtime';
import { createUser, listUsers } from '@/lib/users/service';

export const dynamic = 'force-dynamic';

export const GET = withRole('admin', async () => {
  const rt = await getRuntime();
  return Response.json({ users: await listUsers(rt.pool) });
});

export const POST = withRole('admin', async (req, user) => {
  const rt = await getRuntime();
  const body = (await req.json().catch(() => ({}))) as Record<string, unknown>;
  return Response.json({ user: await createUser(rt.pool, user, body) }, { status: 201 });
});
