import { releaseInstance } from '../../activities/releaseInstance';
import { updateInstanceStatus } from '../../activities/updateInstanceStatus';
import type { ProduceResult } from '../../resultCodes';
import type { V1ExpireInstanceRequest, V1InstanceStatusRequest, V1ReleaseInstanceRequest } from '../schemas';
import type { V1Context } from './context';

/**
 * spec §4.6 expireInstance: the period ended, the instance is frozen for the retention period: V2's
 * updateInstanceStatus FREEZE, once (a repeat answers success, spec §7.3).
 */
export function v1ExpireInstance(req: V1ExpireInstanceRequest, ctx: V1Context): Promise<ProduceResult> {
  return updateInstanceStatus({ activity: 'updateInstanceStatus', instanceId: req.instanceId, status: 'FREEZE', testFlag: req.testFlag }, ctx);
}

/** spec §4.9 instanceStatus: FREEZE (冻结) / NORMAL (解冻), V2's updateInstanceStatus FREEZE / UNFREEZE. */
export function v1InstanceStatus(req: V1InstanceStatusRequest, ctx: V1Context): Promise<ProduceResult> {
  const status = req.instanceStatus === 'FREEZE' ? 'FREEZE' : 'UNFREEZE';
  return updateInstanceStatus({ activity: 'updateInstanceStatus', instanceId: req.instanceId, status, testFlag: req.testFlag }, ctx);
}

/**
 * spec §4.7 releaseInstance: released once, repeats answer success (V2's releaseInstance). Its orderId is the
 * purchase order, not an unsubscribe order, so it goes into no order history (the call log keeps it).
 */
export function v1ReleaseInstance(req: V1ReleaseInstanceRequest, ctx: V1Context): Promise<ProduceResult> {
  return releaseInstance({ activity: 'releaseInstance', instanceId: req.instanceId, testFlag: req.testFlag }, ctx);
}
