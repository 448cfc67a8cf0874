import { decryptAtRest } from '../../secrets';
import { result, ResultCode, notFound, processing, success, type ProduceResult } from '../resultCodes';
import type { QueryInstanceRequest } from '../schemas';
import { formatMarketplaceTime } from '../time';
import { unitsOf, unitsToString } from '../../usage/units';
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
  usage_time: Date | null;
  created_at: Date;
}

interface PackageRow {
  package_instance_id: string;
  billing_item: string;
  used: string | null;
  related_instance_id: string | null;
  last_time: Date | null;
}

/**
 * spec §3.4 queryInstance: one entry per requested id with appInfo (and usageInfo for pay-per-use).
 * 000003 when an id is unknown, 000004 while an instance is being provisioned.
 */
// SQL: produce hot path, measured (README "Measured": queryInstance's throughput goal)
export async function queryInstance(req: QueryInstanceRequest, ctx: ActivityContext): Promise<ProduceResult> {
  const { rows } = await ctx.pool.query<Row>({
    name: 'queryInstance.select',
    text: `SELECT id, status, charging_mode, front_end_url, admin_url, user_name, password_enc, memo, usage_value, usage_time, created_at
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
  const packageIds = rows.filter((r) => r.charging_mode === 'ON_DEMAND_PKG').map((r) => r.id);
  const packages = packageIds.length ? await packageUsage(ctx, packageIds) : new Map<string, PackageRow[]>();
  const info = req.instanceId.map((id) => toInstanceInfo(byId.get(id)!, ctx, packages.get(id) ?? []));
  return success({ info });
}

/** Every billing item of the packages' quotas (lib/usage), with what is used of it; items not used yet count 0. */
// SQL: produce hot path; the quota items of each package LEFT JOINed to what is used
async function packageUsage(ctx: ActivityContext, ids: string[]): Promise<Map<string, PackageRow[]>> {
  const { rows } = await ctx.pool.query<PackageRow>({
    name: 'queryInstance.packages',
    text: `SELECT p.id AS package_instance_id, q.billing_item, u.used, u.related_instance_id, u.last_time
             FROM instance p
             JOIN package_quota q ON q.product_id = p.product_id AND q.sku_code = p.sku_code
             LEFT JOIN package_usage u ON u.package_instance_id = p.id AND u.billing_item = q.billing_item
            WHERE p.id = ANY($1::varchar[])
            UNION ALL
           SELECT u.package_instance_id, u.billing_item, u.used, u.related_instance_id, u.last_time
             FROM package_usage u JOIN instance p ON p.id = u.package_instance_id
            WHERE u.package_instance_id = ANY($1::varchar[])
              AND NOT EXISTS (SELECT 1 FROM package_quota q WHERE q.product_id = p.product_id AND q.sku_code = p.sku_code AND q.billing_item = u.billing_item)
            ORDER BY 1, 2`,
    values: [ids],
  });
  const out = new Map<string, PackageRow[]>();
  for (const r of rows) out.set(r.package_instance_id, [...(out.get(r.package_instance_id) ?? []), r]);
  return out;
}

/** spec §3.4 UsageInfo.usageValue: Double(12,4), at most 4 decimals */
const usageNumber = (v: string | null) => Number(unitsToString(v === null ? 0 : unitsOf(v)));

function toInstanceInfo(r: Row, ctx: ActivityContext, packages: PackageRow[]) {
  const encryptionKey = ctx.encryptionKey;
  const appInfo: Record<string, string> = { frontEndUrl: r.front_end_url ?? '' };
  if (r.admin_url) appInfo.adminUrl = r.admin_url;
  if (r.user_name) appInfo.userName = r.user_name;
  if (r.password_enc) appInfo.password = decryptAtRest(encryptionKey, r.password_enc);
  if (r.memo) appInfo.memo = r.memo;
  const entry: Record<string, unknown> = { instanceId: r.id, appInfo };
  // spec §3.4: usageInfo is required for pay-per-use instances (the cumulative total) and package instances (one entry
  // per billing item: the amount used of the package, and the pay-per-use instance it was used by)
  const dashboardUrl = ctx.publicUrl ? `${ctx.publicUrl}/usage?instanceId=${encodeURIComponent(r.id)}` : undefined;
  const since = r.usage_time ?? r.created_at;
  if (r.charging_mode === 'ON_DEMAND' || (r.charging_mode === 'ON_DEMAND_PKG' && packages.length === 0)) {
    entry.usageInfo = [{ usageValue: usageNumber(r.usage_value), statisticalTime: formatMarketplaceTime(since), ...(dashboardUrl ? { dashboardUrl } : {}) }];
  } else if (r.charging_mode === 'ON_DEMAND_PKG') {
    entry.usageInfo = packages.map((p) => ({
      ...(p.related_instance_id ? { relatedInstanceId: p.related_instance_id } : {}),
      usageValue: usageNumber(p.used),
      statisticalTime: formatMarketplaceTime(p.last_time ?? since),
      ...(dashboardUrl ? { dashboardUrl } : {}),
    }));
  }
  return entry;
}
