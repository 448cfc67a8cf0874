import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { audit } from '../audit/actions';
import { hasRole, type Role } from '../auth/roles';
import type { ConsoleUser } from '../auth/users';
import { withTransaction } from '../db/client';
import { decryptAtRest } from '../secrets';
import { lockInstance } from '../marketplace/activities/lockInstance';
import { applyStatusChange, restartProvisioning } from './lifecycle';
import type { InstanceStatus } from './transitions';

/**
 * Console actions on an instance (issue 3). Each checks the user's role itself (the API refuses anyway, but a caller
 * that forgets cannot skip it), applies the change the same way the marketplace does (lib/instances/lifecycle), and
 * writes one audit-log entry: success, failure with the reason, or denied.
 */
export const INSTANCE_ACTIONS = ['retry', 'freeze', 'unfreeze', 'release'] as const;
export type InstanceAction = (typeof INSTANCE_ACTIONS)[number];

/** Support staff may re-invoke (retry provisioning); only admins change an instance's status. */
export const ACTION_ROLE: Record<InstanceAction | 'revealPassword', Role> = {
  retry: 'support',
  freeze: 'admin',
  unfreeze: 'admin',
  release: 'admin',
  revealPassword: 'admin',
};

export type ActionResult =
  | { ok: true; status: InstanceStatus; jobId: string }
  /** httpStatus: 403 role, 404 unknown instance, 409 not allowed in the instance's status */
  | { ok: false; httpStatus: 403 | 404 | 409; reason: string };

type Actor = Pick<ConsoleUser, 'id' | 'email' | 'role'>;

const STATUS_ACTION = { freeze: 'FREEZE', unfreeze: 'UNFREEZE', release: 'RELEASE' } as const;
const NOOP_REASON = { freeze: 'is not active', unfreeze: 'is not frozen', release: 'is already released' } as const;

async function run(
  pool: pg.Pool,
  user: Actor,
  action: InstanceAction,
  instanceId: string,
  apply: (client: pg.PoolClient) => Promise<ActionResult & { from?: InstanceStatus }>,
): Promise<ActionResult> {
  const entry = { user, action: `instance.${action}`, target: instanceId };
  if (!hasRole(user.role, ACTION_ROLE[action])) {
    await audit(pool, { ...entry, outcome: 'denied', detail: { role: user.role, needed: ACTION_ROLE[action] } });
    return { ok: false, httpStatus: 403, reason: `This needs the ${ACTION_ROLE[action]} role.` };
  }
  let r: ActionResult & { from?: InstanceStatus };
  try {
    r = await withTransaction(pool, apply);
  } catch (err) {
    await audit(pool, { ...entry, outcome: 'failure', detail: { reason: (err as Error).message } });
    throw err;
  }
  const { from, ...result } = r;
  await audit(pool, {
    ...entry,
    outcome: result.ok ? 'success' : 'failure',
    detail: result.ok ? { from, to: result.status, jobId: result.jobId } : { from, reason: result.reason },
  });
  return result;
}

function statusAction(action: 'freeze' | 'unfreeze' | 'release') {
  return (pool: pg.Pool, boss: PgBoss, user: Actor, instanceId: string) =>
    run(pool, user, action, instanceId, async (client) => {
      const change = await applyStatusChange(client, boss, instanceId, STATUS_ACTION[action]);
      switch (change.kind) {
        case 'notFound':
          return { ok: false, httpStatus: 404, reason: `Instance ${instanceId} not found.` };
        case 'testOnReal': // only a marketplace debugging call is refused so; the console acts as a person
          return { ok: false, httpStatus: 409, reason: change.refusal.resultMsg };
        case 'refuse':
          return { ok: false, httpStatus: 409, from: change.from, reason: `The instance ${change.reason}.` };
        case 'noop':
          // the marketplace answers success here (spec §7.3); a person asked for a change that cannot happen
          return { ok: false, httpStatus: 409, from: change.from, reason: `The instance ${NOOP_REASON[action]} (it is ${change.from}).` };
        case 'applied':
          return { ok: true, from: change.from, status: change.to, jobId: change.jobId };
      }
    });
}

export const freezeInstance = statusAction('freeze');
export const unfreezeInstance = statusAction('unfreeze');
export const releaseInstance = statusAction('release');

/** A failed instance back to provisioning with a new provision job, as a marketplace retry of newInstance does. */
export function retryProvisioning(pool: pg.Pool, boss: PgBoss, user: Actor, instanceId: string): Promise<ActionResult> {
  return run(pool, user, 'retry', instanceId, async (client) => {
    const row = await lockInstance(client, instanceId);
    if (!row) return { ok: false, httpStatus: 404, reason: `Instance ${instanceId} not found.` };
    const from = row.status as InstanceStatus;
    if (from !== 'failed') {
      return { ok: false, httpStatus: 409, from, reason: `Only a failed instance can be provisioned again (it is ${from}).` };
    }
    const jobId = await restartProvisioning(client, boss, instanceId);
    return { ok: true, from, status: 'provisioning', jobId };
  });
}

export const ACTIONS: Record<InstanceAction, (pool: pg.Pool, boss: PgBoss, user: Actor, instanceId: string) => Promise<ActionResult>> = {
  retry: retryProvisioning,
  freeze: freezeInstance,
  unfreeze: unfreezeInstance,
  release: releaseInstance,
};

export type RevealResult = { ok: true; password: string } | { ok: false; httpStatus: 403 | 404; reason: string };

/** The appInfo password in plain text, for admins only; every attempt is audited (the password never is). */
export async function revealPassword(pool: pg.Pool, encryptionKey: string, user: Actor, instanceId: string): Promise<RevealResult> {
  const entry = { user, action: 'instance.revealPassword', target: instanceId };
  if (!hasRole(user.role, ACTION_ROLE.revealPassword)) {
    await audit(pool, { ...entry, outcome: 'denied', detail: { role: user.role, needed: ACTION_ROLE.revealPassword } });
    return { ok: false, httpStatus: 403, reason: `This needs the ${ACTION_ROLE.revealPassword} role.` };
  }
  const { rows } = await pool.query<{ password_enc: string | null }>('SELECT password_enc FROM instance WHERE id = $1', [instanceId]);
  const enc = rows[0]?.password_enc;
  if (!enc) {
    const reason = rows[0] ? 'The instance has no stored password.' : `Instance ${instanceId} not found.`;
    await audit(pool, { ...entry, outcome: 'failure', detail: { reason } });
    return { ok: false, httpStatus: 404, reason };
  }
  try {
    const password = decryptAtRest(encryptionKey, enc);
    await audit(pool, { ...entry, outcome: 'success' });
    return { ok: true, password };
  } catch (err) {
    await audit(pool, { ...entry, outcome: 'failure', detail: { reason: `cannot decrypt: ${(err as Error).message}` } });
    throw err;
  }
}
