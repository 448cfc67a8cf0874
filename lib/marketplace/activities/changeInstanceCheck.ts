import { invalidParam, notFound, success, type ProduceResult } from '../resultCodes';
import type { ChangeInstanceCheckRequest } from '../schemas';
import type { ActivityContext } from './context';

/**
 * spec §3.9 changeInstanceCheck: asked before a buyer places a renewal-with-change order. 000000 allows it; any other
 * code refuses it and the buyer sees resultMsg. A released or failed instance cannot be changed.
 */
// SQL: produce hot path, measured (README "Measured"), on the activity's pg client
export async function changeInstanceCheck(req: ChangeInstanceCheckRequest, ctx: ActivityContext): Promise<ProduceResult> {
  const { rows } = await ctx.pool.query<{ status: string }>('SELECT status FROM instance WHERE id = $1', [req.instanceId]);
  const instance = rows[0];
  if (!instance) return notFound(`instance ${req.instanceId} not found`);
  if (instance.status === 'released') return invalidParam(`instance ${req.instanceId} has been released and cannot be changed`);
  if (instance.status === 'failed') return invalidParam(`instance ${req.instanceId} was never provisioned and cannot be changed`);
  return success();
}
