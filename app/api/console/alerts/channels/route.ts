import { z } from 'zod';
import { createChannel } from '@/lib/alerts/actions';
import { consoleRoute } from '@/lib/console/route';

export const dynamic = 'force-dynamic';

/** createChannel checks each field and names the one at fault. */
const body = z.object({
  name: z.unknown(),
  kind: z.unknown(),
  url: z.unknown().optional(),
  secret: z.unknown().optional(),
  recipients: z.unknown().optional(),
  locale: z.unknown().optional(),
});

/** POST /api/console/alerts/channels → 201 { id }; the URL and secret are stored encrypted and never answered; createChannel audits. */
export const POST = consoleRoute({ role: 'admin', body, audit: 'alert.channel.create', recordedBy: 'domain', target: () => null }, async ({ runtime, user, body }) =>
  Response.json(await createChannel({ pool: runtime.pool, boss: runtime.boss, encryptionKey: runtime.secrets.encryptionKey }, user, body), { status: 201 }),
);
