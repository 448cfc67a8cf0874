import type { ProduceResult } from '../../resultCodes';
import type { V1Activity, V1Request } from '../schemas';
import type { V1Context } from './context';
import { v1NewInstance } from './newInstance';
import { v1QueryInstance } from './queryInstance';
import { v1RefreshInstance } from './refreshInstance';
import { v1ExpireInstance, v1InstanceStatus, v1ReleaseInstance } from './status';
import { v1Upgrade } from './upgrade';
import { v1GetLicense } from './getLicense';

export type { V1Context } from './context';

type Handler = (req: never, ctx: V1Context) => Promise<ProduceResult>;

/**
 * One adapter per V1 activity (spec §4.4-4.10), each over the V2 domain function it mirrors. The licence V1 lifecycle
 * (spec §4.12) is its instance twin's: refreshLicense a renewal, expireLicense a freeze, releaseLicense a release.
 */
export const v1ActivityHandlers: Record<V1Activity, Handler> = {
  newInstance: v1NewInstance,
  refreshInstance: v1RefreshInstance,
  expireInstance: v1ExpireInstance,
  releaseInstance: v1ReleaseInstance,
  upgrade: v1Upgrade,
  instanceStatus: v1InstanceStatus,
  queryInstance: v1QueryInstance,
  getLicense: v1GetLicense,
  refreshLicense: v1RefreshInstance,
  expireLicense: v1ExpireInstance,
  releaseLicense: v1ReleaseInstance,
};

/** Activities that only read: they need no call id reserved for linking jobs. */
export const V1_READ_ONLY: ReadonlySet<V1Activity> = new Set(['queryInstance']);

export function dispatchV1(req: V1Request, ctx: V1Context): Promise<ProduceResult> {
  return v1ActivityHandlers[req.activity](req as never, ctx);
}
