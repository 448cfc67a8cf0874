import { redactBody, redactUrl } from '../redact';
import type { Queryable } from '../db/client';
import type { Check } from './judge';
import type { Exchange } from './send';

/**
 * The debugger's tables: saved cases (debug_case), runs (debug_run: who, when, what started it) and each call's
 * verdict (debug_result). Plain SQL, one function per question.
 */

/** A timestamptz as an ISO string in UTC, whatever the session's time zone. */
const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export type RunTrigger = 'send' | 'case' | 'run_all' | 'lifecycle';

export interface CaseRow {
  id: string;
  name: string;
  activity: string;
  /** null: this app's production URL */
  targetUrl: string | null;
  /** a typed key is stored (encrypted); only its fingerprint is shown */
  keyFingerprint: string | null;
  params: Record<string, string>;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  last: { pass: boolean; resultCode: string | null; durationMs: number; at: string; runId: string } | null;
  /** the newest results first, at most 10: the case's pass/fail trend */
  trend: boolean[];
}

export interface StoredCase {
  id: string;
  name: string;
  activity: string;
  targetUrl: string | null;
  keyEnc: string | null;
  keyFingerprint: string | null;
  params: Record<string, string>;
}

export async function listCases(db: Queryable): Promise<CaseRow[]> {
  const { rows } = await db.query<CaseRow & { last: CaseRow['last'] }>(
    `SELECT c.id::text, c.name, c.activity, c.target_url AS "targetUrl", c.key_fingerprint AS "keyFingerprint", c.params,
            c.created_by AS "createdBy", ${iso('c.created_at')} AS "createdAt", ${iso('c.updated_at')} AS "updatedAt",
            (SELECT json_build_object('pass', r.pass, 'resultCode', r.result_code, 'durationMs', r.duration_ms,
                                      'at', ${iso('r.created_at')}, 'runId', r.run_id::text)
               FROM debug_result r WHERE r.case_id = c.id ORDER BY r.id DESC LIMIT 1) AS last,
            COALESCE((SELECT json_agg(t.pass) FROM (SELECT pass FROM debug_result r WHERE r.case_id = c.id ORDER BY r.id DESC LIMIT 10) t), '[]') AS trend
       FROM debug_case c ORDER BY c.id`,
  );
  return rows;
}

export async function getCase(db: Queryable, id: string): Promise<StoredCase | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const { rows } = await db.query<StoredCase>(
    `SELECT id::text, name, activity, target_url AS "targetUrl", key_enc AS "keyEnc", key_fingerprint AS "keyFingerprint", params
       FROM debug_case WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/** Every saved case in the order Run all replays them: the order they were saved (a purchase before its queries). */
export async function allCases(db: Queryable): Promise<StoredCase[]> {
  const { rows } = await db.query<StoredCase>(
    `SELECT id::text, name, activity, target_url AS "targetUrl", key_enc AS "keyEnc", key_fingerprint AS "keyFingerprint", params
       FROM debug_case ORDER BY debug_case.id`,
  );
  return rows;
}

export interface CaseInput {
  name: string;
  activity: string;
  targetUrl: string | null;
  keyEnc: string | null;
  keyFingerprint: string | null;
  params: Record<string, string>;
}

export async function insertCase(db: Queryable, c: CaseInput, by: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO debug_case (name, activity, target_url, key_enc, key_fingerprint, params, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
    [c.name, c.activity, c.targetUrl, c.keyEnc, c.keyFingerprint, JSON.stringify(c.params), by],
  );
  return rows[0]!.id;
}

export async function updateCase(db: Queryable, id: string, c: CaseInput): Promise<boolean> {
  const r = await db.query(
    `UPDATE debug_case SET name = $2, activity = $3, target_url = $4, key_enc = $5, key_fingerprint = $6, params = $7, updated_at = now()
      WHERE id = $1`,
    [id, c.name, c.activity, c.targetUrl, c.keyEnc, c.keyFingerprint, JSON.stringify(c.params)],
  );
  return r.rowCount === 1;
}

export async function deleteCase(db: Queryable, id: string): Promise<boolean> {
  const r = await db.query('DELETE FROM debug_case WHERE id = $1', [id]);
  return r.rowCount === 1;
}

export async function startRun(db: Queryable, trigger: RunTrigger, by: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`INSERT INTO debug_run (trigger, triggered_by) VALUES ($1, $2) RETURNING id::text`, [trigger, by]);
  return rows[0]!.id;
}

/** Closes a run with its counts, taken from its results. */
export async function finishRun(db: Queryable, runId: string): Promise<{ passed: number; failed: number }> {
  const { rows } = await db.query<{ passed: number; failed: number }>(
    `UPDATE debug_run SET finished_at = now(),
            passed = (SELECT count(*) FROM debug_result WHERE run_id = $1 AND pass),
            failed = (SELECT count(*) FROM debug_result WHERE run_id = $1 AND NOT pass)
      WHERE id = $1 RETURNING passed, failed`,
    [runId],
  );
  return rows[0]!;
}

export interface ResultExtras {
  caseId?: string;
  caseName?: string;
  step?: string;
  /** a call that could not be sent (no key, no instance id yet …): recorded as a failure with this reason */
  error?: string;
}

/** Records one call: signature shortened in the URL, secret answer fields (passwords) masked, as in the call log. */
export async function addResult(db: Queryable, runId: string, x: Exchange, extras: ResultExtras = {}): Promise<void> {
  await db.query(
    `INSERT INTO debug_result (run_id, case_id, case_name, step, activity, target_url, pass, result_code, http_status, duration_ms,
                               instance_id, checks, request_url, request_body, response_body, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      runId,
      extras.caseId ?? null,
      extras.caseName ?? null,
      extras.step?.slice(0, 64) ?? null,
      x.activity,
      x.target.url,
      x.verdict.pass,
      x.verdict.resultCode ?? null,
      x.response.status || null,
      Math.round(x.response.durationMs),
      x.instanceId ?? null,
      JSON.stringify(x.verdict.checks),
      redactUrl(x.request.url),
      x.request.body,
      x.response.status ? redactBody(x.response.body) : null,
      x.response.error ?? null,
    ],
  );
}

