import type { PrismaClient, Queryable } from '../db/client';
import { hoursOf, type UsageFilters, type UsageRange } from './filters';
import { reconcile, ZERO, type HourFigures, type Reconciliation } from './reconcile';
import { unitsOf, unitsToString } from './units';

/**
 * Reading usage for the console (issue 8): hours of measured and pushed usage, the records the push could not place,
 * package balances and package SKU quotas, an instance's summary. Values are units (integer ten-thousandths,
 * lib/usage/units.ts). The writes are in lib/usage/packages.ts; the push writes usage_record (lib/usage/push*).
 */

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const u = (v: string | null | undefined) => (v === null || v === undefined ? 0 : unitsOf(v));

/** At most this many (instance, billing item) series are drawn; the rest are counted (filter by instance to see them). */
export const MAX_SERIES = 12;

export interface UsageSeries {
  instanceId: string;
  billingItem: string;
  /** one point per hour of the range, in order */
  points: { hour: string; measured: number; pushed: number; accepted: number }[];
  total: { measured: number; pushed: number; accepted: number };
}

export interface UsageHours extends Reconciliation {
  from: string;
  to: string;
  series: UsageSeries[];
  /** series beyond MAX_SERIES, not drawn */
  moreSeries: number;
}

interface Where {
  sql: string;
  values: unknown[];
}

/** `e.hour in range` and the instance / billing item filters, as SQL on usage_event `e`. */
function eventWhere(f: UsageFilters, r: UsageRange): Where {
  return {
    sql: `e.hour >= $1 AND e.hour < $2 AND ($3::text IS NULL OR e.instance_id = $3) AND ($4::text IS NULL OR e.billing_item = $4)`,
    values: [r.from, r.to, f.instanceId ?? null, f.billingItem ?? null],
  };
}

/**
 * The hours of a range: per (instance, billing item) series for the chart, and per hour the reconciliation of the
 * events against the records (lib/usage/reconcile.ts).
 */
export async function usageHours(db: Queryable, f: UsageFilters, r: UsageRange): Promise<UsageHours> {
  const w = eventWhere(f, r);
  // SQL: sums with FILTER over events joined to the records they were sealed into, by hour, which Prisma's groupBy
  // cannot express
  const series = await db.query<{ instanceId: string; billingItem: string; hour: Date; measured: string; pushed: string | null; accepted: string | null }>(
    `SELECT e.instance_id AS "instanceId", e.billing_item AS "billingItem", e.hour,
            sum(e.value)::text AS measured,
            sum(e.value) FILTER (WHERE r.pushed_at IS NOT NULL)::text AS pushed,
            sum(e.value) FILTER (WHERE r.status = 'accepted')::text AS accepted
       FROM usage_event e LEFT JOIN usage_record r ON r.id = e.record_id
      WHERE ${w.sql}
      GROUP BY 1, 2, 3`,
    w.values,
  );
  // SQL: the events' side and the records' side of each hour, each summed by status with FILTER, in one FULL JOIN; a
  // record counts for a billing item when an event of that item was sealed into it
  const hours = await db.query<Record<'measured' | 'unbilled' | 'unsealed' | 'pending' | 'pushed' | 'accepted' | 'rejected' | 'expired', string | null> & { hour: Date }>(
    `WITH ev AS (
       SELECT e.hour, sum(e.value) AS measured, sum(e.value) FILTER (WHERE NOT e.billable) AS unbilled,
              sum(e.value) FILTER (WHERE e.billable AND e.record_id IS NULL) AS unsealed
         FROM usage_event e WHERE ${w.sql} GROUP BY e.hour
     ), rec AS (
       SELECT r.hour,
              sum(r.value) FILTER (WHERE r.status IN ('pending', 'sending')) AS pending,
              sum(r.value) FILTER (WHERE r.pushed_at IS NOT NULL) AS pushed,
              sum(r.value) FILTER (WHERE r.status = 'accepted') AS accepted,
              sum(r.value) FILTER (WHERE r.status = 'rejected') AS rejected,
              sum(r.value) FILTER (WHERE r.status = 'expired') AS expired
         FROM usage_record r
        WHERE r.hour >= $1 AND r.hour < $2 AND ($3::text IS NULL OR r.instance_id = $3)
          AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM usage_event e
                                          WHERE e.instance_id = r.instance_id AND e.hour = r.hour AND e.record_id = r.id AND e.billing_item = $4))
        GROUP BY r.hour
     )
     SELECT COALESCE(ev.hour, rec.hour) AS hour, ev.measured::text, ev.unbilled::text, ev.unsealed::text, rec.pending::text,
            rec.pushed::text, rec.accepted::text, rec.rejected::text, rec.expired::text
       FROM ev FULL JOIN rec ON rec.hour = ev.hour
      ORDER BY 1`,
    w.values,
  );

  const all = hoursOf(r).map((h) => h.toISOString());
  const byHour = new Map<string, HourFigures>();
  for (const row of hours.rows) {
    byHour.set(new Date(row.hour).toISOString(), {
      measured: u(row.measured),
      unbilled: u(row.unbilled),
      pending: u(row.unsealed) + u(row.pending),
      pushed: u(row.pushed),
      accepted: u(row.accepted),
      rejected: u(row.rejected),
      expired: u(row.expired),
    });
  }
  // hours with neither events nor records are left out of the table (the chart shows them as zero)
  const reconciliation = reconcile(all.filter((h) => byHour.has(h)).map((hour) => ({ hour, figures: byHour.get(hour) ?? ZERO })));

  const grouped = new Map<string, UsageSeries>();
  for (const row of series.rows) {
    const key = `${row.instanceId}\n${row.billingItem}`;
    let s = grouped.get(key);
    if (!s) {
      s = { instanceId: row.instanceId, billingItem: row.billingItem, points: all.map((hour) => ({ hour, measured: 0, pushed: 0, accepted: 0 })), total: { measured: 0, pushed: 0, accepted: 0 } };
      grouped.set(key, s);
    }
    const i = all.indexOf(new Date(row.hour).toISOString());
    const p = { measured: u(row.measured), pushed: u(row.pushed), accepted: u(row.accepted) };
    if (i >= 0) s.points[i] = { hour: all[i]!, ...p };
    s.total = { measured: s.total.measured + p.measured, pushed: s.total.pushed + p.pushed, accepted: s.total.accepted + p.accepted };
  }
  const sorted = [...grouped.values()].sort((a, b) => b.total.measured - a.total.measured || a.instanceId.localeCompare(b.instanceId) || a.billingItem.localeCompare(b.billingItem));
  return { from: r.from.toISOString(), to: r.to.toISOString(), ...reconciliation, series: sorted.slice(0, MAX_SERIES), moreSeries: Math.max(0, sorted.length - MAX_SERIES) };
}

