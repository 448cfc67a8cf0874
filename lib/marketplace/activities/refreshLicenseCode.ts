import { refreshLicenseCode as apply } from '../../licenceCodes/actions';
import type { ProduceResult } from '../resultCodes';
import type { RefreshLicenseCodeRequest } from '../schemas';
import type { ActivityContext } from './context';

/** spec §9.1 refreshLicenseCode: the licence code's new expiry (lib/licenceCodes/actions.ts). */
export function refreshLicenseCode(req: RefreshLicenseCodeRequest, ctx: ActivityContext): Promise<ProduceResult> {
  return apply(req, ctx);
}
