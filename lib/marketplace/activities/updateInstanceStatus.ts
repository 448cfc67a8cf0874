import { withTransaction } from '../../db/client';
import { applyStatusChange } from '../../instances/lifecycle';
import { notFound, result, success, type ProduceResult } from '../resultCodes';
import type { UpdateInstanceStatusRequest } from '../schemas';
import type { ActivityContext } from './context';

/**
 * spec §3.6 updateInstanceStatus. FREEZE moves active → frozen, UNFREEZE frozen → active; repeating a transition
 * already made answers success without doing it again (spec §7.3), and only the call that made the transition
 * enqueues the provisioner's event.
 */
export async function updateInstanceStatus(req: UpdateInstanceStatusRequest, ctx: ActivityContext): Promise<ProduceResult> {
  return withTransaction(ctx.pool, async (client) => {
    const change = await applyStatusChange(client, ctx.boss, req.instanceId, req.status, { callId: ctx.callId, testFlag: req.testFlag });
    if (change.kind === 'notFound') return notFound(`instance ${req.instanceId} not found`);
    if (change.kind === 'testOnReal') return change.refusal;
    if (change.kind === 'refuse') return result(change.code, `instance ${req.instanceId} ${change.reason}`);
    return success();
  });
}
