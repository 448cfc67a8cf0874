import type { Queryable } from '../db/client';
import { getCall, type CallDetail } from './queries';
import { reinvokeRefusal, type RefusalCode } from './reinvoke';

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

/** A call as its console page shows it: the call, its re-invocations, the call it re-invoked, and whether it can be now. */
export interface CallView extends CallDetail {
  attempts: AttemptSummary[];
  original: { id: string; triggeredBy: string | null } | null;
  /** why it cannot be re-invoked now (lib/calls/reinvoke.ts), null when it can */
  reinvokeRefusal: RefusalCode | null;
}

/** An attempt, JSON-safe. */
export type AttemptSummary = Omit<Attempt, 'createdAt'> & { createdAt: string };

/** One call with what its page shows; null when unknown. For the page's first paint and GET /api/console/calls/:id. */
export async function getCallView(db: Queryable, id: string): Promise<CallView | null> {
  const [call, { attempts, original }, code] = await Promise.all([getCall(db, id), attemptsOf(db, id), reinvokeRefusal(db, id)]);
  if (!call) return null;
  return { ...call, attempts: attempts.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })), original, reinvokeRefusal: code ?? null };
}
