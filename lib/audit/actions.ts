import type { Queryable } from '../db/client';
import { log } from '../log';
import type { Refusal } from '../refusal';

export interface AuditEntry {
  user?: { id: string; email: string } | null;
  /** who did it when no console user did: 'cli' for scripts/admin.ts */
  actor?: string;
  /** what was done, e.g. instance.freeze, call.reinvoke, user.create */
  action: string;
  target?: string | null;
  outcome: 'success' | 'failure' | 'denied';
  detail?: Record<string, unknown>;
}

/** Writes one audit-log entry: who, what, when, outcome (issue 3). Never throws: a lost entry is logged loudly. */
// SQL: one writer for every console action, most of which hold only the pg pool their transactions run on
export async function audit(db: Queryable, e: AuditEntry): Promise<void> {
  try {
    await db.query(
      `INSERT INTO audit_log (user_id, user_email, action, target, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
      [e.user?.id ?? null, e.user?.email ?? e.actor ?? null, e.action, e.target?.slice(0, 255) ?? null, e.outcome, e.detail ?? null],
    );
  } catch (err) {
    log.error('audit log write failed', { err, action: e.action, target: e.target });
  }
}

/** A console action refused: audited as a failure with the refusal's message and key, then the refusal thrown. */
export async function auditRefusal(db: Queryable, by: { id: string; email: string }, action: string, target: string | null, r: Refusal): Promise<never> {
  await audit(db, { user: by, action, target, outcome: 'failure', detail: { reason: r.message, refusal: r.key } });
  throw r;
}
