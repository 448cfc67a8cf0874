import type { ProduceResult } from '../resultCodes';
import type { Activity, ParsedRequest } from '../schemas';
import { changeInstanceCheck } from './changeInstanceCheck';
import type { ActivityContext } from './context';
import { newInstance } from './newInstance';
import { orderNotify } from './orderNotify';
import { queryInstance } from './queryInstance';
import { refreshInstance } from './refreshInstance';
import { refreshLicenseCode } from './refreshLicenseCode';
import { releaseInstance } from './releaseInstance';
import { releaseLicenseCode } from './releaseLicenseCode';
import { updateInstanceStatus } from './updateInstanceStatus';
import { updateLicenseCodeStatus } from './updateLicenseCodeStatus';
import { upgradeInstance } from './upgradeInstance';

export type { ActivityContext } from './context';

type Handler = (req: never, ctx: ActivityContext) => Promise<ProduceResult>;

/** One function per activity (spec §3.3-3.10, §9.1). */
export const activityHandlers: Record<Activity, Handler> = {
  newInstance,
  queryInstance,
  refreshInstance,
  updateInstanceStatus,
  releaseInstance,
  upgradeInstance,
  changeInstanceCheck,
  orderNotify,
  refreshLicenseCode,
  updateLicenseCodeStatus,
  releaseLicenseCode,
};

/** Activities that only read: they need no call id reserved for linking jobs. */
export const READ_ONLY_ACTIVITIES: ReadonlySet<Activity> = new Set(['queryInstance', 'changeInstanceCheck']);

export function dispatch(req: ParsedRequest, ctx: ActivityContext): Promise<ProduceResult> {
  return activityHandlers[req.activity](req as never, ctx);
}
