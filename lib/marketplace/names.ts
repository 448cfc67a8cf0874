/**
 * The names the V2 production interfaces use (spec §3.3-3.10), without their schemas: plain lists a browser bundle
 * can import (the debugger's forms, the call log's filter) as well as the server's validation (./schemas.ts).
 */
export const ACTIVITY_NAMES = [
  'newInstance',
  'queryInstance',
  'refreshInstance',
  'updateInstanceStatus',
  'releaseInstance',
  'upgradeInstance',
  'changeInstanceCheck',
  'orderNotify',
] as const;
export type ActivityName = (typeof ACTIVITY_NAMES)[number];

/** refreshInstance scenes (spec §3.5) */
export const REFRESH_SCENES = ['TRIAL_TO_FORMAL', 'RENEWAL', 'UNSUBSCRIBE_RENEWAL_PERIOD', 'RENEWAL_CHANGE'] as const;

/** updateInstanceStatus statuses (spec §3.6) */
export const INSTANCE_STATUS_CHANGES = ['FREEZE', 'UNFREEZE'] as const;

/** The joint-operation kit interfaces V2 (spec §3.12), each at `<production URL>/produceAPI/v2/<name>`. */
export const KIT_INTERFACES = ['tenantSync', 'applicationSync', 'authSync', 'singleOrgSync', 'allOrgSync'] as const;
export type KitInterface = (typeof KIT_INTERFACES)[number];
export function isKitInterface(name: string | undefined): name is KitInterface {
  return (KIT_INTERFACES as readonly string[]).includes(name ?? '');
}
