import type pg from 'pg';
import type { LicenceUpload } from '../openapi/licence';
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

/**
 * A licence the marketplace asked for, as the seller's SaaS receives it in `licence.requested`: an online licence
 * (getLicenseAsync, spec §9.2) or a V1 order's licence (getLicense, spec §4.12, answered inline). The SaaS answers
 * with the licence (lib/provisioning/webhook.ts parseLicenceAnswer).
 */
export interface LicenceRequestEvent {
  /** stable across retries (the webhook-id): the licence_request row's id, or `v1-<delivery id>` for getLicense */
  id: string;
  /** the marketplace's call that asked */
  activity: 'getLicenseAsync' | 'getLicense';
  /** getLicenseAsync's eventId; null for getLicense (V1 has none) */
  eventId: string | null;
  instanceId: string;
  orderId: string;
  orderLineId: string;
  productId: string | null;
  skuCode: string | null;
  linearValue: number | null;
  deviceFingerprint: string | null;
  /** ISO 8601 UTC */
  effectiveTime: string;
  expireTime: string | null;
  testFlag: boolean;
}

export interface DirectoryContext {
  db: pg.Pool;
  /** the job delivering it; absent for a call answered inline (V1 getLicense) */
  jobId?: string;
  /** a shorter wait for the answer than the webhook's own (V1 getLicense must answer within the marketplace's 5 s) */
  timeoutMs?: number;
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
  /**
   * An online licence to produce (spec §9.2): the licence text or file, or absent (the built-in provisioner) for the
   * app's own Ed25519 licence key. A failure throws and the job retries (the same id).
   */
  requestLicence?(event: LicenceRequestEvent, ctx: DirectoryContext): Promise<LicenceUpload>;
}
