import { issueInlineLicence } from '../../../licences/inline';
import { internalError, ResultCode, success, type ProduceResult } from '../../resultCodes';
import type { V1GetLicenseRequest } from '../schemas';
import type { V1Context } from './context';
import { v1PlaceOrder } from './newInstance';

/**
 * spec §4.12 getLicense: the order arrives inline as for newInstance (stored once, one instance per order, the first
 * businessId its id), and the answer carries the licence itself with the instanceId, within the marketplace's 5 s
 * (lib/licences/inline.ts). Idempotent on orderId: a repeat answers the licence given first. A licence that cannot be
 * produced in time is 000005 with the reason; the marketplace retries hourly for 3 h, support can re-invoke the call
 * from the console, or deliver a licence on the Licences page, which the next call answers.
 */
export async function v1GetLicense(req: V1GetLicenseRequest, ctx: V1Context): Promise<ProduceResult> {
  const placed = await v1PlaceOrder(req, ctx);
  const instanceId = placed.instanceId as string | undefined;
  if (!instanceId || (placed.resultCode !== ResultCode.SUCCESS && placed.resultCode !== ResultCode.PROCESSING)) return placed;
  const issued = await issueInlineLicence(ctx.pool, ctx.licence, instanceId);
  if (!issued.ok) return { ...internalError(issued.message), instanceId };
  return success({ instanceId, license: issued.license });
}
