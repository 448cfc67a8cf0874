import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { withTransaction } from '../db/client';
import { enqueueOncePerSlot, QUEUES } from '../jobs/queue';
import { log } from '../log';
import { OpenApiError, type OpenApiTarget } from '../openapi/client';
import { heartbeatLicenceCode } from '../openapi/licence';
import { statusFromMarket } from './activate';
import type { HeartbeatInput } from './validation';

/**
 * The heartbeat (spec §9.1 query / heartbeat API): the seller's software asks through POST /api/v1/licences/heartbeat,
 * and a daily job asks for every live code, so the stored status is right even when the software is silent. Each
 * answer updates the stored code (the marketplace's word, expiry, and our status: RELEASED → released, EXPIRED →
 * expired, ALIVE → active again for an expired code; a frozen code stays frozen until the marketplace unfreezes it).
 */
export type HeartbeatStatus = 'ALIVE' | 'EXPIRED' | 'RELEASED';

export interface HeartbeatAnswer {
  license: string;
  status: HeartbeatStatus;
  /** the marketplace's own word, when it is not one of the three */
  marketStatus: string | null;
  expireTime: string | null;
  activatedAt: string | null;
  checkedAt: string;
}

export interface HeartbeatFailure {
  failure: 'unknownLicence' | 'marketplaceUnavailable' | 'marketplaceRefused';
  message: string;
}

export interface HeartbeatDeps {
  pool: pg.Pool;
  openApi: OpenApiTarget;
  jobId?: string;
  attempts?: number;
  backoffMs?: number;
}

export function isHeartbeatFailure(v: HeartbeatAnswer | HeartbeatFailure): v is HeartbeatFailure {
  return 'failure' in v;
}

/** The three words the software gets, from the marketplace's and the expiry. Pure. */
export function heartbeatStatus(marketStatus: string | null, expireTime: Date | null, now: number): HeartbeatStatus {
  if (marketStatus === 'RELEASED') return 'RELEASED';
  if (marketStatus === 'EXPIRED' || (expireTime !== null && expireTime.getTime() <= now)) return 'EXPIRED';
  return 'ALIVE';
}

export async function heartbeatLicence(deps: HeartbeatDeps, input: HeartbeatInput): Promise<HeartbeatAnswer | HeartbeatFailure> {
  let answer;
  try {
    answer = await heartbeatLicenceCode(deps.openApi, input.license, input.heartbeatInfo, {
      db: deps.pool,
      jobId: deps.jobId,
      attempts: deps.attempts,
      backoffMs: deps.backoffMs,
      timeoutMs: 8_000,
    });
  } catch (err) {
    const e = err as OpenApiError;
    const unavailable = e instanceof OpenApiError ? e.retryable : true;
    return unavailable
      ? { failure: 'marketplaceUnavailable', message: 'The marketplace could not be reached; try again later.' }
      : { failure: 'marketplaceRefused', message: `The marketplace refused the heartbeat call: ${e.message}` };
  }
  if (answer.kind === 'refused') {
    return { failure: 'unknownLicence', message: `The marketplace does not know this licence code (${answer.code}${answer.message ? ` ${answer.message}` : ''}).` };
  }
  const now = Date.now();
  const info = answer.info;
  const status = heartbeatStatus(info.status, info.expireTime, now);
  // SQL: the stored code follows the marketplace, under its row lock (a lifecycle call may be changing it)
  const stored = await withTransaction(deps.pool, async (tx) => {
    const { rows } = await tx.query<{ id: string; status: string; expire_time: Date | null; activated_at: Date | null }>(
      `SELECT id::text, status, expire_time, activated_at FROM licence_code WHERE code = $1 AND status <> 'pending' FOR UPDATE`,
      [input.license],
    );
    const row = rows[0];
    if (!row) return undefined;
    const marketWord = statusFromMarket(info.status, info.expireTime ?? row.expire_time, now);
    // released stays released; frozen stays frozen until the marketplace unfreezes or releases it
    const next = row.status === 'released' ? 'released' : row.status === 'frozen' && marketWord !== 'released' ? 'frozen' : marketWord;
    const updated = await tx.query<{ expire_time: Date | null; activated_at: Date | null }>(
      `UPDATE licence_code SET status = $2, market_status = $3, expire_time = COALESCE($4, expire_time),
              activated_at = COALESCE(activated_at, $5), last_checked_at = now(), updated_at = now()
        WHERE id = $1 RETURNING expire_time, activated_at`,
      [row.id, next, info.status, info.expireTime, info.activateTime],
    );
    return updated.rows[0];
  });
  const expire = info.expireTime ?? stored?.expire_time ?? null;
  return {
    license: input.license,
    status,
    marketStatus: info.status,
    expireTime: expire?.toISOString() ?? null,
    activatedAt: (info.activateTime ?? stored?.activated_at ?? null)?.toISOString() ?? null,
    checkedAt: new Date(now).toISOString(),
  };
}

/**
 * About one refresh a day, across all processes: every process asks each hour, and pg-boss lets one job through per
 * slot of a key. pg-boss caps a slot at its archive interval (12 h), so the key is the UTC day and the slot 12 h: at
 * most two jobs a day, and the second finds every code checked within FRESH_HOURS and asks the marketplace nothing.
 */
export function licenceRefreshSlot(now = new Date()): { key: string; seconds: number } {
  return { key: `licence-refresh:${now.toISOString().slice(0, 10)}`, seconds: 12 * 3600 };
}
/** A code checked more recently than this (by its software's heartbeat) is not asked again by the job. */
const FRESH_HOURS = 20;

export async function scheduleLicenceRefresh(pool: pg.Pool, boss: PgBoss): Promise<string | null> {
  return withTransaction(pool, (client) => enqueueOncePerSlot(client, boss, QUEUES.licenceRefresh, { trigger: 'schedule' }, licenceRefreshSlot()));
}

export interface LicenceRefreshResult {
  checked: number;
  changed: number;
  failed: number;
}

/**
 * The daily job: a heartbeat for every active or frozen code not checked for FRESH_HOURS, one after the other (a
 * seller has hundreds, not millions). A code the marketplace cannot be asked about stays as it is and is counted;
 * when none could be checked the job fails, so pg-boss tries it again with backoff.
 */
// SQL: keyset over (id), codes not checked lately
export async function runLicenceRefresh(deps: HeartbeatDeps): Promise<LicenceRefreshResult> {
  const out: LicenceRefreshResult = { checked: 0, changed: 0, failed: 0 };
  let after = '0';
  for (;;) {
    const { rows } = await deps.pool.query<{ id: string; code: string; status: string }>(
      `SELECT c.id::text, c.code, c.status FROM licence_code c
        WHERE c.status IN ('active', 'frozen') AND (c.last_checked_at IS NULL OR c.last_checked_at < now() - make_interval(hours => $2)) AND c.id > $1
        ORDER BY c.id LIMIT 200`,
      [after, FRESH_HOURS],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      after = r.id;
      const answer = await heartbeatLicence(deps, { license: r.code });
      if (isHeartbeatFailure(answer)) {
        out.failed++;
        log.warn('licence refresh: heartbeat failed', { codeId: r.id, failure: answer.failure });
        continue;
      }
      out.checked++;
      const { rows: now } = await deps.pool.query<{ status: string }>(`SELECT status FROM licence_code WHERE id = $1`, [r.id]);
      if (now[0]?.status !== r.status) out.changed++;
    }
  }
  if (out.failed > 0 && out.checked === 0) throw new Error(`licence refresh: none of ${out.failed} codes could be checked`);
  return out;
}
