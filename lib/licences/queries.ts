import type { PrismaClient, Queryable } from '../db/client';
import { DELIVERY_STATUSES, type DeliveryStatus } from './transitions';

/**
 * Reading the licence delivery queue (spec §9.4): products, deliveries and their history. The deliveries themselves
 * are derived from instance_order by syncLicenceQueue (lib/licences/actions.ts).
 */

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export interface LicenceProductRow {
  productId: string;
  productName: string | null;
  /** marked as a licence product: by whom and when */
  marked: boolean;
  markedBy: string | null;
  markedAt: string | null;
  deliveries: number;
}

/** Marked products and products known from stored orders, marked first. */
// SQL: one FULL JOIN of marked and known products with their counts, where Prisma would take three reads and a merge
export async function listLicenceProducts(db: Queryable): Promise<LicenceProductRow[]> {
  const { rows } = await db.query<{ productId: string; productName: string | null; markedBy: string | null; markedAt: Date | null; deliveries: number }>(
    `WITH known AS (
       SELECT product_id, max(product_name) AS product_name FROM product GROUP BY product_id
     )
     SELECT COALESCE(lp.product_id, k.product_id) AS "productId", k.product_name AS "productName",
            lp.marked_by AS "markedBy", lp.marked_at AS "markedAt",
            (SELECT count(*)::int FROM licence_delivery d WHERE d.product_id = COALESCE(lp.product_id, k.product_id)) AS deliveries
       FROM licence_product lp FULL JOIN known k ON k.product_id = lp.product_id
      ORDER BY (lp.product_id IS NULL), 1`,
  );
  return rows.map((r) => ({ ...r, marked: r.markedAt !== null, markedAt: iso(r.markedAt) }));
}

export interface DeliveryRow {
  id: string;
  status: DeliveryStatus;
  kind: string;
  instanceId: string;
  instanceStatus: string;
  testFlag: boolean;
  orderId: string;
  orderLineId: string;
  productId: string;
  productName: string | null;
  skuCode: string | null;
  customerId: string | null;
  customerName: string | null;
  expireTime: string | null;
  createdAt: string;
  deliveredAt: string | null;
  decidedAt: string | null;
  /** the licence issued last, if any (never its content) */
  licence: { id: string; kind: 'key' | 'file'; fileName: string; sha256: string; size: number; createdAt: string } | null;
}

export interface DeliveryPage {
  rows: DeliveryRow[];
  total: number;
  page: number;
  limit: number;
  /**
   * deliveries per status, whatever the filter; `awaiting` counts only what is owed: a released instance is owed no
   * licence (as on the Overview), so its awaiting deliveries are in `releasedAwaiting`, not here
   */
  counts: Record<DeliveryStatus, number>;
  /** awaiting deliveries of released instances: listed under "awaiting", shown as not demanded, not counted there */
  releasedAwaiting: number;
}

export const DELIVERY_PAGE_SIZE = 50;

/** What a delivery's licence says: the order line's SKU, linear value and expiry, else the instance's. */
const ROW_SELECT = `
  d.id::text AS id, d.status, d.kind, d.instance_id AS "instanceId", i.status::text AS "instanceStatus", i.test_flag AS "testFlag",
  d.order_id AS "orderId", d.order_line_id AS "orderLineId", d.product_id AS "productId",
  (SELECT max(p.product_name) FROM product p WHERE p.product_id = d.product_id) AS "productName",
  COALESCE(ol.sku_code, i.sku_code) AS "skuCode", COALESCE(ol.linear_value, i.linear_value) AS "linearValue",
  COALESCE(io.expire_time, ol.expire_time, i.expire_time) AS "expireTime",
  i.customer_id AS "customerId", c.customer_name AS "customerName",
  d.created_at AS "createdAt", d.delivered_at AS "deliveredAt", d.decided_at AS "decidedAt",
  l.id AS "licenceId", l.kind AS "licenceKind", l.file_name AS "licenceFileName", l.sha256 AS "licenceSha256",
  l.size AS "licenceSize", l.created_at AS "licenceCreatedAt"`;

