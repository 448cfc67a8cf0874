import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';
import { consoleRoute } from '@/lib/console/route';
import { createUser } from '@/lib/users/actions';
import { listUsers } from '@/lib/users/queries';

export const dynamic = 'force-dynamic';

/** What a new account needs; createUser checks the e-mail's form and the password's length (shared with tests). */
const CreateBody = z.object({
  email: z.string({ error: 'errors.user.email' }),
  name: z.string().max(255).optional(),
  role: z.enum(ROLES, { error: 'errors.user.role' }),
  password: z.string({ error: 'errors.password.text' }),
});

export const GET = consoleRoute({ role: 'admin' }, async ({ runtime }) => ({ users: await listUsers(runtime.prisma) }));

/** createUser audits the outcome (user.create); the wrapper audits a denial. */
export const POST = consoleRoute(
  { role: 'admin', body: CreateBody, audit: 'user.create', recordedBy: 'domain', target: () => null },
  async ({ runtime, user, body }) => Response.json({ user: await createUser(runtime, user, body) }, { status: 201 }),
);
