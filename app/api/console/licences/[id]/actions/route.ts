import { z } from 'zod';
import { consoleRoute } from '@/lib/console/route';
import { confirmDelivery, generateLicence, LICENCE_ROLE, recordDecision } from '@/lib/licences/actions';

export const dynamic = 'force-dynamic';

/** The action; its other fields are checked by the action itself (lib/licences/validation.ts, naming the field). */
const Body = z.looseObject({ action: z.enum(['generate', 'deliver', 'decide'], { error: 'errors.licence.action' }) }, { error: 'errors.licence.body' });

/**
 * POST /api/console/licences/:id/actions
 *   {"action": "generate"}                                               a signed licence key
 *   {"action": "deliver", "serviceStartTime": "<ISO 8601>", "note": "…"}  confirm delivery
 *   {"action": "decide", "decision": "accepted" | "rejected", "decidedAt"?: "<ISO 8601>", "note": "…"}
 * Support role. The action audits its outcome (with the delivery's from-status and details); the wrapper a denial.
 */
export const POST = consoleRoute<{ id: string }, typeof Body>(
  {
    role: LICENCE_ROLE.issue,
    body: Body,
    audit: (b) => `licence.${b.action}`,
    recordedBy: 'domain',
    target: ({ id }) => `licence/${id.slice(0, 40)}`,
  },
  async ({ runtime: rt, user, params: { id }, body }) => {
    switch (body.action) {
      case 'generate':
        return generateLicence(rt.pool, rt.secrets.licenceSigningKey, user, id);
      case 'deliver':
        return confirmDelivery(rt.pool, user, id, body);
      case 'decide':
        return recordDecision(rt.pool, user, id, body);
    }
  },
);
