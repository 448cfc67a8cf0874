import { invalidParam, type ProduceResult } from '../resultCodes';

/**
 * A debugging call (spec §3.3 testFlag = 1: the Seller Center's 接口调试, this app's debugger) never changes a real
 * order's instance, whoever signed it (issue 6): a test may create and change test instances only. Reading stays
 * allowed (queryInstance).
 */
export function refuseTestCallOnRealInstance(call: { testFlag: boolean }, instance: { id: string; test_flag: boolean }): ProduceResult | undefined {
  if (!call.testFlag || instance.test_flag) return undefined;
  return invalidParam(`testFlag is 1 but instance ${instance.id} belongs to a real order (testFlag 0): a debugging call cannot change it`);
}
