import { ACTIVITY_NAMES, INSTANCE_STATUS_CHANGES, REFRESH_SCENES, type ActivityName } from '../marketplace/names';
import { parseMarketplaceTime } from '../marketplace/time';

/**
 * The interface debugger's activities and their forms (spec §3.3-3.10), form validation and building the request
 * body. Pure and client-safe: the form validates in the browser with these functions and the server validates again.
 */

/** every V2 activity the production interface answers */
export const DEBUG_ACTIVITIES = ACTIVITY_NAMES;
export type DebugActivity = ActivityName;

export { REFRESH_SCENES };

export interface FieldDef {
  /** the body field; `productInfo.x` is nested (spec §3.9) */
  name: string;
  required: boolean;
  /** the spec table's maximum length */
  max?: number;
  /** text: any string (placeholders allowed); enum: one of options; time: yyyyMMddHHmmss[SSS]; int: an integer */
  kind: 'text' | 'enum' | 'time' | 'int' | 'ids';
  options?: readonly string[];
}

const text = (name: string, max: number, required = true): FieldDef => ({ name, required, max, kind: 'text' });

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

export type FieldErrorCode = 'required' | 'tooLong' | 'enum' | 'time' | 'int' | 'ids' | 'placeholder' | 'noPlaceholder' | 'notString' | 'noLastInstance';
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
    if (hasPlaceholder && f.kind !== 'text' && f.kind !== 'ids') {
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

/** After the placeholders are filled: the lengths the spec allows, on the values that will be sent. */
export function checkResolvedLengths(activity: DebugActivity, params: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of ACTIVITY_FIELDS[activity]) {
    const v = params[f.name];
    if (v === undefined) continue;
    const e = f.kind === 'text' ? checkValue(f, v, v) : f.kind === 'ids' ? checkValue(f, v, v) : undefined;
    if (e) errors[f.name] = e;
  }
  return errors;
}

/** Only the activity's own fields, trimmed, empty optional ones dropped. */
export function cleanParams(activity: DebugActivity, params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of ACTIVITY_FIELDS[activity]) {
    const v = params[f.name];
    if (typeof v === 'string' && v.trim() !== '') out[f.name] = v.trim();
  }
  return out;
}

/** The JSON body of the call (spec §3.3-3.10), always with testFlag "1" (a debugging call). */
export function buildBody(activity: DebugActivity, params: Record<string, string>): Record<string, unknown> & { activity: string } {
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

/** spec §2: orderNotify is signed with the key bound to the general interfaces, the others with the basic one. */
export function interfaceTypeOf(activity: DebugActivity): 'basic' | 'general' {
  return activity === 'orderNotify' ? 'general' : 'basic';
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
