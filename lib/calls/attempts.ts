import type { Queryable } from '../db/client';

export interface Attempt {
  id: string;
  createdAt: Date;
  success: boolean;
  resultCode: string | null;
  triggeredBy: string | null;
}

/** The manual re-invocations of a call, oldest first, and the call this one re-invoked (if it is one). */
export async function attemptsOf(db: Queryable, callId: string): Promise<{ attempts: Attempt[]; original: { id: string; triggeredBy: string | null } | null }> {
  if (!/^\d{1,19}$/.test(callId)) return { attempts: [], original: null };
  const [children, self] = await Promise.all([
    db.query<Attempt>(
      `SELECT id::text, created_at AS "createdAt", success, result_code AS "resultCode", triggered_by AS "triggeredBy"
         FROM call WHERE reinvoked_from = $1 ORDER BY call.id`,
      [callId],
    ),
    db.query<{ reinvoked_from: string | null; triggered_by: string | null }>(
      'SELECT reinvoked_from::text, triggered_by FROM call WHERE id = $1',
      [callId],
    ),
  ]);
  const s = self.rows[0];
  return { attempts: children.rows, original: s?.reinvoked_from ? { id: s.reinvoked_from, triggeredBy: s.triggered_by } : null };
}
