import type { PrismaClient, Queryable } from '../db/client';
import { DELIVERY_STATUSES, type DeliveryStatus } from './transitions';
import { LICENCE_GENERATIONS, type LicenceGeneration } from './validation';

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
  /** marked products: manual | licence_code | online (a getLicenseAsync makes a product online), and whether its
   * online licences need a device fingerprint (000903 otherwise) */
  generation: string | null;
  deviceFingerprintRequired: boolean;
  deliveries: number;
}

/** Marked products and products known from stored orders, marked first. */
// SQL: one FULL JOIN of marked and known products with their counts, where Prisma would take three reads and a merge
export async function listLicenceProducts(db: Queryable): Promise<LicenceProductRow[]> {
  const { rows } = await db.query<{ productId: string; productName: string | null; markedBy: string | null; markedAt: Date | null; generation: string | null; deviceFingerprintRequired: boolean; deliveries: number }>(
    `WITH known AS (
       SELECT product_id, max(product_name) AS product_name FROM product GROUP BY product_id
     )
     SELECT COALESCE(lp.product_id, k.product_id) AS "productId", k.product_name AS "productName",
            lp.marked_by AS "markedBy", lp.marked_at AS "markedAt", lp.generation,
            COALESCE(lp.device_fingerprint_required, false) AS "deviceFingerprintRequired",
            (SELECT count(*)::int FROM licence_delivery d WHERE d.product_id = COALESCE(lp.product_id, k.product_id)) AS deliveries
       FROM licence_product lp FULL JOIN known k ON k.product_id = lp.product_id
      ORDER BY (lp.product_id IS NULL), 1`,
  );
  return rows.map((r) => ({ ...r, marked: r.markedAt !== null, markedAt: iso(r.markedAt) }));
}

/**
 * Which generation of licence a delivery is (issue 10): `manual` (delivered by hand under service supervision, spec
 * §9.4), `licence_code` (授权码 2.0, spec §9.1: a code the seller's software activated), `online` (在线开通, spec §9.2:
 * getLicenseAsync, then the upload), `v1` (spec §4.12: getLicense, answered with the licence inline).
 */
export const GENERATIONS = LICENCE_GENERATIONS;
export type Generation = LicenceGeneration;

/**
 * Derived from data, never typed in: a delivery of a licence-code order (kind LICENSE_CODE) or one a code is linked to
 * is a licence code; one whose own `generation` says online (licence_delivery.generation, written by the online-licence
 * path when it makes the delivery: read tolerantly, as `mark`, so a database without that column still answers) is
 * online; any other is manual. GENERATION_SQL is the same rule for the filter.
 */
export function deliveryGeneration(d: { kind: string; hasCode: boolean; mark?: string | null }): Generation {
  if (d.kind === 'LICENSE_CODE' || d.hasCode || d.mark === 'licence_code') return 'licence_code';
  return d.mark === 'online' || d.mark === 'v1' ? d.mark : 'manual';
}
/** the delivery's generation mark (licence_delivery.generation, set from its product's when the delivery was made) */
const GENERATION_MARK = `d.generation`;
const GENERATION_SQL = `(CASE WHEN d.kind = 'LICENSE_CODE' OR lc.id IS NOT NULL OR ${GENERATION_MARK} = 'licence_code' THEN 'licence_code'
  WHEN ${GENERATION_MARK} IN ('online', 'v1') THEN ${GENERATION_MARK} ELSE 'manual' END)`;

/** A licence code of a delivery as the console shows it: the code masked for viewers, the fingerprint shortened. */
export interface CodeSummary {
  id: string;
  /** the code; `***` for viewers (the buyer's asset, as the call view masks it) */
  code: string;
  /** pending | active | frozen | released | expired (lib/licenceCodes/transitions.ts) */
  status: string;
  /** a test code (a debugging call's, testFlag 1) */
  test: boolean;
  /** the marketplace's own word, as activate or heartbeat last said (ALIVE, EXPIRED, RELEASED, FROZEN) */
  marketStatus: string | null;
  expireTime: string | null;
  activatedAt: string | null;
  /** the device it was activated on, shortened: enough to tell devices apart */
  device: string | null;
  lastCheckedAt: string | null;
}

