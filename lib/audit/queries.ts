import { z } from 'zod';
import type { PrismaClient } from '../db/client';
import type { Prisma } from '../db/generated/client';

/**
 * Reading the audit log (issue 3, issue 7): newest first, filtered by actor, action, outcome and time, keyset-paged
 * on id. Plain Prisma reads: the log is only ever appended to (lib/audit/actions.ts), so id order is time order.
 */

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** An ISO time as the filter form sends it; a time without a zone counts as UTC, a bare date as its UTC midnight. */
const instant = z
  .union([z.iso.datetime({ offset: true, local: true }), z.iso.date()])
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : /(Z|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s}Z`));

export const auditFiltersSchema = z
  .object({
    /** the actor's e-mail ('cli' for the command line), matched whole, case-insensitively */
    actor: z.string().trim().min(1).max(255).optional(),
    /** an action id such as instance.freeze (one the code no longer writes still finds its old entries) */
    action: z
      .string()
      .trim()
      .max(64)
      .regex(/^[a-z][A-Za-z_]*(\.[A-Za-z_]+)+$/)
      .optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    /** at >= from */
    from: instant.optional(),
    /** at < to */
    to: instant.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['range'], message: 'from is later than to' });
export type AuditFilters = z.output<typeof auditFiltersSchema>;
export const AUDIT_FILTER_KEYS = ['actor', 'action', 'outcome', 'from', 'to'] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function param(params: Params, key: string): string | undefined {
  const v = params instanceof URLSearchParams ? params.get(key) : params[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s === null || s === undefined || s.trim() === '' ? undefined : s;
}

/** What is wrong with one filter: the field (or 'range', or 'before') and the value given. */
export interface AuditFilterProblem {
  field: AuditFilterKey | 'range' | 'before';
  value: string;
}

export type ParsedAuditQuery =
  | { ok: true; filters: AuditFilters; before?: bigint }
  | { ok: false; problems: AuditFilterProblem[] };

/** The filters and page of the URL's search params; empty values count as absent. Never throws. */
export function parseAuditQuery(params: Params): ParsedAuditQuery {
  const raw = Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, param(params, k)]));
  const problems: AuditFilterProblem[] = [];
  const parsed = auditFiltersSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = new Set(parsed.error.issues.map((i) => String(i.path[0])));
    for (const field of [...AUDIT_FILTER_KEYS, 'range'] as const) {
      if (fields.has(field)) problems.push({ field, value: field === 'range' ? '' : (raw[field] ?? '') });
    }
  }
  const before = param(params, 'before');
  if (before !== undefined && !/^\d{1,18}$/.test(before)) problems.push({ field: 'before', value: before });
  if (problems.length || !parsed.success) return { ok: false, problems };
  return { ok: true, filters: parsed.data, before: before === undefined ? undefined : BigInt(before) };
}

/** One entry as the page shows it. */
export interface AuditRow {
  id: string;
  at: Date;
  userEmail: string | null;
  action: string;
  target: string | null;
  outcome: string;
  detail: Record<string, unknown> | null;
}

export interface AuditPage {
  entries: AuditRow[];
  /** the `before` of the next (older) page; null on the last page */
  nextBefore: string | null;
}

/** Prisma matches `equals` + `mode: 'insensitive'` with ILIKE on PostgreSQL: its wildcards must match themselves. */
const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function auditWhere(filters: AuditFilters, before?: bigint): Prisma.AuditLogWhereInput {
  const at = filters.from || filters.to ? { ...(filters.from && { gte: filters.from }), ...(filters.to && { lt: filters.to }) } : undefined;
  return {
    ...(before !== undefined && { id: { lt: before } }),
    ...(filters.actor && { userEmail: { equals: likeLiteral(filters.actor), mode: 'insensitive' as const } }),
    ...(filters.action && { action: filters.action }),
    ...(filters.outcome && { outcome: filters.outcome }),
    ...(at && { at }),
  };
}

/** Newest first; `before` is the nextBefore of the previous page. */
export async function listAudit(prisma: PrismaClient, filters: AuditFilters = {}, opts: { before?: bigint; limit?: number } = {}): Promise<AuditPage> {
  const limit = opts.limit ?? 50;
  const rows = await prisma.auditLog.findMany({
    where: auditWhere(filters, opts.before),
    orderBy: { id: 'desc' },
    take: limit + 1,
    select: { id: true, at: true, userEmail: true, action: true, target: true, outcome: true, detail: true },
  });
  const entries = rows.slice(0, limit).map((r) => ({
    ...r,
    id: r.id.toString(),
    detail: r.detail && typeof r.detail === 'object' && !Array.isArray(r.detail) ? (r.detail as Record<string, unknown>) : null,
  }));
  return { entries, nextBefore: rows.length > limit ? entries[entries.length - 1]!.id : null };
}

/** Everyone who appears in the log, for the actor picker (console users and 'cli': a short list). */
export async function listAuditActors(prisma: PrismaClient, max = 200): Promise<string[]> {
  const groups = await prisma.auditLog.groupBy({
    by: ['userEmail'],
    where: { userEmail: { not: null } },
    orderBy: { userEmail: 'asc' },
    take: max,
  });
  return groups.map((g) => g.userEmail!);
}
