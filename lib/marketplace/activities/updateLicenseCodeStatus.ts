import { updateLicenseCodeStatus as apply } from '../../licenceCodes/actions';
import type { ProduceResult } from '../resultCodes';
import type { UpdateLicenseCodeStatusRequest } from '../schemas';
import type { ActivityContext } from './context';

/** spec §9.1 updateLicenseCodeStatus: FREEZE / UNFREEZE a licence code (lib/licenceCodes/actions.ts). */
export function updateLicenseCodeStatus(req: UpdateLicenseCodeStatusRequest, ctx: ActivityContext): Promise<ProduceResult> {
  return apply(req, ctx);
}
