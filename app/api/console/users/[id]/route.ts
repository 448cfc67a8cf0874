import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';
import { consoleRoute } from '@/lib/console/route';
import { updateUser } from '@/lib/users/actions';

export const dynamic = 'force-dynamic';

const UpdateBody = z.object({
  role: z.enum(ROLES, { error: 'errors.user.role' }).optional(),
  disabled: z.boolean({ error: 'errors.user.disabled' }).optional(),
  password: z.string({ error: 'errors.password.text' }).optional(),
});

/** Changes role, disabled flag or password; updateUser audits the outcome (user.update), the wrapper a denial. */
export const PATCH = consoleRoute<{ id: string }, typeof UpdateBody>(
  { role: 'admin', body: UpdateBody, audit: 'user.update', recordedBy: 'domain' },
  async ({ runtime, user, params, body }) => {
    await updateUser(runtime.pool, user, params.id, body);
    return { ok: true };
  },
);
