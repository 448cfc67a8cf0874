import type pg from 'pg';
import type { ActivityContext } from '../../activities';
import type { EncryptType } from '../../aes';
import { encryptCredential } from '../../aes';
import type { ChargingMode } from '../../../openapi/types';
import type { LicenceIssuer } from '../../../licences/inline';

/** What a V1 adapter needs beyond the V2 activities' context: the V1 Key that verified the call, and the AES variant. */
export interface V1Context extends ActivityContext {
  /** the key (or its Base64-decoded variant) whose authToken matched: Body-Sign, AES (spec §4.3, §5) */
  key: string;
  /** spec §4.4 encryptType of the answers' credentials (V1_ENCRYPT_TYPE) */
  encryptType: EncryptType;
  /** the call's timeStamp (spec §4.1), the inline order's createTime */
  timeStamp?: string;
  /** how long newInstance waits for provisioning before it answers 000004 (default V1_PROVISION_WAIT_MS) */
  provisionWaitMs?: number;
  /** what produces getLicense's licence (spec §4.12): the seller's SaaS or the app's licence key */
  licence?: LicenceIssuer;
}

/**
 * spec §4.4 / §4.10: appInfo as V1 answers it: userName and password `iv + Base64(AES-CBC(Key, …))`, the rest plain.
 */
export function encryptAppInfo(appInfo: Record<string, string>, ctx: Pick<V1Context, 'key' | 'encryptType'>): Record<string, string> {
  const out = { ...appInfo };
  if (out.userName) out.userName = encryptCredential(ctx.key, out.userName, ctx.encryptType);
  if (out.password) out.password = encryptCredential(ctx.key, out.password, ctx.encryptType);
  return out;
}

export interface InstanceSpec {
  id: string;
  test_flag: boolean;
  product_id: string | null;
  sku_code: string | null;
  charging_mode: ChargingMode | null;
}

/** What a renewal or upgrade order of the instance keeps from it (spec §4.5, §4.8). */
// SQL: one keyed read on the produce path
export async function instanceSpec(pool: pg.Pool, instanceId: string): Promise<InstanceSpec | undefined> {
  const { rows } = await pool.query<InstanceSpec>('SELECT id, test_flag, product_id, sku_code, charging_mode FROM instance WHERE id = $1', [instanceId]);
  return rows[0];
}
