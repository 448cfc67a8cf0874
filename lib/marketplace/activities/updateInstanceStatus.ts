import { withTransaction } from '../../db/client';
import { enqueue, QUEUES } from '../../jobs/queue';
import { internalError, notFound, success, type ProduceResult } from '../resultCodes';
import type { UpdateInstanceStatusRequest } from '../schemas';
import type { ActivityContext } from './context';
import { lockInstance } from './lockInstance';

/**
 * spec §3.6 updateInstanceStatus. FREEZE moves active → frozen, UNFREEZE frozen → active; repeating a transition
 * already made answers success without doing it again (spec §7.3), and only the call that made the transition
 * enqueues the provisioner's event.
 */
export async function updateInstanceStatus(req: UpdateInstanceStatusRequest, ctx: ActivityContext): Promise<ProduceResult> {
  return withTransaction(ctx.pool, async (client) => {
    const instance = await lockInstance(client, req.instanceId);
    if (!instance) return notFound(`instance ${req.instanceId} not found`);
    const [from, to, event] = req.status === 'FREEZE' ? ['active', 'frozen', 'freeze'] : ['frozen', 'active', 'unfreeze'];
    if (instance.status === to) return success();
    if (instance.status === 'released') {
      return req.status === 'FREEZE' ? success() : notFound(`instance ${req.instanceId} has been released`);
    }
    if (instance.status === 'provisioning') {
      return internalError(`instance ${req.instanceId} is still being provisioned; retry later`);
    }
    if (instance.status !== from) return success(); // failed: nothing runs that could be frozen or unfrozen
    await client.query(`UPDATE instance SET status = $2, updated_at = now() WHERE id = $1`, [req.instanceId, to]);
    await enqueue(client, ctx.boss, QUEUES.lifecycle, { instanceId: req.instanceId, event }, { instanceId: req.instanceId, callId: ctx.callId });
    return success();
  });
}
