import type pg from 'pg';
import { withTransaction } from '../db/client';
import { log } from '../log';
import { OpenApiError, type OpenApiTarget } from '../openapi/client';
import { activateLicenceCode, type LicenceCodeInfo } from '../openapi/licence';
import { statusByExpiry, type CodeStatus } from './transitions';
import type { ActivateInput } from './validation';

/**
 * Activation of a licence code by the seller's software (spec §9.1): POST /api/v1/licences/activate.
 *
 * Insert first: the first activation inserts the code (status `pending`, claimed for CLAIM_SECONDS) and only that
 * caller asks the marketplace; every concurrent or later activation of the code finds the row and waits for, or reads,
 * the verdict stored there, so 20 concurrent activations make one marketplace call and a repeat makes none. No
 * transaction is held across the marketplace call (the outbound client records the call on another connection, which
 * the embedded database would make wait behind the transaction), so the claim is a row, not a lock: a claim whose
 * holder died runs out and the next caller takes it over.
 *
 * A code the marketplace refuses (91381033 …) or an activation that fails (network, 5xx after the client's retries)
 * removes the pending row: nothing about the code is known, and the next activation asks again.
 */
export const CLAIM_SECONDS = 60;

export type ActivationVerdict = 'active' | 'frozen' | 'expired' | 'released' | 'unknown' | 'activated_elsewhere';

export interface ActivationAnswer {
  license: string;
  verdict: ActivationVerdict;
  /** the software may run: the verdict is `active` */
  active: boolean;
  message: string;
  status: CodeStatus | null;
  /** the marketplace's own word (ALIVE, EXPIRED, RELEASED …) */
  marketStatus: string | null;
  expireTime: string | null;
  activatedAt: string | null;
  productId: string | null;
  amount: string | null;
  orderId: string | null;
  /** the marketplace's code and message when it refused the code */
  marketCode?: string;
}

/** Why no verdict could be given: the marketplace could not be asked (503) or refused our credentials or call (502). */
export interface ActivationFailure {
  failure: 'marketplaceUnavailable' | 'marketplaceRefused' | 'activationInProgress';
  message: string;
}

export interface ActivateDeps {
  pool: pg.Pool;
  openApi: OpenApiTarget;
  /** poll interval while another caller activates (default 50 ms) and how long to wait for it (default 20 s) */
  pollMs?: number;
  waitMs?: number;
  /** retries inside the outbound client (default its own) */
  attempts?: number;
  backoffMs?: number;
}

interface CodeRow {
  id: string;
  code: string;
  status: CodeStatus;
  market_status: string | null;
  product_id: string | null;
  amount: string | null;
  order_id: string | null;
  expire_time: Date | null;
  activated_at: Date | null;
  device_fingerprint: string | null;
  claimed_until: Date | null;
  /** a test code a debugging call made (lib/licenceCodes/actions.ts lockTestCode): never activated */
  test_flag?: boolean;
  now: Date;
}

const ROW = `id::text, code, status, market_status, product_id, amount::text, order_id, expire_time, activated_at, device_fingerprint, claimed_until, test_flag, now() AS now`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function isActivationFailure(v: ActivationAnswer | ActivationFailure): v is ActivationFailure {
  return 'failure' in v;
}

/** The status the marketplace's word gives a code (spec §9.1: ALIVE | EXPIRED | RELEASED; FROZEN read too). */
export function statusFromMarket(marketStatus: string | null, expireTime: Date | null, now: number): CodeStatus {
  switch (marketStatus) {
    case 'RELEASED':
      return 'released';
    case 'EXPIRED':
      return 'expired';
    case 'FROZEN':
      return 'frozen';
    default:
      return statusByExpiry(expireTime, now);
  }
}

const MESSAGES: Record<ActivationVerdict, string> = {
  active: 'The licence code is active.',
  frozen: 'The licence code is frozen by the marketplace (its subscription expired or was suspended).',
  expired: 'The licence code has expired.',
  released: 'The licence code has been released (unsubscribed or not renewed).',
  unknown: 'The marketplace does not know this licence code, or it cannot be used.',
  activated_elsewhere: 'The licence code is already activated on another device.',
};

