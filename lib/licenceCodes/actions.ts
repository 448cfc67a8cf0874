import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { withTransaction } from '../db/client';
import { invalidParam, notFound, result, success, type ProduceResult } from '../marketplace/resultCodes';
import type { ReleaseLicenseCodeRequest, RefreshLicenseCodeRequest, UpdateLicenseCodeStatusRequest } from '../marketplace/schemas';
import { parseMarketplaceTime } from '../marketplace/time';
import { recordCodeChange } from './events';
import { decideCodeChange, statusByExpiry, type CodeChange, type CodeStatus } from './transitions';

/**
 * The marketplace's lifecycle calls on a licence code (spec §9.1), applied to the stored code under its row lock:
 * a renewal once per (code, scene, orderLineId), a release once (licence_code_change's unique dedupe key), a freeze
 * or unfreeze once per transition (the status the lock shows). Each applied change is an event to the seller's SaaS
 * (lib/licenceCodes/events.ts), in the same transaction. A code the app has never seen activated answers 000003
 * (spec §6: 授权码ID不存在), unless the call is a debugging one (testFlag 1), which works on a test code (lockTestCode).
 */
export interface CodeCallContext {
  pool: pg.Pool;
  boss: PgBoss;
  callId?: bigint;
  now?: number;
}

interface LockedCode {
  id: string;
  status: CodeStatus;
  expire_time: Date | null;
  test_flag: boolean;
}

// SQL: FOR UPDATE, in the caller's pg transaction
async function lockCode(tx: pg.PoolClient, code: string): Promise<LockedCode | undefined> {
  const { rows } = await tx.query<LockedCode>(`SELECT id::text, status, expire_time, test_flag FROM licence_code WHERE code = $1 FOR UPDATE`, [code]);
  return rows[0];
}

/** A debugging call (testFlag 1) never changes a real code (issue 6's rule for instances, applied to codes). */
function refuseTestOnReal(call: { testFlag: boolean }, code: LockedCode, license: string): ProduceResult | undefined {
  if (!call.testFlag || code.test_flag) return undefined;
  return invalidParam(
    `testFlag is 1 but licence ${shortCode(license)} belongs to a real order (testFlag 0): a debugging call cannot change it; debug with a code of your own`,
  );
}

/**
 * The code a debugging call (testFlag 1) works on, as newInstance's debug instances do (lib/marketplace/activities/
 * testFlag.ts): the marketplace's License接口调试 and its twice-daily replays of saved cases (spec §10.1) send codes
 * this app never activated, so an unknown code becomes a test code (test_flag, active, no expiry) on first sight. A
 * released test code is made afresh by a later debugging call other than a release, so a replay of the same cases
 * (renew, freeze, unfreeze, release) passes again; its earlier changes go with it. A real code is never touched here.
 */
// SQL: INSERT … ON CONFLICT (code) DO NOTHING, then the row lock; a released test code deleted and inserted again
async function lockTestCode(tx: pg.PoolClient, license: string, change: CodeChange): Promise<LockedCode | undefined> {
  await tx.query(`INSERT INTO licence_code (code, status, test_flag) VALUES ($1, 'active', true) ON CONFLICT (code) DO NOTHING`, [license]);
  const code = await lockCode(tx, license);
  if (!code || !code.test_flag || code.status !== 'released' || change === 'RELEASE') return code;
  await tx.query(`DELETE FROM licence_code WHERE id = $1`, [code.id]);
  await tx.query(`INSERT INTO licence_code (code, status, test_flag) VALUES ($1, 'active', true)`, [license]);
  return lockCode(tx, license);
}

/**
 * A code in an answer's message (which the call log shows everyone): enough to tell it apart, not enough to use; a
 * short code not at all. The whole code is in the request, which viewers see masked.
 */
export function shortCode(license: string): string {
  return license.length <= 12 ? '***' : `${license.slice(0, 4)}…${license.slice(-2)}`;
}

type Applied = { ok: true } | { ok: false; result: ProduceResult };

