import { decryptAtRest } from '../../secrets';
import { result, ResultCode, notFound, processing, success, type ProduceResult } from '../resultCodes';
import type { QueryInstanceRequest } from '../schemas';
import { formatMarketplaceTime } from '../time';
import type { ActivityContext } from './context';

interface Row {
  id: string;
  status: string;
  charging_mode: string | null;
  front_end_url: string | null;
  admin_url: string | null;
  user_name: string | null;
  password_enc: string | null;
  memo: string | null;
  usage_value: string;
  updated_at: Date;
}

/**
 * spec §3.4 queryInstance: one entry per requested id with appInfo (and usageInfo for pay-per-use).
 * 000003 when an id is unknown, 000004 while an instance is being provisioned.
 */
// SQL: produce hot path, measured (README "Measured": queryInstance's throughput goal)
export async function queryInstance(req: QueryInstanceRequest, ctx: ActivityContext): Promise<ProduceResult> {
  const { rows } = await ctx.pool.query<Row>({
    name: 'queryInstance.select',
    text: `SELECT id, status, charging_mode, front_end_url, admin_url, user_name, password_enc, memo, usage_value, updated_at
       FROM instance WHERE id = ANY($1::varchar[])`,
    values: [req.instanceId],
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = req.instanceId.filter((id) => !byId.has(id));
  if (missing.length) return notFound(`instance ${missing.join(',')} not found`);
  const pending = rows.filter((r) => r.status === 'provisioning');
  if (pending.length) {
    return processing({ resultMsg: `instance ${pending.map((r) => r.id).join(',')} is being provisioned` });
  }
  const failed = rows.filter((r) => r.status === 'failed');
  if (failed.length) {
    // the cause (a provisioner's or Query Order's words) stays in the console; the marketplace learns which instance
    return result(ResultCode.INTERNAL_ERROR, `provisioning of instance ${failed.map((r) => r.id).join(',')} failed; the seller has been told`);
  }
  const info = req.instanceId.map((id) => toInstanceInfo(byId.get(id)!, ctx.encryptionKey));
  return success({ info });
}

function toInstanceInfo(r: Row, encryptionKey: string) {
  const appInfo: Record<string, string> = { frontEndUrl: r.front_end_url ?? '' };
  if (r.admin_url) appInfo.adminUrl = r.admin_url;
  if (r.user_name) appInfo.userName = r.user_name;
  if (r.password_enc) appInfo.password = decryptAtRest(encryptionKey, r.password_enc);
  if (r.memo) appInfo.memo = r.memo;
  const entry: Record<string, unknown> = { instanceId: r.id, appInfo };
  // spec §3.4: usageInfo is required for pay-per-use and package instances: the cumulative total
  if (r.charging_mode === 'ON_DEMAND' || r.charging_mode === 'ON_DEMAND_PKG') {
    entry.usageInfo = [{ usageValue: Number(r.usage_value), statisticalTime: formatMarketplaceTime(r.updated_at) }];
  }
  return entry;
}
