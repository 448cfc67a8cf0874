import { withTransaction } from '../../db/client';
import { requestOnlineLicence } from '../../licences/online';
import type { ProduceResult } from '../resultCodes';
import type { GetLicenseAsyncRequest } from '../schemas';
import type { ActivityContext } from './context';

/**
 * spec §9.2 getLicenseAsync (异步申请License): the request stored once per eventId and device with its
 * `licence-upload` job, answered 000004 at once; the rules of spec §6 (000900-000903) in lib/licences/online.ts.
 */
export async function getLicenseAsync(req: GetLicenseAsyncRequest, ctx: ActivityContext): Promise<ProduceResult> {
  return withTransaction(ctx.pool, (client) => requestOnlineLicence(client, ctx.boss, req, { callId: ctx.callId }));
}