/** One row of the CSV export: an instance's billing item in one hour. */
export interface UsageExportRow extends HourFigures {
  instanceId: string;
  billingItem: string;
  hour: string;
}

/** Every (instance, billing item, hour) with usage in the filtered range, for the CSV export; what became of each event by its record's status. */
export async function usageExportRows(db: Queryable, f: UsageFilters, r: UsageRange): Promise<UsageExportRow[]> {
  const w = eventWhere(f, r);
  // SQL: sums with FILTER over events joined to their records, by instance, billing item and hour
  const { rows } = await db.query<Record<'measured' | 'unbilled' | 'pending' | 'pushed' | 'accepted' | 'rejected' | 'expired', string | null> & { instanceId: string; billingItem: string; hour: Date }>(
    `SELECT e.instance_id AS "instanceId", e.billing_item AS "billingItem", e.hour,
            sum(e.value)::text AS measured,
            sum(e.value) FILTER (WHERE NOT e.billable)::text AS unbilled,
            sum(e.value) FILTER (WHERE e.billable AND (r.id IS NULL OR r.status IN ('pending', 'sending')))::text AS pending,
            sum(e.value) FILTER (WHERE r.pushed_at IS NOT NULL)::text AS pushed,
            sum(e.value) FILTER (WHERE r.status = 'accepted')::text AS accepted,
            sum(e.value) FILTER (WHERE r.status = 'rejected')::text AS rejected,
            sum(e.value) FILTER (WHERE r.status = 'expired')::text AS expired
       FROM usage_event e LEFT JOIN usage_record r ON r.id = e.record_id
      WHERE ${w.sql}
      GROUP BY 1, 2, 3
      ORDER BY 3, 1, 2`,
    w.values,
  );
  return rows.map((x) => ({
    instanceId: x.instanceId,
    billingItem: x.billingItem,
    hour: new Date(x.hour).toISOString(),
    measured: u(x.measured),
    unbilled: u(x.unbilled),
    pending: u(x.pending),
    pushed: u(x.pushed),
    accepted: u(x.accepted),
    rejected: u(x.rejected),
    expired: u(x.expired),
  }));
}