export function shortFingerprint(fp: string | null): string | null {
  if (fp === null) return null;
  return fp.length <= 16 ? fp : `${fp.slice(0, 8)}…${fp.slice(-4)}`;
}

export interface ReadOptions {
  /** viewers see a licence code as *** (lib/redact.ts masks the call view's `license` fields so) */
  maskCodes?: boolean;
}

export interface DeliveryRow {
  id: string;
  status: DeliveryStatus;
  kind: string;
  generation: Generation;
  /** null for a licence-code order's delivery (no instance, spec §9.1) */
  instanceId: string | null;
  instanceStatus: string | null;
  testFlag: boolean;
  orderId: string;
  orderLineId: string | null;
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
  /** a licence-code delivery's code activated last, and how many codes it has */
  code: CodeSummary | null;
  codeCount: number;
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
  /** deliveries per generation, whatever the filter */
  generations: Record<Generation, number>;
}

export const DELIVERY_PAGE_SIZE = 50;

/** What a delivery's licence says: the order line's SKU, linear value and expiry, else the instance's. */
const ROW_SELECT = `
  d.id::text AS id, d.status, d.kind, ${GENERATION_MARK} AS "generationMark", lc.id IS NOT NULL AS "hasCode",
  d.instance_id AS "instanceId", i.status::text AS "instanceStatus", COALESCE(i.test_flag, lc.test_flag, false) AS "testFlag",
  d.order_id AS "orderId", d.order_line_id AS "orderLineId", d.product_id AS "productId",
  (SELECT max(p.product_name) FROM product p WHERE p.product_id = d.product_id) AS "productName",
  COALESCE(ol.sku_code, i.sku_code) AS "skuCode", COALESCE(ol.linear_value, i.linear_value) AS "linearValue",
  COALESCE(io.expire_time, ol.expire_time, i.expire_time, lc.expire_time) AS "expireTime",
  i.customer_id AS "customerId", c.customer_name AS "customerName",
  d.created_at AS "createdAt", d.delivered_at AS "deliveredAt", d.decided_at AS "decidedAt",
  l.id AS "licenceId", l.kind AS "licenceKind", l.file_name AS "licenceFileName", l.sha256 AS "licenceSha256",
  l.size AS "licenceSize", l.created_at AS "licenceCreatedAt",
  lc.id::text AS "codeId", lc.code AS "codeText", lc.status AS "codeStatus", lc.test_flag AS "codeTest", lc.market_status AS "codeMarketStatus",
  lc.expire_time AS "codeExpireTime", lc.activated_at AS "codeActivatedAt", lc.device_fingerprint AS "codeDevice",
  lc.last_checked_at AS "codeLastCheckedAt", COALESCE(lc.n, 0)::int AS "codeCount"`;

/** A licence-code delivery (no instance order, no instance) is listed too; its code is the one activated last. */
const ROW_FROM = `
  FROM licence_delivery d
  LEFT JOIN instance_order io ON io.id = d.instance_order_id
  LEFT JOIN instance i ON i.id = d.instance_id
  LEFT JOIN order_line ol ON ol.order_line_id = d.order_line_id
  LEFT JOIN customer c ON c.customer_id = i.customer_id
  LEFT JOIN licence l ON l.id = d.current_licence_id
  LEFT JOIN LATERAL (
    SELECT x.*, count(*) OVER () AS n FROM licence_code x WHERE x.delivery_id = d.id ORDER BY x.activated_at DESC NULLS LAST, x.id DESC LIMIT 1
  ) lc ON true`;

interface RawCode {
  codeId: string | null;
  codeText: string | null;
  codeStatus: string | null;
  codeTest: boolean | null;
  codeMarketStatus: string | null;
  codeExpireTime: Date | null;
  codeActivatedAt: Date | null;
  codeDevice: string | null;
  codeLastCheckedAt: Date | null;
}

function toCode(r: RawCode, opts: ReadOptions): CodeSummary | null {
  if (r.codeId === null) return null;
  return {
    id: r.codeId,
    code: opts.maskCodes ? '***' : r.codeText!,
    status: r.codeStatus!,
    test: r.codeTest ?? false,
    marketStatus: r.codeMarketStatus,
    expireTime: iso(r.codeExpireTime),
    activatedAt: iso(r.codeActivatedAt),
    device: shortFingerprint(r.codeDevice),
    lastCheckedAt: iso(r.codeLastCheckedAt),
  };
}

