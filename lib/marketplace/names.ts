/**
 * The names the V2 production interfaces use (spec §3.3-3.10, §9.1), without their schemas: plain lists a browser bundle
 * can import (the debugger's forms, the call log's filter) as well as the server's validation (./schemas.ts).
 */
export const BASIC_ACTIVITY_NAMES = [
  'newInstance',
  'queryInstance',
  'refreshInstance',
  'updateInstanceStatus',
  'releaseInstance',
  'upgradeInstance',
  'changeInstanceCheck',
  'orderNotify',
] as const;
export type BasicActivityName = (typeof BASIC_ACTIVITY_NAMES)[number];

/** The licence-code (授权码 2.0) lifecycle interfaces (spec §9.1), signed with the key bound to the licence interfaces. */
export const LICENCE_CODE_ACTIVITY_NAMES = ['refreshLicenseCode', 'updateLicenseCodeStatus', 'releaseLicenseCode'] as const;
export type LicenceCodeActivityName = (typeof LICENCE_CODE_ACTIVITY_NAMES)[number];

/** Every activity POST /api/produce answers. */
export const ACTIVITY_NAMES = [...BASIC_ACTIVITY_NAMES, ...LICENCE_CODE_ACTIVITY_NAMES] as const;
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

/** refreshLicenseCode scenes (spec §9.1) */
export const LICENCE_REFRESH_SCENES = ['RENEWAL', 'UNSUBSCRIBE_RENEWAL_PERIOD'] as const;

/** The key type that signs an activity (spec §2: a key is bound per interface type). */
export function interfaceTypeOf(activity: string | undefined): 'basic' | 'general' | 'license' {
  if (activity === 'orderNotify') return 'general';
  if ((LICENCE_CODE_ACTIVITY_NAMES as readonly string[]).includes(activity ?? '')) return 'license';
  return 'basic';
}
