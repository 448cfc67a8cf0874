import type pg from 'pg';
import type { OrderInfo } from '../openapi/types';

/** spec §3.4 AppInfo (V2: plain text; the app stores the password encrypted at rest). */
export interface AppInfo {
  frontEndUrl: string;
  adminUrl?: string;
  userName?: string;
  password?: string;
  memo?: string;
}

/** quota_exhausted / quota_restored: a 用完即停 package ran out, or a new package resumed the service (spec §8.3) */
export type LifecycleEvent = 'renew' | 'freeze' | 'unfreeze' | 'upgrade' | 'release' | 'quota_exhausted' | 'quota_restored';

export interface InstanceSnapshot {
  instanceId: string;
  orderId: string;
  orderLineId: string;
  status: string;
  testFlag: boolean;
  productId: string | null;
  skuCode: string | null;
  linearValue: number | null;
  chargingMode: string | null;
  expireTime: Date | null;
  customerId: string | null;
}

export interface ProvisionContext {
  db: pg.Pool;
  /** the pg-boss job id: stable across retries of one job, so a provisioner can use it as an idempotency key */
  jobId: string;
  instance: InstanceSnapshot;
  order?: OrderInfo;
}

/** A directory event of the joint-operation kit (lib/kit/events.ts), as the seller's SaaS receives it. */
export interface DirectoryEvent {
  /** the outbox row's id: stable across retries (the webhook-id) */
  id: string;
  type: string;
  instanceId: string;
  tenantId: string;
  /** per instance and tenant, from 1, in the order the changes were applied */
  sequence: number;
  /** the change's timeStamp (ISO) */
  timeStamp: string;
  /** the changed entity, never a secret */
  data: Record<string, unknown>;
  testFlag: boolean;
}

/** A licence code's lifecycle event (lib/licenceCodes/events.ts), as the seller's SaaS receives it. */
export interface LicenceEvent {
  /** the change row's id: stable across retries (the webhook-id) */
  id: string;
  /** licence.renewed | licence.frozen | licence.unfrozen | licence.released */
  type: string;
  testFlag: boolean;
  /** the code, its status and expiry after the change, the order that made it */
  data: Record<string, unknown>;
}

export interface DirectoryContext {
  db: pg.Pool;
  jobId: string;
}

/**
 * A provisioner turns marketplace lifecycle events into the seller's service. Each method must be idempotent:
 * a job can run again after a crash or a retry.
 */
export interface Provisioner {
  readonly name: string;
  provision(ctx: ProvisionContext): Promise<AppInfo>;
  onEvent(event: LifecycleEvent, ctx: ProvisionContext): Promise<void>;
  /** a change of the kit directory; a failure throws and the delivery is retried (the same event, the same id) */
  onDirectoryEvent(event: DirectoryEvent, ctx: DirectoryContext): Promise<void>;
  /** a licence code's lifecycle change (spec §9.1); a failure throws and the delivery is retried (the same id) */
  onLicenceEvent(event: LicenceEvent, ctx: DirectoryContext): Promise<void>;
}
