import { z } from 'zod';
import { consoleRoute } from '@/lib/console/route';
import { ACTION_ROLE, ACTIONS, INSTANCE_ACTIONS } from '@/lib/instances/actions';

export const dynamic = 'force-dynamic';

const Body = z.object({ action: z.enum(INSTANCE_ACTIONS, { error: 'instances.err.action' }) });

/**
 * POST /api/console/instances/:id/actions {"action": "retry" | "freeze" | "unfreeze" | "release"}: retry needs support,
 * the others admin. The action audits its outcome itself (from/to status, job id; shared with the marketplace path);
 * the wrapper audits a denial.
 */
export const POST = consoleRoute<{ id: string }, typeof Body>(
  { role: (b) => ACTION_ROLE[b.action], body: Body, audit: (b) => `instance.${b.action}`, recordedBy: 'domain' },
  ({ runtime, user, params, body }) => ACTIONS[body.action](runtime.pool, runtime.boss, user, params.id),
);