const ROW_FROM = `
  FROM licence_delivery d
  JOIN instance_order io ON io.id = d.instance_order_id
  JOIN instance i ON i.id = d.instance_id
  LEFT JOIN order_line ol ON ol.order_line_id = d.order_line_id
  LEFT JOIN customer c ON c.customer_id = i.customer_id
  LEFT JOIN licence l ON l.id = d.current_licence_id`;

type RawRow = Omit<DeliveryRow, 'expireTime' | 'createdAt' | 'deliveredAt' | 'decidedAt' | 'licence'> & {
  linearValue: number | null;
  expireTime: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
  decidedAt: Date | null;
  licenceId: string | null;
  licenceKind: 'key' | 'file' | null;
  licenceFileName: string | null;
  licenceSha256: string | null;
  licenceSize: number | null;
  licenceCreatedAt: Date | null;
};

function toRow(r: RawRow): DeliveryRow & { linearValue: number | null } {
  return {
    id: r.id,
    status: r.status,
    kind: r.kind,
    instanceId: r.instanceId,
    instanceStatus: r.instanceStatus,
    testFlag: r.testFlag,
    orderId: r.orderId,
    orderLineId: r.orderLineId,
    productId: r.productId,
    productName: r.productName,
    skuCode: r.skuCode,
    linearValue: r.linearValue,
    customerId: r.customerId,
    customerName: r.customerName,
    expireTime: iso(r.expireTime),
    createdAt: iso(r.createdAt)!,
    deliveredAt: iso(r.deliveredAt),
    decidedAt: iso(r.decidedAt),
    licence: r.licenceId
      ? { id: r.licenceId, kind: r.licenceKind!, fileName: r.licenceFileName!, sha256: r.licenceSha256!, size: r.licenceSize!, createdAt: iso(r.licenceCreatedAt)! }
      : null,
  };
}

export interface DeliveryFilters {
  status?: DeliveryStatus;
  page?: number;
}

export function parseDeliveryFilters(sp: URLSearchParams | Record<string, string | string[] | undefined>): DeliveryFilters {
  const get = (k: string) => {
    const v = sp instanceof URLSearchParams ? sp.get(k) : sp[k];
    return Array.isArray(v) ? v[0] : (v ?? undefined);
  };
  const status = get('status');
  const page = Number(get('page'));
  return {
    status: (DELIVERY_STATUSES as readonly string[]).includes(status ?? '') ? (status as DeliveryStatus) : undefined,
    // a page past any real queue (1e300 would overflow OFFSET) is just the last possible one
    page: Number.isInteger(page) && page > 1 ? Math.min(page, 1_000_000) : undefined,
  };
}

