import { z } from 'zod';
import { setRule } from '@/lib/alerts/actions';
import { consoleRoute } from '@/lib/console/route';

export const dynamic = 'force-dynamic';

/** setRule checks the threshold against the rule's bounds and names the field. */
const body = z.object({ enabled: z.boolean({ error: 'errors.invalidField' }), threshold: z.unknown().optional() });

/** PUT /api/console/alerts/rules/{rule} {enabled, threshold} → the rule's setting; setRule audits (alert.rule). */
export const PUT = consoleRoute<{ rule: string }, typeof body>(
  { role: 'admin', body, audit: 'alert.rule', recordedBy: 'domain', target: (p) => p.rule },
  async ({ runtime, user, params, body }) => setRule(runtime, user, params.rule, body),
);
