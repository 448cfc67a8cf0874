import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { audit } from '../audit/actions';
import { hasRole, type Role } from '../auth/roles';
import type { ConsoleUser } from '../auth/users';
import { withTransaction } from '../db/client';
import { isRefusal, refusal, type Refusal } from '../refusal';
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

/** The change made, or why not: forbidden (role), notFound (unknown instance), conflict (not in the instance's status). */
export type ActionResult = { status: InstanceStatus; jobId: string } | Refusal;

const needsRole = (needed: Role) => refusal('forbidden', 'errors.needsRole', { role: needed });
const notFound = (id: string) => refusal('notFound', 'instances.err.notFound', { id });

type Actor = Pick<ConsoleUser, 'id' | 'email' | 'role'>;

const STATUS_ACTION = { freeze: 'FREEZE', unfreeze: 'UNFREEZE', release: 'RELEASE' } as const;
const NOOP_REFUSAL = { freeze: 'instances.err.notActive', unfreeze: 'instances.err.notFrozen', release: 'instances.err.alreadyReleased' } as const;

// SQL: each action's change runs in a pg transaction (lib/instances/lifecycle.ts) with the job it enqueues
async function run(
  pool: pg.Pool,
  user: Actor,
  action: InstanceAction,
  instanceId: string,
  apply: (client: pg.PoolClient) => Promise<{ result: ActionResult; from?: InstanceStatus }>,
): Promise<ActionResult> {
  const entry = { user, action: `instance.${action}`, target: instanceId };
  if (!hasRole(user.role, ACTION_ROLE[action])) {
    await audit(pool, { ...entry, outcome: 'denied', detail: { role: user.role, needed: ACTION_ROLE[action] } });
    return needsRole(ACTION_ROLE[action]);
  }
  let r: { result: ActionResult; from?: InstanceStatus };
  try {
    r = await withTransaction(pool, apply);
  } catch (err) {
    await audit(pool, { ...entry, outcome: 'failure', detail: { reason: (err as Error).message } });
    throw err;
  }
  const { from, result } = r;
  await audit(pool, {
    ...entry,
    outcome: isRefusal(result) ? 'failure' : 'success',
    detail: isRefusal(result) ? { from, reason: result.message } : { from, to: result.status, jobId: result.jobId },
  });
  return result;
}

function statusAction(action: 'freeze' | 'unfreeze' | 'release') {
  return (pool: pg.Pool, boss: PgBoss, user: Actor, instanceId: string) =>
    run(pool, user, action, instanceId, async (client) => {
      const change = await applyStatusChange(client, boss, instanceId, STATUS_ACTION[action]);
      switch (change.kind) {
        case 'notFound':
          return { result: notFound(instanceId) };
        case 'testOnReal': // only a marketplace debugging call is refused so; the console acts as a person
          return { result: refusal('conflict', 'instances.err.marketplace', { message: change.refusal.resultMsg }) };
        case 'refuse':
          // lib/instances/transitions.ts refuses a change while provisioning and after release
          return { from: change.from, result: refusal('conflict', change.from === 'released' ? 'instances.err.released' : 'instances.err.provisioning') };
        case 'noop':
          // the marketplace answers success here (spec §7.3); a person asked for a change that cannot happen
          return { from: change.from, result: refusal('conflict', NOOP_REFUSAL[action], { status: change.from }) };
        case 'applied':
          return { from: change.from, result: { status: change.to, jobId: change.jobId } };
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
    if (!row) return { result: notFound(instanceId) };
    const from = row.status as InstanceStatus;
    if (from !== 'failed') return { from, result: refusal('conflict', 'instances.err.notFailed', { status: from }) };
    const jobId = await restartProvisioning(client, boss, instanceId);
    return { from, result: { status: 'provisioning', jobId } };
  });
}

export const ACTIONS: Record<InstanceAction, (pool: pg.Pool, boss: PgBoss, user: Actor, instanceId: string) => Promise<ActionResult>> = {
  retry: retryProvisioning,
  freeze: freezeInstance,
  unfreeze: unfreezeInstance,
  release: releaseInstance,
};

export type RevealResult = { password: string } | Refusal;

/** The appInfo password in plain text, for admins only; every attempt is audited (the password never is). */
// SQL: beside the audit entries on the same pool; the one read of password_enc
export async function revealPassword(pool: pg.Pool, encryptionKey: string, user: Actor, instanceId: string): Promise<RevealResult> {
  const entry = { user, action: 'instance.revealPassword', target: instanceId };
  if (!hasRole(user.role, ACTION_ROLE.revealPassword)) {
    await audit(pool, { ...entry, outcome: 'denied', detail: { role: user.role, needed: ACTION_ROLE.revealPassword } });
    return needsRole(ACTION_ROLE.revealPassword);
  }
  const { rows } = await pool.query<{ password_enc: string | null }>('SELECT password_enc FROM instance WHERE id = $1', [instanceId]);
  const enc = rows[0]?.password_enc;
  if (!enc) {
    const refused = rows[0] ? refusal('notFound', 'instances.err.noPassword') : notFound(instanceId);
    await audit(pool, { ...entry, outcome: 'failure', detail: { reason: refused.message } });
    return refused;
  }
  try {
    const password = decryptAtRest(encryptionKey, enc);
    await audit(pool, { ...entry, outcome: 'success' });
    return { password };
  } catch (err) {
    await audit(pool, { ...entry, outcome: 'failure', detail: { reason: `cannot decrypt: ${(err as Error).message}` } });
    throw err;
  }
}
