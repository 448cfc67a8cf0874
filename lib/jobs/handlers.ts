import type pg from 'pg';
import { runAlertDelivery, type AlertSendSettings } from '../alerts/deliver';
import type PgBoss from 'pg-boss';
import type { PrismaClient } from '../db/client';
import { loadInstance } from '../instances/queries';
import { deliverCodeEvents } from '../licenceCodes/events';
import { runLicenceRefresh, type LicenceRefreshResult } from '../licenceCodes/heartbeat';
import { syncLicenceQueue } from '../licences/actions';
import { runLicenceUpload, type OnlineUploadOutcome } from '../licences/onlineUpload';
import { log } from '../log';
import { queryOrder, type OpenApiTarget } from '../openapi/client';
import { loadInlineOrder, storeOrder } from '../orders/actions';
import { instanceFieldsFromLine, lineOf } from '../orders/lines';
import type { LifecycleEvent, Provisioner } from '../provisioning/types';
import { encryptAtRest } from '../secrets';
import { resumeBuyer } from '../usage/ingest';
import { runUsagePush, type UsagePushResult } from '../usage/push';
import type { DebuggerDeps } from '../debugger/runner';
import { runSelfCheck, type SelfCheckOutcome } from '../selfcheck/run';

/**
 * The job handlers: plain functions of (job id, data, deps). Each is idempotent, because a job runs again after
 * a crash (pg-boss expires it) or a failure (retry with backoff).
 */
export interface JobDeps {
  pool: pg.Pool;
  /** for jobs that lead to further jobs (a new package resumes stopped instances) */
  boss: PgBoss;
  /** the instance's plain reads (lib/instances/queries.ts) */
  prisma: PrismaClient;
  provisioner: Provisioner;
  openApi: OpenApiTarget;
  encryptionKey: string;
  /** the usage push's body-signature key (config.keys.basic) and USAGE_GRACE_SECONDS */
  usage: { basicKey?: string; graceSeconds: number };
  /** the app's Ed25519 licence key (DATA_DIR/secrets.json), for online licences with the built-in provisioner */
  licenceSigningKey?: string;
  /** where alert messages go from and link to (lib/alerts/deliver.ts) */
  alerts?: Omit<AlertSendSettings, 'encryptionKey'>;
  /** the debugger's dependencies (lib/debugger/api.ts debuggerDeps), for the self-check's replay of the saved cases */
  debugger: DebuggerDeps;
}

export type JobOutcome = 'done' | 'skipped';

/**
 * The one seam between the two interface generations in the jobs: a V2 call names the order and the job fetches it
 * with Query Order and stores it; a V1 call carried the order inline (spec §4.4-4.8), stored before the job was
 * enqueued (lib/marketplace/v1/order.ts), so the job reads it back and calls nothing.
 */
async function orderOf(
  deps: Pick<JobDeps, 'pool' | 'openApi'>,
  jobId: string,
  orderId: string,
  orderLineId: string,
  about: { instanceId?: string; testFlag?: boolean },
) {
  const inline = await loadInlineOrder(deps.pool, orderId);
  if (inline) return inline;
  const order = await queryOrder(deps.openApi, orderId, orderLineId, { db: deps.pool, jobId, ...about });
  await storeOrder(deps.pool, order);
  return order;
}

/** spec §3.3: fetch the order, store it, provision, make the instance active with its appInfo. */
// SQL: conditional updates (WHERE status = 'provisioning', COALESCE) that concurrent and repeated jobs rely on
export async function runProvision(jobId: string, data: { instanceId: string }, deps: JobDeps): Promise<JobOutcome> {
  const before = await loadInstance(deps.prisma, data.instanceId);
  if (!before || before.status !== 'provisioning') return 'skipped';
  const order = await orderOf(deps, jobId, before.orderId, before.orderLineId, { instanceId: before.instanceId, testFlag: before.testFlag });
  const line = lineOf(order, before.orderLineId);
  if (!line) throw new Error(`order ${order.orderId} has no line ${before.orderLineId}`);
  const f = instanceFieldsFromLine(order, line);
  await deps.pool.query(
    `UPDATE instance SET expire_time = COALESCE(expire_time, $2), customer_id = $3, updated_at = now() WHERE id = $1`,
    [before.instanceId, f.expireTime, f.customerId],
  );
  await applySpec(deps, before.instanceId, { orderId: before.orderId, orderLineId: before.orderLineId, kind: 'NEW' }, f);
  await queueLicences(deps, before.instanceId);
  const instance = (await loadInstance(deps.prisma, data.instanceId))!;
  const appInfo = await deps.provisioner.provision({ db: deps.pool, jobId, instance, order });
  await deps.pool.query(
    `UPDATE instance SET status = 'active', provisioner = $2, front_end_url = $3, admin_url = $4, user_name = $5,
            password_enc = $6, memo = $7, failure_reason = NULL, provisioned_at = now(), updated_at = now()
      WHERE id = $1 AND status = 'provisioning'`,
    [
      instance.instanceId,
      deps.provisioner.name,
      appInfo.frontEndUrl,
      appInfo.adminUrl ?? null,
      appInfo.userName ?? null,
      appInfo.password ? encryptAtRest(deps.encryptionKey, appInfo.password) : null,
      appInfo.memo ?? null,
    ],
  );
  // read again only for a package (one query less per provisioning, issue 12): nothing else resumes anything
  if (instance.chargingMode === 'ON_DEMAND_PKG') await resumeStopped(deps, instance.instanceId);
  return 'done';
}

