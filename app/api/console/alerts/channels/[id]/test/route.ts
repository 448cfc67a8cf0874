import { testChannel } from '@/lib/alerts/actions';
import { consoleRoute } from '@/lib/console/route';

export const dynamic = 'force-dynamic';

/** POST /api/console/alerts/channels/{id}/test → { deliveryId }: a test message, sent and retried like every alert; testChannel audits. */
export const POST = consoleRoute<{ id: string }>({ role: 'admin', audit: 'alert.channel.test', recordedBy: 'domain' }, async ({ runtime, user, params }) =>
  testChannel({ pool: runtime.pool, boss: runtime.boss, encryptionKey: runtime.secrets.encryptionKey }, user, params.id),
);