async function onCode(
  ctx: CodeCallContext,
  license: string,
  call: { testFlag: boolean },
  change: CodeChange,
  apply: (tx: pg.PoolClient, code: LockedCode) => Promise<Applied>,
  renewedStatus?: (code: LockedCode) => CodeStatus,
): Promise<ProduceResult> {
  return withTransaction(ctx.pool, async (tx) => {
    const code = call.testFlag ? await lockTestCode(tx, license, change) : await lockCode(tx, license);
    if (!code) return notFound(`licence ${shortCode(license)} not found`);
    const refusal = refuseTestOnReal(call, code, license);
    if (refusal) return refusal;
    const d = decideCodeChange(code.status, change, renewedStatus?.(code));
    if (d.kind === 'refuse') return result(d.code, `licence ${shortCode(license)} ${d.reason}`);
    if (d.kind === 'noop') return success();
    const applied = await apply(tx, { ...code, status: d.to });
    return applied.ok ? success() : applied.result;
  });
}

/**
 * spec §9.1 refreshLicenseCode (renewal, or refund of a renewal period): the expiry is set to `expireTime` (never added
 * to, spec §7.3), the product changed when given, once per scene and order line.
 */
// SQL: the change row's ON CONFLICT decides whether the code is updated, in the code's locked transaction
export async function refreshLicenseCode(req: RefreshLicenseCodeRequest, ctx: CodeCallContext): Promise<ProduceResult> {
  const expireTime = parseMarketplaceTime(req.expireTime)!;
  const now = ctx.now ?? Date.now();
  return onCode(
    ctx,
    req.license,
    req,
    'RENEW',
    async (tx, code) => {
      const fresh = await recordCodeChange(tx, ctx.boss, code.id, {
        kind: req.scene,
        dedupeKey: `${req.scene}:${req.orderLineId}`,
        orderId: req.orderId,
        orderLineId: req.orderLineId,
        expireTime,
        status: code.status,
        event: 'licence.renewed',
        callId: ctx.callId,
      });
      if (fresh) {
        await tx.query(
          `UPDATE licence_code SET expire_time = $2, status = $3, product_id = COALESCE($4, product_id), updated_at = now() WHERE id = $1`,
          [code.id, expireTime, code.status, req.productId ?? null],
        );
      }
      return { ok: true };
    },
    (code) => (code.status === 'active' || code.status === 'expired' ? statusByExpiry(expireTime, now) : code.status),
  );
}

/** spec §9.1 updateLicenseCodeStatus: FREEZE active → frozen, UNFREEZE frozen → active; a repeat changes nothing. */
export async function updateLicenseCodeStatus(req: UpdateLicenseCodeStatusRequest, ctx: CodeCallContext): Promise<ProduceResult> {
  return onCode(ctx, req.license, req, req.status, async (tx, code) => {
    await tx.query(`UPDATE licence_code SET status = $2, updated_at = now() WHERE id = $1`, [code.id, code.status]);
    await recordCodeChange(tx, ctx.boss, code.id, {
      kind: req.status,
      dedupeKey: null,
      status: code.status,
      event: req.status === 'FREEZE' ? 'licence.frozen' : 'licence.unfrozen',
      callId: ctx.callId,
    });
    return { ok: true };
  });
}

/** spec §9.1 releaseLicenseCode: released once; a repeat answers success. */
export async function releaseLicenseCode(req: ReleaseLicenseCodeRequest, ctx: CodeCallContext): Promise<ProduceResult> {
  return onCode(ctx, req.license, req, 'RELEASE', async (tx, code) => {
    const fresh = await recordCodeChange(tx, ctx.boss, code.id, {
      kind: 'RELEASE',
      dedupeKey: 'RELEASE',
      orderId: req.orderId,
      orderLineId: req.orderLineId,
      status: 'released',
      event: 'licence.released',
      callId: ctx.callId,
    });
    if (fresh) await tx.query(`UPDATE licence_code SET status = 'released', updated_at = now() WHERE id = $1`, [code.id]);
    return { ok: true };
  });
}
