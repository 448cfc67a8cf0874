import {
  BASIC_ACTIVITY_NAMES,
  INSTANCE_STATUS_CHANGES,
  KIT_INTERFACES,
  LICENCE_CODE_ACTIVITY_NAMES,
  LICENCE_REFRESH_SCENES,
  ONLINE_LICENCE_ACTIVITY_NAMES,
  REFRESH_SCENES,
  interfaceTypeOf as keyTypeOf,
  isKitInterface,
  type BasicActivityName,
  type KitInterface,
  type LicenceCodeActivityName,
  type OnlineLicenceActivityName,
} from '../marketplace/names';
import { parseMarketplaceTime } from '../marketplace/time';

/**
 * The interface debugger's activities and their forms (spec §3.3-3.10, and the kit interfaces of §3.12), form
 * validation and building the request body. Pure and client-safe: the form validates in the browser with these functions and the server validates again.
 */

/**
 * every V2 basic activity the production interface answers, the licence-code activities (spec §9.1, the marketplace's
 * License接口调试), then the five kit interfaces (spec §3.12)
 */
export const BASIC_ACTIVITIES = BASIC_ACTIVITY_NAMES;
/** the licence activities: licence codes 2.0 (spec §9.1) and the online licence's getLicenseAsync (spec §9.2) */
export const LICENCE_ACTIVITIES = [...LICENCE_CODE_ACTIVITY_NAMES, ...ONLINE_LICENCE_ACTIVITY_NAMES] as const;
export const KIT_ACTIVITIES = KIT_INTERFACES;
/**
 * The V1 interfaces (spec §4), named `v1.<activity>` here (their names are V2's too): sent as GETs with an authToken,
 * answered with a Body-Sign the verdict requires. The instance activities (§4.4-4.10), then licence V1 (§4.12).
 */
export const V1_ACTIVITIES = [
  'v1.newInstance',
  'v1.queryInstance',
  'v1.refreshInstance',
  'v1.instanceStatus',
  'v1.upgrade',
  'v1.expireInstance',
  'v1.releaseInstance',
  'v1.getLicense',
  'v1.refreshLicense',
  'v1.expireLicense',
  'v1.releaseLicense',
] as const;
export type V1DebugActivity = (typeof V1_ACTIVITIES)[number];
export const DEBUG_ACTIVITIES = [...BASIC_ACTIVITY_NAMES, ...LICENCE_ACTIVITIES, ...KIT_INTERFACES, ...V1_ACTIVITIES] as const;
export type LicenceActivity = LicenceCodeActivityName | OnlineLicenceActivityName;
export type DebugActivity = BasicActivityName | LicenceActivity | KitInterface | V1DebugActivity;