/**
 * A result without a call: a case that could not even be sent (its key cannot be read, no instance id yet …), or a
 * lifecycle step that makes none (registering orders). Passes only when its one check does.
 */
export async function addUnsent(
  db: Queryable,
  runId: string,
  c: { activity: string; targetUrl: string; caseId?: string; caseName?: string; step?: string },
  check: Check,
): Promise<void> {
  await db.query(
    `INSERT INTO debug_result (run_id, case_id, case_name, step, activity, target_url, pass, duration_ms, checks, request_url, request_body, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, '', $10)`,
    [runId, c.caseId ?? null, c.caseName ?? null, c.step ?? null, c.activity, c.targetUrl, check.status !== 'fail', JSON.stringify([check]), c.targetUrl, check.status === 'fail' ? check.reason : null],
  );
}

/** {{lastInstanceId}}: the instance id of the newest successful newInstance the debugger sent to this URL. */
export async function lastInstanceId(db: Queryable, targetUrl: string): Promise<string | undefined> {
  const { rows } = await db.query<{ instance_id: string }>(
    `SELECT instance_id FROM debug_result WHERE target_url = $1 AND instance_id IS NOT NULL ORDER BY id DESC LIMIT 1`,
    [targetUrl],
  );
  return rows[0]?.instance_id;
}

export interface RunRow {
  id: string;
  trigger: RunTrigger;
  triggeredBy: string;
  startedAt: string;
  finishedAt: string | null;
  passed: number;
  failed: number;
}

export async function listRuns(db: Queryable, opts: { limit?: number; triggers?: RunTrigger[] } = {}): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(
    `SELECT id::text, trigger, triggered_by AS "triggeredBy", ${iso('started_at')} AS "startedAt",
            ${iso('finished_at')} AS "finishedAt", passed, failed
       FROM debug_run WHERE ($2::text[] IS NULL OR trigger = ANY($2)) ORDER BY debug_run.id DESC LIMIT $1`,
    [Math.min(Math.max(Math.trunc(Number(opts.limit ?? 30)) || 30, 1), 200), opts.triggers ?? null],
  );
  return rows;
}

export interface ResultRow {
  id: string;
  caseId: string | null;
  caseName: string | null;
  step: string | null;
  activity: string;
  targetUrl: string;
  pass: boolean;
  resultCode: string | null;
  httpStatus: number | null;
  durationMs: number;
  checks: Check[];
  requestUrl: string;
  requestBody: string;
  responseBody: string | null;
  error: string | null;
  createdAt: string;
}

export async function runResults(db: Queryable, runId: string): Promise<ResultRow[]> {
  if (!/^\d{1,18}$/.test(runId)) return [];
  const { rows } = await db.query<ResultRow>(
    `SELECT id::text, case_id::text AS "caseId", case_name AS "caseName", step, activity, target_url AS "targetUrl", pass,
            result_code AS "resultCode", http_status AS "httpStatus", duration_ms AS "durationMs", checks, request_url AS "requestUrl",
            request_body AS "requestBody", response_body AS "responseBody", error, ${iso('created_at')} AS "createdAt"
       FROM debug_result WHERE run_id = $1 ORDER BY debug_result.id`,
    [runId],
  );
  return rows;
}
