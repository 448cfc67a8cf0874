import type { Queryable } from '../db/client';

export interface AuditRow {
  id: string;
  at: Date;
  userEmail: string | null;
  action: string;
  target: string | null;
  outcome: string;
  detail: Record<string, unknown> | null;
}

/** Newest first, keyset-paginated on id (`before` = the last id of the previous page). */
export async function listAudit(db: Queryable, before?: bigint, limit = 50): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT id::text, at, user_email AS "userEmail", action, target, outcome, detail
       FROM audit_log WHERE ($1::bigint IS NULL OR id < $1) ORDER BY audit_log.id DESC LIMIT $2`,
    [before?.toString() ?? null, limit],
  );
  return rows;
}