/** The answer a stored code gives an activation from `deviceFingerprint`. Pure. */
export function answerFor(row: Omit<CodeRow, 'id' | 'claimed_until'>, deviceFingerprint: string | undefined): ActivationAnswer {
  const now = row.now.getTime();
  const status = row.status === 'active' ? statusByExpiry(row.expire_time, now) : row.status;
  // a test code exists only for the marketplace's debugging calls (testFlag 1): the marketplace never sold it
  let verdict: ActivationVerdict = status === 'pending' || row.test_flag ? 'unknown' : status;
  if (verdict === 'active' && row.device_fingerprint !== null && row.device_fingerprint !== deviceFingerprint) verdict = 'activated_elsewhere';
  return {
    license: row.code,
    verdict,
    active: verdict === 'active',
    message: row.test_flag ? `${MESSAGES.unknown} (a test code of the marketplace's debugging calls, testFlag 1)` : MESSAGES[verdict],
    status,
    marketStatus: row.market_status,
    expireTime: row.expire_time?.toISOString() ?? null,
    activatedAt: row.activated_at?.toISOString() ?? null,
    productId: row.product_id,
    amount: row.amount === null ? null : String(Number(row.amount)),
    orderId: row.order_id,
  };
}

export async function activateLicence(deps: ActivateDeps, input: ActivateInput): Promise<ActivationAnswer | ActivationFailure> {
  const deadline = Date.now() + (deps.waitMs ?? 20_000);
  for (;;) {
    // SQL: insert-first claim (ON CONFLICT DO NOTHING), the one statement that decides who asks the marketplace
    const inserted = await deps.pool.query<CodeRow>(
      `INSERT INTO licence_code (code, status, claimed_until, real_effect_time, device_fingerprint)
       VALUES ($1, 'pending', now() + make_interval(secs => $2), $3, $4)
       ON CONFLICT (code) DO NOTHING RETURNING ${ROW}`,
      [input.license, CLAIM_SECONDS, input.realEffectTime ?? null, input.deviceFingerprint ?? null],
    );
    let claimed = inserted.rows[0];
    if (!claimed) {
      const { rows } = await deps.pool.query<CodeRow>(`SELECT ${ROW} FROM licence_code WHERE code = $1`, [input.license]);
      const row = rows[0];
      if (!row) continue; // removed meanwhile (a refused activation): insert again
      if (row.status !== 'pending') return answerFor(row, input.deviceFingerprint);
      if (row.claimed_until && row.claimed_until.getTime() < row.now.getTime()) {
        // the claimer died: take its claim over (one taker wins the conditional update)
        const taken = await deps.pool.query<CodeRow>(
          `UPDATE licence_code SET claimed_until = now() + make_interval(secs => $2), updated_at = now()
            WHERE id = $1 AND status = 'pending' AND claimed_until < now() RETURNING ${ROW}`,
          [row.id, CLAIM_SECONDS],
        );
        claimed = taken.rows[0];
      }
      if (!claimed) {
        if (Date.now() > deadline) return { failure: 'activationInProgress', message: 'The licence code is being activated by another request; try again shortly.' };
        await sleep(deps.pollMs ?? 50);
        continue;
      }
    }
    return activateClaimed(deps, claimed, input);
  }
}

