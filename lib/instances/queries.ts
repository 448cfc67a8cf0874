import type { PrismaClient, Queryable } from '../db/client';
import { jobKind, type JobKind } from '../jobs/words';
import type { InstanceSnapshot } from '../provisioning/types';
import { DEFAULT_LIMIT, type InstanceFilters, type InstanceSort } from './filters';
import type { InstanceStatus } from './transitions';

/**
 * The console's reads of instances (issue 3): plain functions, no HTTP. Everything returned is JSON-safe
 * (times as ISO strings, bigints as strings), so a server component and the console API hand out the same shape.
 */

export interface InstanceRow {
  id: string;
  orderId: string;
  orderLineId: string;
  status: InstanceStatus;
  testFlag: boolean;
  productId: string | null;
  productName: string | null;
  skuCode: string | null;
  chargingMode: string | null;
  expireTime: string | null;
  customerId: string | null;
  customerName: string | null;
  createdAt: string;
}

export interface InstancePage {
  rows: InstanceRow[];
  total: number;
  page: number;
  limit: number;
}

const SORT_SQL: Record<InstanceSort, string> = {
  created: 'i.created_at',
  expire: 'i.expire_time',
  status: 'i.status::text',
  id: 'i.id',
};

export const MAX_LIMIT = 100;

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** `%`, `_` and `\` in what the user typed are literal, not wildcards. */
function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

const ROW_SELECT = `
  i.id, i.order_id AS "orderId", i.order_line_id AS "orderLineId", i.status::text AS status, i.test_flag AS "testFlag",
  i.product_id AS "productId", p.product_name AS "productName", i.sku_code AS "skuCode", i.charging_mode AS "chargingMode",
  i.expire_time AS "expireTime", i.customer_id AS "customerId", c.customer_name AS "customerName", i.created_at AS "createdAt"`;

const ROW_FROM = `
  FROM instance i
  LEFT JOIN customer c ON c.customer_id = i.customer_id
  LEFT JOIN product p ON p.product_id = i.product_id AND p.sku_code = i.sku_code`;

type RawRow = Omit<InstanceRow, 'expireTime' | 'createdAt'> & { expireTime: Date | null; createdAt: Date };
const toRow = (r: RawRow): InstanceRow => ({
  id: r.id,
  orderId: r.orderId,
  orderLineId: r.orderLineId,
  status: r.status,
  testFlag: r.testFlag,
  productId: r.productId,
  productName: r.productName,
  skuCode: r.skuCode,
  chargingMode: r.chargingMode,
  expireTime: iso(r.expireTime),
  customerId: r.customerId,
  customerName: r.customerName,
  createdAt: iso(r.createdAt)!,
});

/** The webhook event a job carries (`data.event`), as `data->>'event'` reads it. */
const jobEvent = (data: unknown): string | null => {
  const e = data && typeof data === 'object' ? (data as Record<string, unknown>).event : undefined;
  return e === undefined || e === null ? null : typeof e === 'string' ? e : JSON.stringify(e);
};

// SQL: sorts status as text (Prisma orders an enum by its declaration) with NULLS LAST, and joins product on
// (product_id, sku_code), which has no Prisma relation to instance
export async function listInstances(db: Queryable, f: InstanceFilters = {}): Promise<InstancePage> {
  const limit = Math.min(Math.max(Math.trunc(f.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
  const page = Math.max(Math.trunc(f.page ?? 1), 1);
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const q = f.q?.trim();
  if (q) {
    // Exact ids first: they use the primary key, the (order_id, order_line_id) unique index, the customer index and
    // instance_order's order_id index. Prefixes and the customer's name cannot use a b-tree case-insensitively
    // (that would take a pg_trgm or lower() index, a schema change): they scan, which is fine at console scale.
    const exact = p(q);
    const prefix = p(likeEscape(q) + '%');
    const contains = p('%' + likeEscape(q) + '%');
    where.push(`(i.id = ${exact} OR i.order_id = ${exact} OR i.customer_id = ${exact}
      OR EXISTS (SELECT 1 FROM instance_order io WHERE io.order_id = ${exact} AND io.instance_id = i.id)
      OR i.id ILIKE ${prefix} OR i.order_id ILIKE ${prefix} OR i.customer_id ILIKE ${prefix}
      OR c.customer_name ILIKE ${contains})`);
  }
  if (f.status) where.push(`i.status = ${p(f.status)}::"InstanceStatus"`);
  if (f.chargingMode) where.push(`i.charging_mode = ${p(f.chargingMode)}`);
  if (f.test) where.push(`i.test_flag = ${p(f.test === 'test')}`);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const dir = f.dir === 'asc' ? 'ASC' : 'DESC';
  const order = `${SORT_SQL[f.sort ?? 'created']} ${dir} NULLS LAST, i.id ${dir}`;
  const [rows, count] = await Promise.all([
    db.query<RawRow>(`SELECT ${ROW_SELECT} ${ROW_FROM} ${whereSql} ORDER BY ${order} LIMIT ${p(limit)} OFFSET ${p((page - 1) * limit)}`, params),
    db.query<{ n: number }>(`SELECT count(*)::int AS n ${ROW_FROM} ${whereSql}`, params.slice(0, params.length - 2)),
  ]);
  return { rows: rows.rows.map(toRow), total: count.rows[0]!.n, page, limit };
}

export interface TimelineEvent {
  at: string;
  kind: 'instance' | 'order' | 'call' | 'job' | 'console';
  /** English, for API readers; the console shows `label` in the reader's language */
  title: string;
  detail?: string;
  /** false for a failure, undefined when it does not apply */
  ok?: boolean;
  /** what the title and detail are made of, for translation (keys of lib/i18n/messages/instances `tl.*`) */
  label: TimelineLabel;
}

export type TimelineLabel =
  | { kind: 'created' | 'provisioned' | 'released' }
  | { kind: 'order'; orderKind: string; orderId: string; orderLineId: string }
  | { kind: 'call'; id: string; inbound: boolean; activity: string | null; resultCode: string | null; durationMs: number }
  | { kind: 'job'; id: string; jobKind: JobKind; queue: string; event: string | null; state: string; attempts: number; lastError: string | null }
  | { kind: 'console'; action: string; outcome: string; user: string | null; reason?: string };

export interface InstanceDetail extends InstanceRow {
  linearValue: number | null;
  usageValue: string;
  provisioner: string | null;
  frontEndUrl: string | null;
  adminUrl: string | null;
  userName: string | null;
  /** whether a password is stored (it is revealed only on request, to admins) */
  hasPassword: boolean;
  memo: string | null;
  failureReason: string | null;
  updatedAt: string;
  provisionedAt: string | null;
  releasedAt: string | null;
  customer: { id: string; name: string | null; userName: string | null; email: string | null } | null;
  tenant: { id: string; name: string; adminUser: string; createdAt: string } | null;
  orders: { orderId: string; orderLineId: string; kind: string; expireTime: string | null; productId: string | null; createdAt: string }[];
  jobs: { id: string; queue: string; kind: JobKind; state: string; attempts: number; lastError: string | null; event: string | null; createdAt: string; updatedAt: string }[];
  calls: { id: string; at: string; direction: string; activity: string | null; resultCode: string | null; success: boolean; durationMs: number }[];
  timeline: TimelineEvent[];
}

/** How many calls, jobs and console actions the detail page shows at most (the newest). */
export const DETAIL_HISTORY_LIMIT = 200;

/** The detail page's reads: plain Prisma (product has no relation to instance: it is keyed by product and SKU). */
export async function getInstanceDetail(prisma: PrismaClient, id: string): Promise<InstanceDetail | null> {
  const i = await prisma.instance.findUnique({
    where: { id },
    include: {
      customer: { select: { customerName: true, userName: true, email: true } },
      tenant: { select: { id: true, name: true, adminUser: true, createdAt: true } },
      orders: { orderBy: { id: 'asc' }, select: { orderId: true, orderLineId: true, kind: true, expireTime: true, productId: true, createdAt: true } },
    },
  });
  if (!i) return null;
  const [product, jobs, calls, actions] = await Promise.all([
    i.productId && i.skuCode ? prisma.product.findUnique({ where: { productId_skuCode: { productId: i.productId, skuCode: i.skuCode } }, select: { productName: true } }) : null,
    prisma.job.findMany({
      where: { instanceId: id },
      orderBy: { createdAt: 'desc' },
      take: DETAIL_HISTORY_LIMIT,
      select: { id: true, queue: true, state: true, attempts: true, lastError: true, data: true, createdAt: true, updatedAt: true },
    }),
    prisma.call.findMany({
      where: { instanceId: id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: DETAIL_HISTORY_LIMIT,
      select: { id: true, createdAt: true, direction: true, activity: true, resultCode: true, success: true, durationMs: true },
    }),
    prisma.auditLog.findMany({
      where: { target: id, action: { startsWith: 'instance.' } },
      orderBy: { at: 'desc' },
      take: DETAIL_HISTORY_LIMIT,
      select: { at: true, userEmail: true, action: true, outcome: true, detail: true },
    }),
  ]);

  const detail: InstanceDetail = {
    ...toRow({ ...i, status: i.status, productName: product?.productName ?? null, customerName: i.customer?.customerName ?? null }),
    linearValue: i.linearValue,
    // numeric(16,4) as PostgreSQL writes it, four decimals
    usageValue: i.usageValue.toFixed(4),
    provisioner: i.provisioner,
    frontEndUrl: i.frontEndUrl,
    adminUrl: i.adminUrl,
    userName: i.userName,
    // the encrypted password stays here: revealed only on request, to admins (lib/instances/actions.ts)
    hasPassword: i.passwordEnc !== null,
    memo: i.memo,
    failureReason: i.failureReason,
    updatedAt: iso(i.updatedAt)!,
    provisionedAt: iso(i.provisionedAt),
    releasedAt: iso(i.releasedAt),
    customer: i.customerId ? { id: i.customerId, name: i.customer?.customerName ?? null, userName: i.customer?.userName ?? null, email: i.customer?.email ?? null } : null,
    tenant: i.tenant ? { ...i.tenant, createdAt: iso(i.tenant.createdAt)! } : null,
    orders: i.orders.map((o) => ({ ...o, expireTime: iso(o.expireTime), createdAt: iso(o.createdAt)! })),
    jobs: jobs.map(({ data, ...j }) => ({
      ...j,
      kind: jobKind(j.queue, data as Record<string, unknown> | null),
      event: jobEvent(data),
      createdAt: iso(j.createdAt)!,
      updatedAt: iso(j.updatedAt)!,
    })),
    calls: calls.map(({ createdAt, ...c }) => ({ ...c, id: c.id.toString(), at: iso(createdAt)! })),
    timeline: [],
  };

  const t: TimelineEvent[] = [{ at: detail.createdAt, kind: 'instance', title: 'Instance created', label: { kind: 'created' } }];
  if (detail.provisionedAt) t.push({ at: detail.provisionedAt, kind: 'instance', title: 'Provisioned', ok: true, label: { kind: 'provisioned' } });
  if (detail.releasedAt) t.push({ at: detail.releasedAt, kind: 'instance', title: 'Released', label: { kind: 'released' } });
  for (const o of detail.orders) {
    t.push({
      at: o.createdAt,
      kind: 'order',
      title: `Order ${o.kind}`,
      detail: `${o.orderId} / ${o.orderLineId}`,
      label: { kind: 'order', orderKind: o.kind, orderId: o.orderId, orderLineId: o.orderLineId },
    });
  }
  for (const c of detail.calls) {
    t.push({
      at: c.at,
      kind: 'call',
      title: `${c.direction === 'inbound' ? 'Call' : 'Outbound'} ${c.activity ?? '(unknown activity)'}`,
      detail: `${c.resultCode ?? 'no result code'} · ${c.durationMs} ms`,
      ok: c.success,
      label: { kind: 'call', id: c.id, inbound: c.direction === 'inbound', activity: c.activity, resultCode: c.resultCode, durationMs: c.durationMs },
    });
  }
  for (const j of detail.jobs) {
    const failed = j.state === 'failed';
    t.push({
      // the job's latest state, at the time it reached it
      at: j.state === 'created' ? j.createdAt : j.updatedAt,
      kind: 'job',
      title: `Job ${j.queue}${j.event ? ` (${j.event})` : ''}: ${j.state}`,
      detail: [j.attempts ? `${j.attempts} attempt${j.attempts === 1 ? '' : 's'}` : '', j.lastError ?? ''].filter(Boolean).join(' · ') || undefined,
      ok: failed ? false : j.state === 'completed' ? true : undefined,
      label: { kind: 'job', id: j.id, jobKind: j.kind, queue: j.queue, event: j.event, state: j.state, attempts: j.attempts, lastError: j.lastError },
    });
  }
  for (const a of actions) {
    const detail = a.detail && typeof a.detail === 'object' && !Array.isArray(a.detail) ? (a.detail as Record<string, unknown>) : null;
    const reason = typeof detail?.reason === 'string' ? detail.reason : undefined;
    t.push({
      at: iso(a.at)!,
      kind: 'console',
      title: `Console ${a.action.replace(/^instance\./, '')}: ${a.outcome}`,
      detail: [a.userEmail ?? 'unknown user', reason].filter(Boolean).join(' · '),
      ok: a.outcome === 'success',
      label: { kind: 'console', action: a.action.replace(/^instance\./, ''), outcome: a.outcome, user: a.userEmail, reason },
    });
  }
  // newest first; at the same instant, the order above (instance, orders, calls, jobs, console) is kept
  detail.timeline = t.map((e, i) => ({ e, i })).sort((a, b) => b.e.at.localeCompare(a.e.at) || a.i - b.i).map((x) => x.e);
  return detail;
}

/** What a job handler and a provisioner know of an instance (lib/jobs/handlers.ts). */
export async function loadInstance(prisma: PrismaClient, instanceId: string): Promise<InstanceSnapshot | undefined> {
  const i = await prisma.instance.findUnique({
    where: { id: instanceId },
    select: {
      id: true,
      orderId: true,
      orderLineId: true,
      status: true,
      testFlag: true,
      productId: true,
      skuCode: true,
      linearValue: true,
      chargingMode: true,
      expireTime: true,
      customerId: true,
    },
  });
  if (!i) return undefined;
  const { id, ...rest } = i;
  return { instanceId: id, ...rest };
}