export interface PackageBalance {
  packageInstanceId: string;
  productId: string | null;
  skuCode: string | null;
  customerId: string | null;
  expireTime: string | null;
  /** 用完即停: the service stops at the quota (spec §8.3) */
  stopAtQuota: boolean;
  /** no quotas set for the package's SKU yet (usage is counted, nothing is deducted against a quota) */
  configured: boolean;
  quotaExhaustedAt: string | null;
  items: { billingItem: string; quota: number | null; used: number; remaining: number | null; exhausted: boolean; relatedInstanceId: string | null }[];
}

/** Quota, used and remaining per billing item of one package: billing items with a quota first, then any only used. */
export function balanceItems(
  quotas: { billingItem: string; quota: number }[],
  used: { billingItem: string; used: number; relatedInstanceId: string | null }[],
): PackageBalance['items'] {
  const items: PackageBalance['items'] = quotas.map((q) => {
    const x = used.find((y) => y.billingItem === q.billingItem);
    const n = x?.used ?? 0;
    return { billingItem: q.billingItem, quota: q.quota, used: n, remaining: Math.max(0, q.quota - n), exhausted: n >= q.quota, relatedInstanceId: x?.relatedInstanceId ?? null };
  });
  for (const x of used) {
    if (!quotas.some((q) => q.billingItem === x.billingItem)) items.push({ billingItem: x.billingItem, quota: null, used: x.used, remaining: null, exhausted: false, relatedInstanceId: x.relatedInstanceId });
  }
  return items;
}

/**
 * The package instances (ON_DEMAND_PKG) with their balances: all of them, or, for an instance, that package, the
 * packages its usage was deducted from, and the packages of the same customer (spec §8.3). The earliest expiry first: the
 * order usage is deducted in.
 */
