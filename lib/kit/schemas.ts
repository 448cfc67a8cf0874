import { z } from 'zod';
import { specLength } from '../marketplace/schemas';
import { parseKitTime } from './time';
import type { KitInterface } from '../marketplace/names';

export { KIT_INTERFACES, isKitInterface, type KitInterface } from '../marketplace/names';

/**
 * Request bodies of the joint-operation (联营) kit interfaces V2, mirroring the spec's tables (§3.12): required
 * fields, maximum lengths (64 for ids where the table gives none), `flag` per interface. A failed parse names the
 * field (`userList[3].role …`). Unknown extra fields are ignored (the marketplace may add some).
 */

/**
 * The kit interface a stored call's URL names (`…/produceAPI/v2/{name}`, or `…/produceAPI/{name}` for V1, spec
 * §4.11), for re-invoking it; undefined for the basic interfaces.
 */
export function kitInterfaceOfUrl(url: string): { name: string; v1: boolean } | undefined {
  const m = /\/produceAPI\/(v2\/)?([^/?#]+)/.exec(url);
  return m ? { name: m[2]!, v1: !m[1] } : undefined;
}

/** authSync carries at most this many users (spec §3.12: User[] ≤ 500). */
export const MAX_USERS = 500;
/** allOrgSync: the spec gives no bound; a tenant of 20,000 departments is generous and keeps one call's work bounded. */
export const MAX_ORGS = 20_000;

const problemOf = (name: string, v: string, max: number) =>
  v.trim() === ''
    ? `${name} must not be ${v === '' ? 'empty' : 'only spaces'}`
    : v.includes('\u0000')
      ? `${name} must not contain the character U+0000`
      : specLength(v) > max
        ? `${name} is longer than ${max} characters`
        : undefined;

const stringError = (name: string) => (iss: { input: unknown }) => (iss.input === undefined ? `${name} is required` : `${name} must be a string`);

/** A mandatory string (M in the tables): present, not blank, within `max` characters. */
const text = (name: string, max = 64) =>
  z.string({ error: stringError(name) }).check((ctx) => {
    const problem = problemOf(name, ctx.value, max);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });

/** An optional string (O): absent, null or empty means "not given" (the marketplace sends "" for orderId in debug flows). */
const optionalText = (name: string, max = 64) =>
  z
    .string({ error: `${name} must be a string` })
    .nullish()
    .transform((v, ctx) => {
      if (v === null || v === undefined || v === '') return undefined;
      const problem = v.includes('\u0000') ? `${name} must not contain the character U+0000` : specLength(v) > max ? `${name} is longer than ${max} characters` : undefined;
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return v;
    });

/**
 * An Integer of the tables among `allowed`: a JSON number, or the same digits as a string (Java clients serialise
 * both ways; accepting "1" costs nothing and refuses nothing the marketplace means).
 */
const intEnum = <T extends number>(name: string, allowed: readonly T[]) =>
  z
    .union([z.number(), z.string()], { error: (iss) => (iss.input === undefined ? `${name} is required` : `${name} must be one of ${allowed.join(', ')}`) })
    .transform((v, ctx): T => {
      const n = typeof v === 'number' ? v : /^\d{1,2}$/.test(v) ? Number(v) : NaN;
      if (!(allowed as readonly number[]).includes(n)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be one of ${allowed.join(', ')}` });
        return z.NEVER;
      }
      return n as T;
    });

/** The same, optional (absent, null or "" means not given). */
const optionalIntEnum = <T extends number>(name: string, allowed: readonly T[]) =>
  z
    .union([z.literal(''), intEnum(name, allowed)], { error: `${name} must be one of ${allowed.join(', ')}` })
    .nullish()
    .transform((v) => (v === '' || v === null ? undefined : v));

/** spec §3.12: 0 production data, 1 debugging data (mandatory in every kit table). */
const testFlag = intEnum('testFlag', [0, 1] as const).transform((n) => n === 1);

/** spec §3.12: `yyyyMMddHHmmssSSS` in UTC+8, a real date; kept as the instant it names. */
const timeStamp = text('timeStamp', 20).transform((v, ctx) => {
  const d = parseKitTime(v);
  if (!d) {
    ctx.addIssue({ code: 'custom', message: 'timeStamp must be a UTC+8 time yyyyMMddHHmmssSSS (17 digits, a real date)' });
    return z.NEVER;
  }
  return d;
});

const common = { instanceId: text('instanceId'), tenantId: text('tenantId'), testFlag, timeStamp };

/** flag of tenantSync, applicationSync, singleOrgSync: 0 delete, 1 add, 2 modify. */
const FLAGS = [0, 1, 2] as const;
/** authSync adds 3, cancel authorisation (取消授权). */
const AUTH_FLAGS = [0, 1, 2, 3] as const;

export const tenantSyncSchema = z.object({
  ...common,
  orderId: optionalText('orderId'),
  tenantCode: text('tenantCode'),
  name: text('name', 255),
  domainName: optionalText('domainName', 255),
  flag: intEnum('flag', FLAGS),
});

export const applicationSyncSchema = z.object({
  ...common,
  appId: text('appId'),
  clientId: text('clientId', 255),
  // RSA-3072 OAEP ciphertext in Base64 is 512 characters; leave room for 4096-bit keys and line breaks
  clientSecret: text('clientSecret', 2048),
  flag: intEnum('flag', FLAGS),
});

const enable = z
  .union([z.boolean(), z.string()], { error: 'enable must be "true" or "false"' })
  .nullish()
  .transform((v, ctx) => {
    if (v === undefined || v === null || v === '') return true; // not given: an authorised user may sign in
    if (typeof v === 'boolean') return v;
    if (v !== 'true' && v !== 'false') {
      ctx.addIssue({ code: 'custom', message: 'enable must be "true" or "false"' });
      return z.NEVER;
    }
    return v === 'true';
  });

export const userSchema = z.object(
  {
    userName: text('userName', 255),
    name: optionalText('name', 255),
    orgCode: optionalText('orgCode'),
    position: optionalText('position', 255),
    employeeCode: optionalText('employeeCode'),
    employeeType: optionalIntEnum('employeeType', [1, 2, 3, 4] as const),
    role: z
      .string({ error: 'role must be "user" or "admin"' })
      .nullish()
      .transform((v, ctx) => {
        if (v === undefined || v === null || v === '') return undefined;
        if (v !== 'user' && v !== 'admin') {
          ctx.addIssue({ code: 'custom', message: 'role must be "user" or "admin"' });
          return z.NEVER;
        }
        return v;
      }),
    enable,
    mobile: optionalText('mobile', 32),
    email: optionalText('email', 255),
    workPlace: optionalText('workPlace', 255),
  },
  { error: 'must be an object' },
);
export type KitUser = z.infer<typeof userSchema>;

export const authSyncSchema = z.object({
  ...common,
  appId: text('appId'),
  userList: z
    .array(userSchema, { error: (iss) => (iss.input === undefined ? 'userList is required' : 'userList must be an array') })
    .min(1, { error: 'userList must list at least one user' })
    .max(MAX_USERS, { error: `userList lists more than ${MAX_USERS} users` }),
  // the spec gives no format ("sync batch time"): kept as text
  currentSyncTime: text('currentSyncTime', 32),
  flag: intEnum('flag', AUTH_FLAGS),
});

export const singleOrgSyncSchema = z.object({
  ...common,
  orgCode: text('orgCode'),
  orgName: text('orgName', 255),
  // the root has none
  parentCode: optionalText('parentCode'),
  flag: intEnum('flag', FLAGS),
});

const orgInfo = z.object(
  { orgCode: text('orgCode'), orgName: text('orgName', 255), parentCode: optionalText('parentCode') },
  { error: 'must be an object' },
);
export type KitOrgInfo = z.infer<typeof orgInfo>;

export const allOrgSyncSchema = z.object({
  ...common,
  orgInfoList: z
    .array(orgInfo, { error: (iss) => (iss.input === undefined ? 'orgInfoList is required' : 'orgInfoList must be an array') })
    .max(MAX_ORGS, { error: `orgInfoList lists more than ${MAX_ORGS} organisations` }),
});

const kitSchemas = {
  tenantSync: tenantSyncSchema,
  applicationSync: applicationSyncSchema,
  authSync: authSyncSchema,
  singleOrgSync: singleOrgSyncSchema,
  allOrgSync: allOrgSyncSchema,
} as const;

export type KitRequest = { [K in KitInterface]: { name: K; body: z.infer<(typeof kitSchemas)[K]> } }[KitInterface];
export type KitParse = { ok: true; request: KitRequest } | { ok: false; message: string };

/** Where an issue is, in the body's words: `userList[3]`, `orgInfoList[12]` (empty for a top-level field). */
function where(path: readonly PropertyKey[]): string {
  const parts = path.slice(0, -1);
  let out = '';
  for (const p of parts) out += typeof p === 'number' ? `[${p}]` : (out ? '.' : '') + String(p);
  // an issue on an element itself (not one of its fields) names the element
  if (typeof path[path.length - 1] === 'number') out += `[${String(path[path.length - 1])}]`;
  return out;
}

/**
 * The V1 kit's body (spec §4.11) in the V2 kit's words: allOrgSync's list is `orgInfo` there (orgInfoList is read too),
 * and a list sent as a JSON string (as it is signed) is read as the list it spells. The body is within the kit's
 * bounds already (lib/marketplace/produce.ts), so is a list inside it.
 */
function fromV1(name: KitInterface, body: Record<string, unknown>): Record<string, unknown> {
  const out = { ...body };
  if (name === 'allOrgSync' && out.orgInfoList === undefined && out.orgInfo !== undefined) out.orgInfoList = out.orgInfo;
  for (const list of ['userList', 'orgInfoList'] as const) {
    const v = out[list];
    if (typeof v !== 'string' || !v.trimStart().startsWith('[')) continue;
    try {
      out[list] = JSON.parse(v);
    } catch {
      // left as the string: the schema says the list must be an array
    }
  }
  return out;
}

export function parseKitRequest(name: KitInterface, input: Record<string, unknown>, opts: { v1?: boolean } = {}): KitParse {
  const body = opts.v1 ? fromV1(name, input) : input;
  const parsed = kitSchemas[name].safeParse(body);
  if (parsed.success) return { ok: true, request: { name, body: parsed.data } as KitRequest };
  const issue = parsed.error.issues[0]!;
  const at = where(issue.path);
  return { ok: false, message: at ? `${at}: ${issue.message}` : issue.message };
}