async function activateClaimed(deps: ActivateDeps, row: CodeRow, input: ActivateInput): Promise<ActivationAnswer | ActivationFailure> {
  let answer;
  try {
    answer = await activateLicenceCode(deps.openApi, input.license, input.realEffectTime, {
      db: deps.pool,
      attempts: deps.attempts,
      backoffMs: deps.backoffMs,
      timeoutMs: 8_000,
    });
  } catch (err) {
    await release(deps.pool, row.id);
    const e = err as OpenApiError;
    log.warn('licence activation failed', { error: e.message });
    const unavailable = e instanceof OpenApiError ? e.retryable : true;
    return unavailable
      ? { failure: 'marketplaceUnavailable', message: 'The marketplace could not be reached; try again later.' }
      : { failure: 'marketplaceRefused', message: `The marketplace refused the activation call: ${e.message}` };
  }
  if (answer.kind === 'refused') {
    await release(deps.pool, row.id);
    return {
      ...answerFor({ ...row, status: 'pending', market_status: null, expire_time: null, activated_at: null, product_id: null, amount: null, order_id: null }, input.deviceFingerprint),
      message: `${MESSAGES.unknown} (${answer.code}${answer.message ? ` ${answer.message}` : ''})`,
      marketCode: answer.code,
    };
  }
  const stored = await storeActivation(deps.pool, row.id, answer.info, answer.callId);
  return answerFor(stored, input.deviceFingerprint);
}

// SQL: only a still-pending row is removed (a row some other path completed stays)
async function release(pool: pg.Pool, id: string): Promise<void> {
  await pool.query(`DELETE FROM licence_code WHERE id = $1 AND status = 'pending'`, [id]);
}

/**
 * The marketplace's answer stored on the code, and, for a code of a known order, the order's licence delivery linked
 * (created once per order: a partial unique index) with the service-supervision node 授权码激活 as a licence event
 * (spec §9.4: the marketplace passes that node when the seller calls activate).
 */
// SQL: the code's update, the delivery's ON CONFLICT and its event in one pg transaction
async function storeActivation(pool: pg.Pool, id: string, info: LicenceCodeInfo, callId: string): Promise<CodeRow> {
  return withTransaction(pool, async (tx) => {
    const now = Date.now();
    const status = statusFromMarket(info.status, info.expireTime, now);
    const { rows } = await tx.query<CodeRow>(
      `UPDATE licence_code SET status = $2, market_status = $3, product_id = $4, amount = $5, order_id = $6, order_line_id = $7,
              expire_time = $8, activated_at = COALESCE($9, now()), claimed_until = NULL, activate_call_id = $10,
              last_checked_at = now(), updated_at = now()
        WHERE id = $1 RETURNING ${ROW}`,
      [id, status, info.status, info.productId, info.amount, info.orderId, info.orderLineId, info.expireTime, info.activateTime, callId],
    );
    const row = rows[0]!;
    if (info.orderId) {
      const delivery = await tx.query<{ id: string }>(
        `WITH created AS (
           INSERT INTO licence_delivery (order_id, order_line_id, kind, generation, product_id, status, delivered_at, delivered_by, service_start_time)
           VALUES ($1, $2, 'LICENSE_CODE', 'licence_code', COALESCE($3, ''), 'delivered', $4, 'licence code activation', $4)
           ON CONFLICT (order_id) WHERE kind = 'LICENSE_CODE' AND instance_order_id IS NULL DO NOTHING
           RETURNING id
         )
         SELECT id::text FROM created
         UNION ALL
         SELECT id::text FROM licence_delivery WHERE order_id = $1 AND kind = 'LICENSE_CODE' AND instance_order_id IS NULL
         LIMIT 1`,
        [info.orderId, info.orderLineId, info.productId, row.activated_at],
      );
      // a delivery another transaction committed during this statement is not in its snapshot: read it afresh
      const deliveryId =
        delivery.rows[0]?.id ??
        (await tx.query<{ id: string }>(`SELECT id::text FROM licence_delivery WHERE order_id = $1 AND kind = 'LICENSE_CODE' AND instance_order_id IS NULL`, [info.orderId])).rows[0]?.id;
      if (deliveryId) {
        await tx.query(`UPDATE licence_code SET delivery_id = $2 WHERE id = $1`, [id, deliveryId]);
        await tx.query(
          `INSERT INTO licence_event (delivery_id, step, at, by, note, detail) VALUES ($1, 'activated', $2, 'licence code activation', '授权码激活', $3)`,
          [deliveryId, row.activated_at, { codeId: id, status, expireTime: row.expire_time?.toISOString() ?? null, deviceFingerprint: row.device_fingerprint !== null }],
        );
      }
    }
    return row;
  });
}