export async function packageBalances(prisma: PrismaClient, opts: { instanceId?: string } = {}): Promise<PackageBalance[]> {
  let where: object = { chargingMode: 'ON_DEMAND_PKG' };
  if (opts.instanceId) {
    const [of, deducted] = await Promise.all([
      prisma.instance.findUnique({ where: { id: opts.instanceId }, select: { customerId: true } }),
      prisma.packageUsage.findMany({ where: { relatedInstanceId: opts.instanceId }, select: { packageInstanceId: true } }),
    ]);
    where = {
      chargingMode: 'ON_DEMAND_PKG',
      OR: [{ id: { in: [opts.instanceId, ...deducted.map((d) => d.packageInstanceId)] } }, ...(of?.customerId ? [{ customerId: of.customerId }] : [])],
    };
  }
  const instances = await prisma.instance.findMany({
    where,
    select: { id: true, productId: true, skuCode: true, customerId: true, expireTime: true, quotaExhaustedAt: true },
    orderBy: [{ expireTime: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
    take: 200,
  });
  const ids = instances.map((i) => i.id);
  const [skus, usage] = await Promise.all([
    prisma.packageSku.findMany({
      where: { OR: instances.filter((i) => i.productId && i.skuCode).map((i) => ({ productId: i.productId!, skuCode: i.skuCode! })) },
      include: { quotas: { orderBy: { billingItem: 'asc' } } },
    }),
    prisma.packageUsage.findMany({ where: { packageInstanceId: { in: ids } }, orderBy: { billingItem: 'asc' } }),
  ]);
  return instances.map((i) => {
    const sku = skus.find((s) => s.productId === i.productId && s.skuCode === i.skuCode);
    return {
      packageInstanceId: i.id,
      productId: i.productId,
      skuCode: i.skuCode,
      customerId: i.customerId,
      expireTime: iso(i.expireTime),
      stopAtQuota: sku?.stopAtQuota ?? false,
      configured: !!sku && sku.quotas.length > 0,
      quotaExhaustedAt: iso(i.quotaExhaustedAt),
      items: balanceItems(
        (sku?.quotas ?? []).map((q) => ({ billingItem: q.billingItem, quota: unitsOf(q.quota) })),
        usage.filter((x) => x.packageInstanceId === i.id).map((x) => ({ billingItem: x.billingItem, used: unitsOf(x.used), relatedInstanceId: x.relatedInstanceId })),
      ),
    };
  });
}

export interface PackageSkuRow {
  productId: string;
  skuCode: string;
  /** package instances of this SKU */
  instances: number;
  /** quotas saved by a seller */
  configured: boolean;
  stopAtQuota: boolean;
  quotas: { billingItem: string; quota: string }[];
  /** for an unconfigured SKU: the orders' linear value (the package size the buyer bought), and billing items seen in its usage */
  prefill: { quota: string | null; billingItems: string[] };
  updatedBy: string | null;
  updatedAt: string | null;
}

/** The package SKUs seen on ON_DEMAND_PKG instances, and any configured, with their quotas or a prefill from the orders. */
export async function listPackageSkus(prisma: PrismaClient): Promise<PackageSkuRow[]> {
  const [instances, skus] = await Promise.all([
    prisma.instance.findMany({ where: { chargingMode: 'ON_DEMAND_PKG', productId: { not: null }, skuCode: { not: null } }, select: { id: true, productId: true, skuCode: true, linearValue: true } }),
    prisma.packageSku.findMany({ include: { quotas: { orderBy: { billingItem: 'asc' } } } }),
  ]);
  const items = await prisma.packageUsage.findMany({ where: { packageInstanceId: { in: instances.map((i) => i.id) } }, select: { packageInstanceId: true, billingItem: true }, distinct: ['packageInstanceId', 'billingItem'] });
  const keys = new Map<string, { productId: string; skuCode: string }>();
  for (const i of instances) keys.set(`${i.productId}\n${i.skuCode}`, { productId: i.productId!, skuCode: i.skuCode! });
  for (const s of skus) keys.set(`${s.productId}\n${s.skuCode}`, { productId: s.productId, skuCode: s.skuCode });
  return [...keys.values()]
    .sort((a, b) => a.productId.localeCompare(b.productId) || a.skuCode.localeCompare(b.skuCode))
    .map(({ productId, skuCode }) => {
      const mine = instances.filter((i) => i.productId === productId && i.skuCode === skuCode);
      const sku = skus.find((s) => s.productId === productId && s.skuCode === skuCode);
      const linear = mine.map((i) => i.linearValue).filter((v): v is number => v !== null && v > 0);
      const ids = new Set(mine.map((i) => i.id));
      return {
        productId,
        skuCode,
        instances: mine.length,
        configured: !!sku,
        stopAtQuota: sku?.stopAtQuota ?? false,
        quotas: (sku?.quotas ?? []).map((q) => ({ billingItem: q.billingItem, quota: unitsToString(unitsOf(q.quota)) })),
        // the largest linear value the SKU was sold with: the package size of its orders
        prefill: { quota: linear.length ? String(Math.max(...linear)) : null, billingItems: [...new Set(items.filter((x) => ids.has(x.packageInstanceId)).map((x) => x.billingItem))].sort() },
        updatedBy: sku?.updatedBy ?? null,
        updatedAt: iso(sku?.updatedAt),
      };
    });
}

export interface InstanceUsageSummary {
  chargingMode: string;
  measured: number;
  pushed: number;
  accepted: number;
  /** records the marketplace refused (rejected) or that expired unaccepted */
  rejected: number;
  unbilled: number;
  lastEventAt: string | null;
  quotaExhaustedAt: string | null;
}

/** What the instance page shows of a pay-per-use or package instance's usage; null for other charging modes. */
export async function instanceUsageSummary(prisma: PrismaClient, instanceId: string): Promise<InstanceUsageSummary | null> {
  const inst = await prisma.instance.findUnique({ where: { id: instanceId }, select: { chargingMode: true, quotaExhaustedAt: true } });
  if (!inst || (inst.chargingMode !== 'ON_DEMAND' && inst.chargingMode !== 'ON_DEMAND_PKG')) return null;
  const [events, unbilled, pushed, accepted, rejected] = await Promise.all([
    prisma.usageEvent.aggregate({ where: { OR: [{ instanceId }, { packageInstanceId: instanceId }] }, _sum: { value: true }, _max: { time: true } }),
    prisma.usageEvent.aggregate({ where: { OR: [{ instanceId }, { packageInstanceId: instanceId }], billable: false }, _sum: { value: true } }),
    prisma.usageRecord.aggregate({ where: { OR: [{ instanceId }, { packageInstanceId: instanceId }], pushedAt: { not: null } }, _sum: { value: true } }),
    prisma.usageRecord.aggregate({ where: { OR: [{ instanceId }, { packageInstanceId: instanceId }], status: 'accepted' }, _sum: { value: true } }),
    prisma.usageRecord.aggregate({ where: { OR: [{ instanceId }, { packageInstanceId: instanceId }], status: { in: ['rejected', 'expired'] } }, _sum: { value: true } }),
  ]);
  const n = (v: { toString(): string } | null | undefined) => (v ? unitsOf(v) : 0);
  return {
    chargingMode: inst.chargingMode,
    measured: n(events._sum.value),
    unbilled: n(unbilled._sum.value),
    pushed: n(pushed._sum.value),
    accepted: n(accepted._sum.value),
    rejected: n(rejected._sum.value),
    lastEventAt: iso(events._max.time),
    quotaExhaustedAt: iso(inst.quotaExhaustedAt),
  };
}