/** spec §8.3: a buyer's new package (now active) resumes the service its used-up 用完即停 packages stopped. */
async function resumeStopped(deps: Pick<JobDeps, 'pool' | 'boss' | 'prisma'>, instanceId: string): Promise<void> {
  const now = await loadInstance(deps.prisma, instanceId);
  if (now?.status !== 'active' || now.chargingMode !== 'ON_DEMAND_PKG' || !now.customerId) return;
  const resumed = await resumeBuyer(deps.pool, deps.boss, now.customerId);
  if (resumed.length) log.info('a new package resumed stopped instances', { instanceId, resumed });
}

/** Called when the provision job has used its last retry: the instance is failed, with the cause kept. */
export async function failProvision(instanceId: string, reason: string, deps: Pick<JobDeps, 'pool'>): Promise<void> {
  await deps.pool.query(
    `UPDATE instance SET status = 'failed', failure_reason = $2, updated_at = now() WHERE id = $1 AND status = 'provisioning'`,
    [instanceId, reason.slice(0, 2000)],
  );
}

export interface ApplyOrderData {
  instanceId: string | null;
  orderId: string;
  orderLineId: string;
  /** a refreshInstance scene, UPGRADE, or NOTIFY (orderNotify) */
  kind: string;
}

/** Orders whose line carries the instance's new product, SKU or linear value. */
const CHANGES_SPEC = ['NEW', 'UPGRADE', 'RENEWAL_CHANGE', 'TRIAL_TO_FORMAL'];

/**
 * Sets the instance's product, SKU, linear value and charging mode from an order, unless a later spec-changing order
 * for the instance (by arrival, instance_order.id) exists: jobs run concurrently and may finish out of order, and the
 * last order the marketplace sent must win.
 */
// SQL: the last spec-changing order wins, decided by NOT EXISTS in the UPDATE itself
async function applySpec(
  deps: Pick<JobDeps, 'pool'>,
  instanceId: string,
  applied: { orderId: string; orderLineId: string; kind: string },
  f: ReturnType<typeof instanceFieldsFromLine>,
): Promise<void> {
  await deps.pool.query(
    `UPDATE instance SET product_id = COALESCE($5, product_id), sku_code = COALESCE($6, sku_code),
            linear_value = COALESCE($7, linear_value), charging_mode = COALESCE($8, charging_mode), updated_at = now()
      WHERE id = $1
        AND NOT EXISTS (
          SELECT 1 FROM instance_order later
           WHERE later.instance_id = $1 AND later.kind = ANY($9::varchar[])
             AND later.id > (SELECT id FROM instance_order WHERE instance_id = $1 AND order_id = $2 AND order_line_id = $3 AND kind = $4))`,
    [instanceId, applied.orderId, applied.orderLineId, applied.kind, f.productId, f.skuCode, f.linearValue, f.chargingMode, CHANGES_SPEC],
  );
}

/**
 * Once the instance's product is known, its orders of a licence product join the delivery queue (spec §9.4). A fault
 * here must not hold up provisioning: the queue is derived again when a product is marked and when it is listed.
 */
async function queueLicences(deps: Pick<JobDeps, 'pool'>, instanceId: string): Promise<void> {
  await syncLicenceQueue(deps.pool, { instanceId }).catch((err) => log.warn('licence queue sync failed', { instanceId, err }));
}

/** spec §3.5, §3.8, §3.10: fetch and store the order; apply an upgrade's new SKU; tell the provisioner. */
export async function runApplyOrder(jobId: string, data: ApplyOrderData, deps: JobDeps): Promise<JobOutcome> {
  const instance = data.instanceId ? await loadInstance(deps.prisma, data.instanceId) : undefined;
  const order = await orderOf(deps, jobId, data.orderId, data.orderLineId, { instanceId: instance?.instanceId, testFlag: instance?.testFlag });
  if (!instance || data.kind === 'NOTIFY') return 'done';
  const line = lineOf(order, data.orderLineId);
  if (line && CHANGES_SPEC.includes(data.kind)) {
    await applySpec(deps, instance.instanceId, data, instanceFieldsFromLine(order, line));
  }
  await queueLicences(deps, instance.instanceId);
  const current = (await loadInstance(deps.prisma, instance.instanceId))!;
  if (current.status === 'released' || current.status === 'failed') return 'skipped';
  await deps.provisioner.onEvent(data.kind === 'UPGRADE' ? 'upgrade' : 'renew', { db: deps.pool, jobId, instance: current, order });
  return 'done';
}

