import { machineError, machineRoute } from '@/lib/machine/route';
import { parseUsageBody } from '@/lib/usage/events';
import { ingestUsage } from '@/lib/usage/ingest';

export const dynamic = 'force-dynamic';

/** Usage events from the seller's SaaS (CloudEvents 1.0, one or a batch of up to 1,000): 202 with a verdict per event. */
export const POST = machineRoute({ scope: 'usage:write', maxBodyBytes: 1024 * 1024 }, async ({ req, runtime, keyId, body }) => {
  const parsed = parseUsageBody(req.headers.get('content-type'), body);
  if ('error' in parsed) {
    const key = parsed.status === 415 ? 'unsupportedMediaType' : parsed.status === 413 ? 'tooLarge' : 'invalidBody';
    return machineError({ status: parsed.status, key, message: parsed.error });
  }
  const result = await ingestUsage(runtime, parsed.events, { apiKeyId: keyId });
  return Response.json(result, { status: 202 });
});
