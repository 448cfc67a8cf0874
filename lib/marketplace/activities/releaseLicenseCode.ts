import { releaseLicenseCode as apply } from '../../licenceCodes/actions';
import type { ProduceResult } from '../resultCodes';
import type { ReleaseLicenseCodeRequest } from '../schemas';
import type { ActivityContext } from './context';

/** spec §9.1 releaseLicenseCode: the licence code is released once (lib/licenceCodes/actions.ts). */
export function releaseLicenseCode(req: ReleaseLicenseCodeRequest, ctx: ActivityContext): Promise<ProduceResult> {
  return apply(req, ctx);
}
