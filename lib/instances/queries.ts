import type { Queryable } from '../db/client';
import { jobKind, type JobKind } from '../jobs/words';
import { DEFAULT_LIMIT, type InstanceFilters, type InstanceSort } from './filters';
import type { InstanceStatus } from './transitions';

/**
 * The console's reads of instances (issue 3): plain functions over SQL, no HTTP. Everything returned is JSON-safe
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
const toRow = (r: RawRow): InstanceRow => ({ ...r, expireTime: iso(r.expireTime), createdAt: iso(r.createdAt)! });

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

export async function getInstanceDetail(db: Queryable, id: string): Promise<InstanceDetail | null> {
  const { rows } = await db.query<
    RawRow & {
      linearValue: number | null;
      usageValue: string;
      provisioner: string | null;
      frontEndUrl: string | null;
      adminUrl: string | null;
      userName: string | null;
      hasPassword: boolean;
      memo: string | null;
      failureReason: string | null;
      updatedAt: Date;
      provisionedAt: Date | null;
      releasedAt: Date | null;
      cUserName: string | null;
      cEmail: string | null;
      tenantId: string | null;
      tenantName: string | null;
      tenantAdmin: string | null;
      tenantCreatedAt: Date | null;
    }
  >(
    `SELECT ${ROW_SELECT}, i.linear_value AS "linearValue", i.usage_value::text AS "usageValue", i.provisioner,
            i.front_end_url AS "frontEndUrl", i.admin_url AS "adminUrl", i.user_name AS "userName",
            (i.password_enc IS NOT NULL) AS "hasPassword", i.memo, i.failure_reason AS "failureReason",
            i.updated_at AS "updatedAt", i.provisioned_at AS "provisionedAt", i.released_at AS "releasedAt",
            c.user_name AS "cUserName", c.email AS "cEmail",
            t.id AS "tenantId", t.name AS "tenantName", t.admin_user AS "tenantAdmin", t.created_at AS "tenantCreatedAt"
       ${ROW_FROM}
       LEFT JOIN tenant t ON t.instance_id = i.id
      WHERE i.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;

  const [orders, jobs, calls, actions] = await Promise.all([
    db.query<{ orderId: string; orderLineId: string; kind: string; expireTime: Date | null; productId: string | null; createdAt: Date }>(
      `SELECT order_id AS "orderId", order_line_id AS "orderLineId", kind, expire_time AS "expireTime", product_id AS "productId",
              created_at AS "createdAt"
         FROM instance_order WHERE instance_id = $1 ORDER BY id`,
      [id],
    ),
    db.query<{ id: string; queue: string; state: string; attempts: number; lastError: string | null; event: string | null; orderKind: string | null; createdAt: Date; updatedAt: Date }>(
      `SELECT id, queue, state, attempts, last_error AS "lastError", data->>'event' AS event, data->>'kind' AS "orderKind", created_at AS "createdAt", updated_at AS "updatedAt"
         FROM job WHERE instance_id = $1 ORDER BY created_at DESC LIMIT ${DETAIL_HISTORY_LIMIT}`,
      [id],
    ),
    db.query<{ id: string; at: Date; direction: string; activity: string | null; resultCode: string | null; success: boolean; durationMs: number }>(
      `SELECT id::text, created_at AS at, direction, activity, result_code AS "resultCode", success, duration_ms AS "durationMs"
         FROM call WHERE instance_id = $1 ORDER BY created_at DESC, call.id DESC LIMIT ${DETAIL_HISTORY_LIMIT}`,
      [id],
    ),
    db.query<{ at: Date; userEmail: string | null; action: string; outcome: string; detail: Record<string, unknown> | null }>(
      `SELECT at, user_email AS "userEmail", action, outcome, detail FROM audit_log
        WHERE target = $1 AND action LIKE 'instance.%' ORDER BY at DESC LIMIT ${DETAIL_HISTORY_LIMIT}`,
      [id],
    ),
  ]);

  const detail: InstanceDetail = {
    ...toRow(r),
    linearValue: r.linearValue,
    usageValue: r.usageValue,
    provisioner: r.provisioner,
    frontEndUrl: r.frontEndUrl,
    adminUrl: r.adminUrl,
    userName: r.userName,
    hasPassword: r.hasPassword,
    memo: r.memo,
    failureReason: r.failureReason,
    updatedAt: iso(r.updatedAt)!,
    provisionedAt: iso(r.provisionedAt),
    releasedAt: iso(r.releasedAt),
    customer: r.customerId ? { id: r.customerId, name: r.customerName, userName: r.cUserName, email: r.cEmail } : null,
    tenant: r.tenantId ? { id: r.tenantId, name: r.tenantName!, adminUser: r.tenantAdmin!, createdAt: iso(r.tenantCreatedAt)! } : null,
    orders: orders.rows.map((o) => ({ ...o, expireTime: iso(o.expireTime), createdAt: iso(o.createdAt)! })),
    jobs: jobs.rows.map(({ orderKind, ...j }) => ({ ...j, kind: jobKind(j.queue, { kind: orderKind, event: j.event }), createdAt: iso(j.createdAt)!, updatedAt: iso(j.updatedAt)! })),
    calls: calls.rows.map((c) => ({ ...c, at: iso(c.at)! })),
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
  for (const a of actions.rows) {
    const reason = typeof a.detail?.reason === 'string' ? a.detail.reason : undefined;
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
