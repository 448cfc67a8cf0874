import { activateLicence, isActivationFailure } from '@/lib/licenceCodes/activate';
import { checkActivateInput } from '@/lib/licenceCodes/validation';
import { machineError, machineRoute } from '@/lib/machine/route';

export const dynamic = 'force-dynamic';

/** The seller's software activates a licence code (spec §9.1): 200 with the verdict, 400 for bad input, 502/503 when the marketplace cannot answer. */
export const POST = machineRoute({ scope: 'licences:activate', maxBodyBytes: 8 * 1024 }, async ({ runtime, body }) => {
  const input = checkActivateInput(body);
  if (!input.ok) return machineError({ status: 400, key: input.field === 'body' ? 'invalidBody' : 'invalidField', message: input.message });
  const answer = await activateLicence({ pool: runtime.pool, openApi: runtime.openApi }, input.value);
  if (isActivationFailure(answer)) {
    const status = answer.failure === 'marketplaceRefused' ? 502 : 503;
    return machineError({ status, key: answer.failure, message: answer.message, ...(status === 503 ? { retryAfterSeconds: 5 } : {}) });
  }
  return answer;
});