/** The queue: awaiting deliveries oldest first (first in, first served), the others newest first. */
// SQL: a licence's terms are COALESCEd across order line, instance order and instance (order_line has no Prisma
// relation), and the counts per status are one FILTERed GROUP BY
export async function listDeliveries(db: Queryable, f: DeliveryFilters = {}): Promise<DeliveryPage> {
  const page = Math.max(f.page ?? 1, 1);
  const limit = DELIVERY_PAGE_SIZE;
  const where = f.status ? 'WHERE d.status = $1' : 'WHERE $1::varchar IS NULL';
  const dir = f.status === 'awaiting' ? 'ASC' : 'DESC';
  const [rows, total, counts] = await Promise.all([
    db.query<RawRow>(`SELECT ${ROW_SELECT} ${ROW_FROM} ${where} ORDER BY d.created_at ${dir}, d.id ${dir} LIMIT $2 OFFSET $3`, [
      f.status ?? null,
      limit,
      (page - 1) * limit,
    ]),
    // a licence-code order's delivery (no instance, spec §9.1) is not listed yet: counted as the rows are
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM licence_delivery d ${where} AND d.instance_id IS NOT NULL`, [f.status ?? null]),
    db.query<{ status: DeliveryStatus; n: number; released: number }>(
      `SELECT d.status, count(*)::int AS n, count(*) FILTER (WHERE i.status = 'released')::int AS released
         FROM licence_delivery d JOIN instance i ON i.id = d.instance_id GROUP BY d.status`,
    ),
  ]);
  const byStatus = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
  let releasedAwaiting = 0;
  for (const c of counts.rows) {
    byStatus[c.status] = c.n;
    if (c.status === 'awaiting') {
      releasedAwaiting = c.released;
      byStatus.awaiting -= c.released;
    }
  }
  return { rows: rows.rows.map(toRow), total: total.rows[0]!.n, page, limit, counts: byStatus, releasedAwaiting };
}

export interface LicenceSummary {
  id: string;
  kind: 'key' | 'file';
  fileName: string;
  sha256: string;
  size: number;
  createdAt: string;
  createdBy: string | null;
  current: boolean;
}

export interface DeliveryEvent {
  id: string;
  step: string;
  at: string;
  by: string | null;
  note: string | null;
  detail: Record<string, unknown> | null;
}

export interface DeliveryDetail extends DeliveryRow {
  linearValue: number | null;
  customerEmail: string | null;
  serviceStartTime: string | null;
  deliveredBy: string | null;
  deliveryNote: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
  licences: LicenceSummary[];
  /** oldest first */
  events: DeliveryEvent[];
}

/** Delivery ids are bigint serials; anything else is not found (and never reaches SQL as a bad cast). */
export function parseDeliveryId(id: string): string | null {
  return /^[1-9][0-9]{0,17}$/.test(id) ? id : null;
}

// SQL: the same row as listDeliveries (ROW_SELECT), so a delivery's terms are computed in one place
export async function getDelivery(db: Queryable, rawId: string): Promise<DeliveryDetail | null> {
  const id = parseDeliveryId(rawId);
  if (!id) return null;
  const { rows } = await db.query<
    RawRow & {
      customerEmail: string | null;
      serviceStartTime: Date | null;
      deliveredBy: string | null;
      deliveryNote: string | null;
      decidedBy: string | null;
      decisionNote: string | null;
      currentLicenceId: string | null;
    }
  >(
    `SELECT ${ROW_SELECT}, c.email AS "customerEmail", d.service_start_time AS "serviceStartTime", d.delivered_by AS "deliveredBy",
            d.delivery_note AS "deliveryNote", d.decided_by AS "decidedBy", d.decision_note AS "decisionNote"
       ${ROW_FROM} WHERE d.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  const [licences, events] = await Promise.all([
    db.query<Omit<LicenceSummary, 'current' | 'createdAt'> & { createdAt: Date }>(
      `SELECT id, kind, file_name AS "fileName", sha256, size, created_at AS "createdAt", created_by AS "createdBy"
         FROM licence WHERE delivery_id = $1 ORDER BY created_at DESC`,
      [id],
    ),
    db.query<Omit<DeliveryEvent, 'at'> & { at: Date }>(
      `SELECT id::text, step, at, by, note, detail FROM licence_event WHERE delivery_id = $1 ORDER BY at, licence_event.id`,
      [id],
    ),
  ]);
  return {
    ...toRow(r),
    customerEmail: r.customerEmail,
    serviceStartTime: iso(r.serviceStartTime),
    deliveredBy: r.deliveredBy,
    deliveryNote: r.deliveryNote,
    decidedBy: r.decidedBy,
    decisionNote: r.decisionNote,
    licences: licences.rows.map((l) => ({ ...l, createdAt: iso(l.createdAt)!, current: l.id === r.licenceId })),
    events: events.rows.map((e) => ({ ...e, at: iso(e.at)! })),
  };
}

/** The deliveries of one instance (its detail page links to them). */
export async function deliveriesOfInstance(prisma: PrismaClient, instanceId: string): Promise<{ id: string; status: DeliveryStatus; kind: string; orderId: string }[]> {
  const rows = await prisma.licenceDelivery.findMany({
    where: { instanceId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, status: true, kind: true, orderId: true },
  });
  return rows.map((d) => ({ ...d, id: d.id.toString(), status: d.status as DeliveryStatus }));
}
