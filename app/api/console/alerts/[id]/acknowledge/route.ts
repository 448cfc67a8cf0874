import { acknowledgeAlert } from '@/lib/alerts/actions';
import { consoleRoute } from '@/lib/console/route';

export const dynamic = 'force-dynamic';

/** POST /api/console/alerts/{id}/acknowledge → { acknowledgedAt }: no digests until it resolves; acknowledgeAlert audits (alert.acknowledge). */
export const POST = consoleRoute<{ id: string }>({ role: 'support', audit: 'alert.acknowledge', recordedBy: 'domain' }, async ({ runtime, user, params }) =>
  acknowledgeAlert(runtime, user, params.id),
);
