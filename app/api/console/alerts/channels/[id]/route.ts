import { deleteChannel } from '@/lib/alerts/actions';
import { consoleRoute } from '@/lib/console/route';

export const dynamic = 'force-dynamic';

/** DELETE /api/console/alerts/channels/{id} → { deleted }: its pending messages go with it; deleteChannel audits. */
export const DELETE = consoleRoute<{ id: string }>({ role: 'admin', audit: 'alert.channel.delete', recordedBy: 'domain' }, async ({ runtime, user, params }) =>
  deleteChannel(runtime, user, params.id),
);
