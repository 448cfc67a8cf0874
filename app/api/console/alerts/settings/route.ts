import { listChannels, listRules } from '@/lib/alerts/queries';
import { consoleRoute } from '@/lib/console/route';

export const dynamic = 'force-dynamic';

/** GET /api/console/alerts/settings → { rules, channels, email }: Settings → Alerts (admins); never a webhook URL or secret. */
export const GET = consoleRoute({ role: 'admin' }, async ({ runtime }) => {
  const [rules, channels] = await Promise.all([listRules(runtime.pool), listChannels(runtime.pool)]);
  return { rules, channels, email: { configured: Boolean(runtime.config.smtpUrl), from: runtime.config.alertEmailFrom } };
});