type RawRow = Omit<DeliveryRow, 'expireTime' | 'createdAt' | 'deliveredAt' | 'decidedAt' | 'licence' | 'generation' | 'code'> & RawCode & {
  generationMark: string | null;
  hasCode: boolean;
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

function toRow(r: RawRow, opts: ReadOptions = {}): DeliveryRow & { linearValue: number | null } {
  return {
    id: r.id,
    status: r.status,
    kind: r.kind,
    generation: deliveryGeneration({ kind: r.kind, hasCode: r.hasCode, mark: r.generationMark }),
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
    code: toCode(r, opts),
    codeCount: r.codeCount,
  };
}

export interface DeliveryFilters {
  status?: DeliveryStatus;
  generation?: Generation;
  page?: number;
}

export function parseDeliveryFilters(sp: URLSearchParams | Record<string, string | string[] | undefined>): DeliveryFilters {
  const get = (k: string) => {
    const v = sp instanceof URLSearchParams ? sp.get(k) : sp[k];
    return Array.isArray(v) ? v[0] : (v ?? undefined);
  };
  const status = get('status');
  const generation = get('generation');
  const page = Number(get('page'));
  return {
    status: (DELIVERY_STATUSES as readonly string[]).includes(status ?? '') ? (status as DeliveryStatus) : undefined,
    generation: (GENERATIONS as readonly string[]).includes(generation ?? '') ? (generation as Generation) : undefined,
    // a page past any real queue (1e300 would overflow OFFSET) is just the last possible one
    page: Number.isInteger(page) && page > 1 ? Math.min(page, 1_000_000) : undefined,
  };
}

/** The queue: awaiting deliveries oldest first (first in, first served), the others newest first. */
// SQL: a licence's terms are COALESCEd across order line, instance order, instance and licence code (order_line has no
// Prisma relation), the generation is one CASE over the lateral code, and the counts are one GROUP BY
export async function listDeliveries(db: Queryable, f: DeliveryFilters = {}, opts: ReadOptions = {}): Promise<DeliveryPage> {
  const page = Math.max(f.page ?? 1, 1);
  const limit = DELIVERY_PAGE_SIZE;
  const where = `WHERE ($1::varchar IS NULL OR d.status = $1) AND ($2::varchar IS NULL OR ${GENERATION_SQL} = $2)`;
  const dir = f.status === 'awaiting' ? 'ASC' : 'DESC';
  const params = [f.status ?? null, f.generation ?? null];
  const [rows, total, counts] = await Promise.all([
    db.query<RawRow>(`SELECT ${ROW_SELECT} ${ROW_FROM} ${where} ORDER BY d.created_at ${dir}, d.id ${dir} LIMIT $3 OFFSET $4`, [...params, limit, (page - 1) * limit]),
    db.query<{ n: number }>(`SELECT count(*)::int AS n ${ROW_FROM} ${where}`, params),
    db.query<{ status: DeliveryStatus; generation: Generation; n: number; released: number }>(
      `SELECT d.status, ${GENERATION_SQL} AS generation, count(*)::int AS n, count(*) FILTER (WHERE i.status = 'released')::int AS released
         ${ROW_FROM} GROUP BY 1, 2`,
    ),
  ]);
  const byStatus = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
  const generations = Object.fromEntries(GENERATIONS.map((g) => [g, 0])) as Record<Generation, number>;
  let releasedAwaiting = 0;
  for (const c of counts.rows) {
    byStatus[c.status] += c.n;
    generations[c.generation] += c.n;
    if (c.status === 'awaiting') {
      releasedAwaiting += c.released;
      byStatus.awaiting -= c.released;
    }
  }
  return { rows: rows.rows.map((r) => toRow(r, opts)), total: total.rows[0]!.n, page, limit, counts: byStatus, releasedAwaiting, generations };
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
  /** a licence-code delivery's codes, activated last first */
  codes: CodeSummary[];
  /**
   * oldest first: the delivery's own steps (a licence code's activation, 授权码激活, among them) and each change the
   * marketplace made to its codes (renewed, renewalRefunded, frozen, unfrozen, released; licence_code_change)
   */
  events: DeliveryEvent[];
}

/** A licence_code_change kind as a timeline step (spec §9.1). */
const CODE_CHANGE_STEPS: Record<string, string> = {
  RENEWAL: 'renewed',
  UNSUBSCRIBE_RENEWAL_PERIOD: 'renewalRefunded',
  FREEZE: 'frozen',
  UNFREEZE: 'unfrozen',
  RELEASE: 'released',
};

/** Delivery ids are bigint serials; anything else is not found (and never reaches SQL as a bad cast). */
export function parseDeliveryId(id: string): string | null {
  return /^[1-9][0-9]{0,17}$/.test(id) ? id : null;
}

// SQL: the same row as listDeliveries (ROW_SELECT), so a delivery's terms are computed in one place; the timeline is
// the delivery's events and its codes' changes, merged in time order
export async function getDelivery(db: Queryable, rawId: string, opts: ReadOptions = {}): Promise<DeliveryDetail | null> {
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
  const [licences, events, codes, changes] = await Promise.all([
    db.query<Omit<LicenceSummary, 'current' | 'createdAt'> & { createdAt: Date }>(
      `SELECT id, kind, file_name AS "fileName", sha256, size, created_at AS "createdAt", created_by AS "createdBy"
         FROM licence WHERE delivery_id = $1 ORDER BY created_at DESC`,
      [id],
    ),
    db.query<Omit<DeliveryEvent, 'at'> & { at: Date }>(
      `SELECT id::text, step, at, by, note, detail FROM licence_event WHERE delivery_id = $1 ORDER BY at, licence_event.id`,
      [id],
    ),
    db.query<RawCode>(
      `SELECT x.id::text AS "codeId", x.code AS "codeText", x.status AS "codeStatus", x.test_flag AS "codeTest", x.market_status AS "codeMarketStatus",
              x.expire_time AS "codeExpireTime", x.activated_at AS "codeActivatedAt", x.device_fingerprint AS "codeDevice", x.last_checked_at AS "codeLastCheckedAt"
         FROM licence_code x WHERE x.delivery_id = $1 ORDER BY x.activated_at DESC NULLS LAST, x.id DESC`,
      [id],
    ),
    db.query<{ id: string; codeId: string; kind: string; status: string; orderId: string | null; expireTime: Date | null; at: Date }>(
      `SELECT ch.id::text, ch.code_id::text AS "codeId", ch.kind, ch.status, ch.order_id AS "orderId", ch.expire_time AS "expireTime", ch.created_at AS at
         FROM licence_code_change ch JOIN licence_code x ON x.id = ch.code_id WHERE x.delivery_id = $1 ORDER BY ch.created_at, ch.id`,
      [id],
    ),
  ]);
  const codeSummaries = codes.rows.map((c) => toCode(c, opts)!);
  const codeOf = new Map(codeSummaries.map((c) => [c.id, c.code]));
  const timeline: DeliveryEvent[] = [
    ...events.rows.map((e) => ({ ...e, at: iso(e.at)! })),
    ...changes.rows.map((c) => ({
      id: `change-${c.id}`,
      step: CODE_CHANGE_STEPS[c.kind] ?? c.kind,
      at: iso(c.at)!,
      // the step's own words say who: the marketplace (spec §9.1 lifecycle calls)
      by: null,
      note: null,
      detail: { license: codeOf.get(c.codeId) ?? null, status: c.status, orderId: c.orderId, expireTime: iso(c.expireTime) },
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return {
    ...toRow(r, opts),
    customerEmail: r.customerEmail,
    serviceStartTime: iso(r.serviceStartTime),
    deliveredBy: r.deliveredBy,
    deliveryNote: r.deliveryNote,
    decidedBy: r.decidedBy,
    decisionNote: r.decisionNote,
    licences: licences.rows.map((l) => ({ ...l, createdAt: iso(l.createdAt)!, current: l.id === r.licenceId })),
    codes: codeSummaries,
    events: timeline,
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
