import { withTransaction } from '../../db/client';
import { decide, type InstanceStatus } from '../../instances/transitions';
import { enqueue, QUEUES } from '../../jobs/queue';
import { notFound, result, success, type ProduceResult } from '../resultCodes';
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
    const d = decide(instance.status as InstanceStatus, req.status);
    if (d.kind === 'refuse') return result(d.code, `instance ${req.instanceId} ${d.reason}`);
    if (d.kind !== 'apply') return success();
    await client.query(`UPDATE instance SET status = $2, updated_at = now() WHERE id = $1`, [req.instanceId, d.to]);
    await enqueue(client, ctx.boss, QUEUES.lifecycle, { instanceId: req.instanceId, event: d.event }, { instanceId: req.instanceId, callId: ctx.callId });
    return success();
  });
}