/** spec §3.6, §3.7: tell the provisioner about freeze, unfreeze and release. */
export async function runLifecycle(jobId: string, data: { instanceId: string; event: LifecycleEvent }, deps: JobDeps): Promise<JobOutcome> {
  const instance = await loadInstance(deps.prisma, data.instanceId);
  if (!instance) return 'skipped';
  await deps.provisioner.onEvent(data.event, { db: deps.pool, jobId, instance });
  return 'done';
}

/**
 * spec §8.1: seal the closed hours and push every pending record. A retryable failure that outlasts the push's own
 * retries throws (UsagePushError), and pg-boss runs the job again with its backoff; rejected and expired records are
 * outcomes, listed in the attention queue (lib/usage/attention.ts), not failures of the job.
 */
export async function runUsagePushJob(jobId: string, deps: JobDeps): Promise<UsagePushResult> {
  return runUsagePush({ pool: deps.pool, openApi: deps.openApi, basicKey: deps.usage.basicKey, graceSeconds: deps.usage.graceSeconds }, { jobId });
}

/**
 * Delivers a kit tenant's pending directory events (lib/kit/events.ts) in sequence through the provisioner, marking
 * each delivered; the first failure throws and pg-boss retries the job with backoff (the same event first again, so
 * none is skipped or overtaken). At most one such job runs per tenant (the queue's singleton policy); jobs of the
 * tenant queued meanwhile find nothing left and are done.
 */
export async function runKitEvents(jobId: string, data: { instanceId: string; tenantId: string }, deps: Pick<JobDeps, 'pool' | 'provisioner'>): Promise<JobOutcome> {
  let delivered = 0;
  for (;;) {
    const { rows } = await deps.pool.query<{ id: string; sequence: string; type: string; data: Record<string, unknown>; changedAt: Date; testFlag: boolean }>(
      `SELECT e.id::text AS id, e.sequence::text AS sequence, e.type, e.data, e.changed_at AS "changedAt",
              COALESCE((SELECT t.test_flag FROM kit_tenant t WHERE t.instance_id = e.instance_id AND t.tenant_id = e.tenant_id), false) AS "testFlag"
         FROM kit_event e
        WHERE e.instance_id = $1 AND e.tenant_id = $2 AND e.delivered_at IS NULL
        ORDER BY e.sequence LIMIT 100`,
      [data.instanceId, data.tenantId],
    );
    if (rows.length === 0) return delivered ? 'done' : 'skipped';
    for (const e of rows) {
      await deps.provisioner.onDirectoryEvent(
        { id: e.id, type: e.type, instanceId: data.instanceId, tenantId: data.tenantId, sequence: Number(e.sequence), timeStamp: e.changedAt.toISOString(), data: e.data, testFlag: e.testFlag },
        { db: deps.pool, jobId },
      );
      await deps.pool.query(`UPDATE kit_event SET delivered_at = now() WHERE id = $1`, [e.id]);
      delivered++;
    }
  }
}

/** A licence code's pending lifecycle events to the seller's SaaS, in order (lib/licenceCodes/events.ts). */
export function runLicenceEvents(jobId: string, data: { codeId: string }, deps: Pick<JobDeps, 'pool' | 'provisioner'>): Promise<JobOutcome> {
  return deliverCodeEvents(jobId, data, deps);
}

/** spec §9.1: the daily heartbeat of every live licence code (lib/licenceCodes/heartbeat.ts). */
export function runLicenceRefreshJob(jobId: string, deps: Pick<JobDeps, 'pool' | 'openApi'>): Promise<LicenceRefreshResult> {
  return runLicenceRefresh({ pool: deps.pool, openApi: deps.openApi, jobId });
}

/** spec §9.2: produce an online licence and upload it to the marketplace (lib/licences/onlineUpload.ts). */
export function runLicenceUploadJob(jobId: string, data: { licenceRequestId: string }, deps: JobDeps): Promise<OnlineUploadOutcome> {
  return runLicenceUpload(jobId, data, deps);
}

/** Sends one alert message (lib/alerts/deliver.ts). */
export function runAlertDeliveryJob(data: { deliveryId?: unknown }, deps: JobDeps): Promise<JobOutcome> {
  if (!deps.alerts) return Promise.reject(new Error('this process has no alert settings'));
  return runAlertDelivery(data, deps.pool, { ...deps.alerts, encryptionKey: deps.encryptionKey });
}

/** issue 12, spec §1.2: the scheduled self-check, every saved debugger case as Run all replays them (lib/selfcheck/run.ts). */
export function runSelfCheckJob(deps: Pick<JobDeps, 'debugger'>): Promise<SelfCheckOutcome> {
  return runSelfCheck(deps.debugger);
}
