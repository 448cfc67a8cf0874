import { heartbeatLicence, isHeartbeatFailure } from '@/lib/licenceCodes/heartbeat';
import { checkHeartbeatInput } from '@/lib/licenceCodes/validation';
import { machineError, machineRoute } from '@/lib/machine/route';

export const dynamic = 'force-dynamic';

/** The seller's software asks whether a licence code is still alive (spec §9.1): ALIVE, EXPIRED or RELEASED with its expiry. */
export const POST = machineRoute({ scope: 'licences:activate', maxBodyBytes: 8 * 1024 }, async ({ runtime, body }) => {
  const input = checkHeartbeatInput(body);
  if (!input.ok) return machineError({ status: 400, key: input.field === 'body' ? 'invalidBody' : 'invalidField', message: input.message });
  const answer = await heartbeatLicence({ pool: runtime.pool, openApi: runtime.openApi }, input.value);
  if (isHeartbeatFailure(answer)) {
    const status = answer.failure === 'unknownLicence' ? 404 : answer.failure === 'marketplaceRefused' ? 502 : 503;
    return machineError({ status, key: answer.failure, message: answer.message, ...(status === 503 ? { retryAfterSeconds: 5 } : {}) });
  }
  return answer;
});
