import { queryInstance } from '../../activities/queryInstance';
import { ResultCode, type ProduceResult } from '../../resultCodes';
import type { V1QueryInstanceRequest } from '../schemas';
import { encryptAppInfo, type V1Context } from './context';

/**
 * spec §4.10 V1 queryInstance over the V2 one (lib/marketplace/activities/queryInstance.ts): the same `info` entries
 * (appInfo, usageInfo), with the credentials encrypted and `encryptType` said (spec §5).
 */
export async function v1QueryInstance(req: V1QueryInstanceRequest, ctx: V1Context): Promise<ProduceResult> {
  const q = await queryInstance({ activity: 'queryInstance', instanceId: req.instanceId, testFlag: req.testFlag }, ctx);
  if (q.resultCode !== ResultCode.SUCCESS) return q;
  const info = (q.info as { appInfo: Record<string, string> }[]).map((e) => ({ ...e, appInfo: encryptAppInfo(e.appInfo, ctx) }));
  return { resultCode: q.resultCode, resultMsg: q.resultMsg, encryptType: String(ctx.encryptType), info };
}