/** What starts a debugger run (debug_run.trigger): `scheduled` is the self-check (lib/selfcheck/run.ts), started by no console user. */
export const RUN_TRIGGERS = ['send', 'case', 'run_all', 'lifecycle', 'scheduled'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** A V1 activity of the debugger (`v1.newInstance` …): a GET with an authToken, its answer needing a Body-Sign. */
export function isV1DebugActivity(a: string): a is V1DebugActivity {
  return (V1_ACTIVITIES as readonly string[]).includes(a);
}

/** The activity as the V1 call names it (`v1.newInstance` → `newInstance`), or the name itself. */
export function wireActivity(a: string): string {
  return a.startsWith('v1.') ? a.slice(3) : a;
}
export type KitActivity = KitInterface;
/** The activities sent as a body signed in the query (spec §3.2): the basic ones and the licence ones. */
export type QueryActivity = BasicActivityName | LicenceActivity;

/** A licence activity (spec §9.1, §9.2): the debugger signs it with the key bound to the licence interfaces. */
export function isLicenceActivity(a: string): a is LicenceActivity {
  return (LICENCE_ACTIVITIES as readonly string[]).includes(a);
}

/** A kit interface (spec §3.12): sent to `<production URL>/produceAPI/v2/<name>`, signed in headers with the kit key. */
export function isKitActivity(a: string): a is KitActivity {
  return isKitInterface(a);
}

export { REFRESH_SCENES, LICENCE_REFRESH_SCENES };

export interface FieldDef {
  /** the body field; `productInfo.x` is nested (spec §3.9) */
  name: string;
  required: boolean;
  /** the spec table's maximum length */
  max?: number;
  /**
   * text: any string (placeholders allowed); enum: one of options; time: yyyyMMddHHmmss[SSS]; int: an integer;
   * flag: one of options, sent as an Integer (the kit tables); secret: text typed in plain, encrypted to the target's
   * public key before sending (applicationSync.clientSecret); users / orgs: a JSON array (authSync.userList,
   * allOrgSync.orgInfoList)
   */
  kind: 'text' | 'enum' | 'time' | 'int' | 'ids' | 'flag' | 'secret' | 'users' | 'orgs';
  options?: readonly string[];
}

const text = (name: string, max: number, required = true): FieldDef => ({ name, required, max, kind: 'text' });
const v1Time = (name: string, required: boolean): FieldDef => ({ name, required, max: 20, kind: 'time' });
/** spec §4.4 (and §4.12): the inline order of a V1 purchase */
const V1_ORDER: FieldDef[] = [
  text('customerId', 100),
  text('customerName', 64, false),
  text('businessId', 64),
  text('orderId', 64),
  text('productId', 64),
  { name: 'chargingMode', required: false, kind: 'enum', options: ['0', '1', '3', '5'] },
  text('periodType', 10, false),
  { name: 'periodNumber', required: false, kind: 'int' },
  v1Time('expireTime', false),
  { name: 'amount', required: false, kind: 'int' },
];
const flag = (options: readonly string[]): FieldDef => ({ name: 'flag', required: true, kind: 'flag', options });

/** spec §3.12: flag 0 delete, 1 add, 2 modify; authSync adds 3, cancel authorisation. */
export const KIT_FLAGS = ['0', '1', '2'] as const;
export const AUTH_FLAGS = ['0', '1', '2', '3'] as const;
/** spec §3.12: authSync carries at most 500 users. */
export const MAX_KIT_USERS = 500;
/** lib/kit/schemas.ts MAX_ORGS: what the app takes in one allOrgSync */
export const MAX_KIT_ORGS = 20_000;
/** RSA-3072 with OAEP SHA-256 encrypts at most 384 − 2·32 − 2 bytes (spec §5: the key is at least 3072 bits). */
export const MAX_SECRET_BYTES = 318;

/** The fields of each activity as in the spec's tables; testFlag is always "1" and not a field of the form. */
export const ACTIVITY_FIELDS: Record<DebugActivity, FieldDef[]> = {
  newInstance: [text('orderId', 64), text('orderLineId', 64), text('businessId', 64)],
  // spec §3.4: comma-separated, at most 100 ids of at most 64 characters
  queryInstance: [{ name: 'instanceId', required: true, kind: 'ids' }],
  refreshInstance: [
    { name: 'scene', required: true, kind: 'enum', options: REFRESH_SCENES },
    text('instanceId', 64),
    text('orderId', 64),
    text('orderLineId', 64),
    text('productId', 64, false),
    { name: 'expireTime', required: true, max: 20, kind: 'time' },
  ],
  updateInstanceStatus: [text('instanceId', 64), { name: 'status', required: true, kind: 'enum', options: INSTANCE_STATUS_CHANGES }],
  releaseInstance: [text('instanceId', 64), text('orderId', 64, false), text('orderLineId', 64, false)],
  upgradeInstance: [text('instanceId', 64), text('orderId', 64), text('orderLineId', 64)],
  changeInstanceCheck: [
    text('instanceId', 64),
    text('productInfo.productId', 64),
    text('productInfo.skuCode', 64),
    { name: 'productInfo.linearValue', required: false, kind: 'int' },
    text('productInfo.productName', 64),
  ],
  orderNotify: [text('orderId', 64), text('orderLineId', 64)],
  // spec §9.1; license at most 256 (lib/marketplace/schemas.ts: the spec gives no length)
  refreshLicenseCode: [
    { name: 'scene', required: true, kind: 'enum', options: LICENCE_REFRESH_SCENES },
    text('orderId', 64),
    text('orderLineId', 64),
    text('license', 256),
    text('productId', 64, false),
    { name: 'expireTime', required: true, max: 20, kind: 'time' },
  ],
  updateLicenseCodeStatus: [text('license', 256), { name: 'status', required: true, kind: 'enum', options: INSTANCE_STATUS_CHANGES }],
  releaseLicenseCode: [text('license', 256), text('orderId', 64, false), text('orderLineId', 64, false)],
  // spec §9.2; the times as documented (`2023-10-27 10:30:15 z`) or ISO 8601, checked by the app
  getLicenseAsync: [text('eventId', 64), text('instanceId', 64), text('effectiveTime', 32), text('expireTime', 32, false), text('deviceFingerprint', 1024, false)],
  // spec §3.12; testFlag (1) and timeStamp (the time of sending, UTC+8) are not fields of the form
  tenantSync: [text('instanceId', 64), text('orderId', 64, false), text('tenantId', 64), text('tenantCode', 64), text('name', 255), text('domainName', 255, false), flag(KIT_FLAGS)],
  applicationSync: [text('instanceId', 64), text('tenantId', 64), text('appId', 64), text('clientId', 255), { name: 'clientSecret', required: true, max: 255, kind: 'secret' }, flag(KIT_FLAGS)],
  authSync: [
    text('instanceId', 64),
    text('tenantId', 64),
    text('appId', 64),
    text('currentSyncTime', 32),
    flag(AUTH_FLAGS),
    { name: 'userList', required: true, kind: 'users' },
  ],
  singleOrgSync: [text('instanceId', 64), text('tenantId', 64), text('orgCode', 64), text('orgName', 255), text('parentCode', 64, false), flag(KIT_FLAGS)],
  allOrgSync: [text('instanceId', 64), text('tenantId', 64), { name: 'orgInfoList', required: true, kind: 'orgs' }],
  // spec §4.4-4.10, §4.12; testFlag "1", timeStamp (the time of sending, UTC) and authToken are added when sending
  'v1.newInstance': [...V1_ORDER.slice(0, 5), text('skuCode', 64), ...V1_ORDER.slice(5)],
  'v1.queryInstance': [{ name: 'instanceId', required: true, kind: 'ids' }],
  'v1.refreshInstance': [text('instanceId', 64), text('orderId', 64), text('productId', 64, false), v1Time('expireTime', true), { name: 'trialToFormal', required: false, kind: 'enum', options: ['0', '1'] }],
  'v1.instanceStatus': [text('instanceId', 64), { name: 'instanceStatus', required: true, kind: 'enum', options: ['FREEZE', 'NORMAL'] }],
  'v1.upgrade': [text('instanceId', 64), text('orderId', 64), text('skuCode', 64), text('productId', 64), { name: 'amount', required: false, kind: 'int' }],
  'v1.expireInstance': [text('instanceId', 64), text('orderId', 64, false)],
  'v1.releaseInstance': [text('instanceId', 64), text('orderId', 64)],
  'v1.getLicense': [...V1_ORDER.slice(0, 5), text('skuCode', 64, false), ...V1_ORDER.slice(5)],
  'v1.refreshLicense': [text('instanceId', 64), text('orderId', 64), text('productId', 64, false), v1Time('expireTime', true)],
  'v1.expireLicense': [text('instanceId', 64), text('orderId', 64, false)],
  'v1.releaseLicense': [text('instanceId', 64), text('orderId', 64)],
};

/**
 * Placeholders a saved case can hold, resolved at each send so that replays keep passing (spec §7.3: the marketplace
 * replays the same cases twice a day): `{{uuid}}` a fresh UUID (newInstance's businessId differs on every request,
 * spec §3.3); `{{lastInstanceId}}` the instance id answered by the latest newInstance sent to the same target.
 */
export const PLACEHOLDERS = ['uuid', 'lastInstanceId'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
const PLACEHOLDER_RE = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

export function placeholdersIn(value: string): string[] {
  return [...value.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!);
}

export function fillPlaceholders(value: string, values: (name: Placeholder) => string): string {
  return value.replace(PLACEHOLDER_RE, (_, name: string) => values(name as Placeholder));
}

export function isDebugActivity(v: unknown): v is DebugActivity {
  return typeof v === 'string' && (DEBUG_ACTIVITIES as readonly string[]).includes(v);
}

export type FieldErrorCode =
  | 'required'
  | 'tooLong'
  | 'enum'
  | 'time'
  | 'int'
  | 'ids'
  | 'placeholder'
  | 'noPlaceholder'
  | 'notString'
  | 'noLastInstance'
  | 'secretBytes'
  | 'jsonArray'
  | 'listEmpty'
  | 'tooMany'
  | 'itemObject'
  | 'itemField'
  | 'itemEnum';
export interface FieldError {
  code: FieldErrorCode;
  vars?: Record<string, string | number>;
}
export type FieldErrors = Record<string, FieldError>;

/**
 * Checks a form's values (placeholders unresolved) against the activity's fields: one specific error per field.
 * Lengths are measured without the placeholders; `checkResolvedLengths` measures them again once they are filled.
 */
export function validateForm(activity: DebugActivity, params: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of ACTIVITY_FIELDS[activity]) {
    const raw = params[f.name];
    if (raw !== undefined && raw !== null && typeof raw !== 'string') {
      errors[f.name] = { code: 'notString' };
      continue;
    }
    const value = (raw ?? '').trim();
    if (value === '') {
      if (f.required) errors[f.name] = { code: 'required' };
      continue;
    }
    const unknown = placeholdersIn(value).find((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
    if (unknown) {
      errors[f.name] = { code: 'placeholder', vars: { name: unknown, known: PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ') } };
      continue;
    }
    const hasPlaceholder = placeholdersIn(value).length > 0;
    if (hasPlaceholder && f.kind !== 'text' && f.kind !== 'ids' && f.kind !== 'secret') {
      errors[f.name] = { code: 'noPlaceholder' };
      continue;
    }
    const literal = fillPlaceholders(value, () => '');
    const e = checkValue(f, value, literal);
    if (e) errors[f.name] = e;
  }
  return errors;
}

function checkValue(f: FieldDef, value: string, literal: string): FieldError | undefined {
  switch (f.kind) {
    case 'users':
    case 'orgs':
      return checkList(f.kind, value);
    case 'secret':
      if (literal.length > f.max!) return { code: 'tooLong', vars: { max: f.max! } };
      return new TextEncoder().encode(literal).length > MAX_SECRET_BYTES ? { code: 'secretBytes', vars: { max: MAX_SECRET_BYTES } } : undefined;
    case 'flag':
    case 'enum':
      return f.options!.includes(value) ? undefined : { code: 'enum', vars: { options: f.options!.join(', ') } };
    case 'time':
      return parseMarketplaceTime(value) ? undefined : { code: 'time' };
    case 'int':
      return /^-?\d{1,9}$/.test(value) ? undefined : { code: 'int' };
    case 'ids': {
      const ids = value.split(',').map((s) => s.trim());
      if (ids.some((id) => id === '') || ids.length > 100) return { code: 'ids' };
      const long = ids.find((id) => fillPlaceholders(id, () => '').length > 64);
      return long ? { code: 'tooLong', vars: { max: 64 } } : undefined;
    }
    default:
      return f.max !== undefined && literal.length > f.max ? { code: 'tooLong', vars: { max: f.max } } : undefined;
  }
}

/** A field of a list entry: required or not, at most max characters (spec §3.12 tables, lib/kit/schemas.ts). */
const USER_FIELDS: [string, number, boolean][] = [
  ['userName', 255, true],
  ['name', 255, false],
  ['orgCode', 64, false],
  ['position', 255, false],
  ['employeeCode', 64, false],
  ['mobile', 32, false],
  ['email', 255, false],
  ['workPlace', 255, false],
];
const ORG_FIELDS: [string, number, boolean][] = [
  ['orgCode', 64, true],
  ['orgName', 255, true],
  ['parentCode', 64, false],
];
const USER_ENUMS: [string, readonly unknown[]][] = [
  ['role', ['user', 'admin']],
  ['enable', ['true', 'false', true, false]],
  ['employeeType', [1, 2, 3, 4, '1', '2', '3', '4']],
];

/** authSync.userList / allOrgSync.orgInfoList: a JSON array of objects, within the bounds, each entry's fields checked. */
function checkList(kind: 'users' | 'orgs', value: string): FieldError | undefined {
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch {
    return { code: 'jsonArray' };
  }
  if (!Array.isArray(list)) return { code: 'jsonArray' };
  if (kind === 'users' && list.length === 0) return { code: 'listEmpty' };
  const max = kind === 'users' ? MAX_KIT_USERS : MAX_KIT_ORGS;
  if (list.length > max) return { code: 'tooMany', vars: { max } };
  for (const [i, item] of list.entries()) {
    const index = i + 1;
    if (!item || typeof item !== 'object' || Array.isArray(item)) return { code: 'itemObject', vars: { index } };
    const o = item as Record<string, unknown>;
    for (const [field, fmax, required] of kind === 'users' ? USER_FIELDS : ORG_FIELDS) {
      const v = o[field];
      if (v === undefined || v === null || v === '') {
        if (required) return { code: 'itemField', vars: { index, field, max: fmax } };
      } else if (typeof v !== 'string' || v.length > fmax || v.trim() === '') return { code: 'itemField', vars: { index, field, max: fmax } };
    }
    if (kind === 'users') {
      for (const [field, options] of USER_ENUMS) {
        const v = o[field];
        if (v !== undefined && v !== null && v !== '' && !options.includes(v)) {
          return { code: 'itemEnum', vars: { index, field, options: [...new Set(options.map(String))].join(', ') } };
        }
      }
    }
  }
  return undefined;
}

/** After the placeholders are filled: the lengths the spec allows, on the values that will be sent. */
export function checkResolvedLengths(activity: DebugActivity, params: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of ACTIVITY_FIELDS[activity]) {
    const v = params[f.name];
    if (v === undefined) continue;
    const e = f.kind === 'text' || f.kind === 'ids' || f.kind === 'secret' ? checkValue(f, v, v) : undefined;
    if (e) errors[f.name] = e;
  }
  return errors;
}

/** Only the activity's own fields, trimmed, empty optional ones dropped. */
/**
 * What a saved case shows for a secret field it keeps (applicationSync.clientSecret): the value stays encrypted at rest
 * (lib/debugger/secrets.ts) and never goes to the browser; saving the case with this value unchanged keeps it.
 */
export const SECRET_KEPT = '••••••••';

/** The fields of an activity kept encrypted when a case is saved. */
export function secretFields(activity: DebugActivity): string[] {
  return ACTIVITY_FIELDS[activity].filter((f) => f.kind === 'secret').map((f) => f.name);
}

export function cleanParams(activity: DebugActivity, params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of ACTIVITY_FIELDS[activity]) {
    const v = params[f.name];
    if (typeof v === 'string' && v.trim() !== '') out[f.name] = v.trim();
  }
  return out;
}

/** The JSON body of the call (spec §3.3-3.10, §9.1), always with testFlag "1" (a debugging call). */
export function buildBody(activity: QueryActivity, params: Record<string, string>): Record<string, unknown> & { activity: string } {
  const body: Record<string, unknown> & { activity: string } = { activity };
  const productInfo: Record<string, unknown> = {};
  for (const f of ACTIVITY_FIELDS[activity]) {
    const v = params[f.name];
    if (v === undefined || v === '') continue;
    const value = f.kind === 'int' ? Number(v) : f.kind === 'ids' ? v.split(',').map((s) => s.trim()).join(',') : v;
    if (f.name.startsWith('productInfo.')) productInfo[f.name.slice('productInfo.'.length)] = value;
    else body[f.name] = value;
  }
  if (activity === 'changeInstanceCheck') body.productInfo = productInfo;
  body.testFlag = '1';
  return body;
}

/** The parameters of a V1 call (spec §4.1): the activity's name, its fields as text, testFlag "1" (a debugging call). */
export function buildV1Params(activity: V1DebugActivity, params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { activity: wireActivity(activity) };
  for (const f of ACTIVITY_FIELDS[activity]) {
    const v = params[f.name];
    if (v !== undefined && v !== '') out[f.name] = f.kind === 'ids' ? v.split(',').map((s) => s.trim()).join(',') : v;
  }
  out.testFlag = '1';
  return out;
}

/**
 * The fields of a kit call (spec §3.12), typed as the tables say: flag an Integer, the lists parsed. The clientSecret
 * is still in plain text here (lib/debugger/send.ts encrypts it); testFlag and timeStamp are added when sending.
 */
export function buildKitFields(activity: KitActivity, params: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of ACTIVITY_FIELDS[activity]) {
    const v = params[f.name];
    if (v === undefined || v === '') continue;
    out[f.name] = f.kind === 'flag' ? Number(v) : f.kind === 'users' || f.kind === 'orgs' ? (JSON.parse(v) as unknown) : v;
  }
  return out;
}

/**
 * spec §2 (lib/marketplace/names.ts interfaceTypeOf for the V2 activities): orderNotify is signed with the key bound to
 * the general interfaces, the licence-code activities with the licence key (License授权码交付接口, spec §9.1), the kit
 * interfaces with the kit key (联营SaaS同步接口), the others with the basic one.
 */
export function interfaceTypeOf(activity: DebugActivity): 'basic' | 'general' | 'license' | 'kit' | 'v1' {
  if (isV1DebugActivity(activity)) return 'v1';
  if (isKitActivity(activity)) return 'kit';
  // getLicenseAsync is accepted with the basic or the licence key (lib/marketplace/names.ts acceptedInterfaceTypesOf):
  // the debugger plays the licence interfaces with the licence key
  if (isLicenceActivity(activity)) return 'license';
  return keyTypeOf(activity);
}

export type TargetError = 'url' | 'scheme' | 'urlTooLong' | 'keyTooLong';

/** A typed target: an absolute http(s) URL. Undefined/empty means this app's production URL. */
export function validateTargetUrl(url: string | undefined | null): TargetError | undefined {
  if (!url) return undefined;
  if (url.length > 2048) return 'urlTooLong';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'url';
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : 'scheme';
}

/**
 * Why a set of saved cases may fail when replayed (the marketplace replays them twice a day): a releaseInstance on
 * `{{lastInstanceId}}` followed, on a later replay, by renew/freeze/upgrade of the same released instance (newInstance
 * on the same mock order answers that same instance again, spec §7.3) gets 000003.
 */
export function replayWarnings(cases: { name: string; activity: string; params: Record<string, string> }[]): string[] {
  const onLast = (c: { params: Record<string, string> }) => (c.params.instanceId ?? '').includes('{{lastInstanceId}}');
  const release = cases.find((c) => c.activity === 'releaseInstance' && onLast(c));
  if (!release) return [];
  const hurt = cases.filter((c) => ['refreshInstance', 'updateInstanceStatus', 'upgradeInstance', 'changeInstanceCheck'].includes(c.activity) && onLast(c));
  return hurt.map((c) => c.name);
}
