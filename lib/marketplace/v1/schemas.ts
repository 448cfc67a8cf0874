import { z } from 'zod';
import { expireTimeSchema, instanceIdListSchema, specText, testFlagSchema } from '../schemas';

/**
 * The V1 interfaces' parameters (spec §4.1, §4.4-4.10), mirroring the spec's tables: required fields, maximum
 * lengths, enums, formats. Every value arrives as a query-string text; unknown parameters are ignored here (they are
 * signed all the same, spec §4.2). A failed parse becomes 000002 naming the field.
 */

const text = specText;
const optionalText = (name: string, max: number) => text(name, max).optional();

/** digits only, at most `digits` of them (spec's Integer fields with their length column) */
const integer = (name: string, digits: number) =>
  z.string().regex(new RegExp(`^\\d{1,${digits}}$`), { error: `${name} must be a whole number of at most ${digits} digits` }).transform(Number).optional();

/** spec §4.4 orderAmount: BigDecimal, at most 3 decimals (a renewal refund may be negative, §4.5) */
const amount = (name: string, negative: boolean) =>
  z
    .string()
    .regex(negative ? /^-?\d{1,15}(\.\d{1,3})?$/ : /^\d{1,15}(\.\d{1,3})?$/, { error: `${name} must be a ${negative ? '' : 'non-negative '}number with at most 3 decimals` })
    .transform(Number)
    .optional();

const flag = (name: string) => z.enum(['0', '1'], { error: `${name} must be "0" or "1"` }).optional();

/** spec §4.4 chargingMode: 0 pay-per-use, 1 period, 3 one-time, 5 pay-per-use package */
export const V1_CHARGING_MODES = { '0': 'ON_DEMAND', '1': 'PERIOD', '3': 'ONE_TIME', '5': 'ON_DEMAND_PKG' } as const;

/** spec §4.4 saasExtendParams: Base64 of a JSON array [{"name", "value"}] (URL-decoded already) */
const saasExtendParams = text('saasExtendParams', 2048)
  .transform((v, ctx) => {
    const problem = 'saasExtendParams must be Base64 of a JSON array of {"name", "value"}';
    if (!/^[A-Za-z0-9+/\s]*={0,2}$/.test(v)) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    try {
      const parsed = JSON.parse(Buffer.from(v, 'base64').toString('utf8')) as unknown;
      if (!Array.isArray(parsed) || parsed.length > 100) throw new Error();
      return parsed.map((p: unknown) => {
        const o = p as { name?: unknown; value?: unknown };
        if (!o || typeof o !== 'object' || typeof o.name !== 'string') throw new Error();
        return { name: o.name.slice(0, 255), value: o.value === undefined || o.value === null ? '' : String(o.value).slice(0, 2048) };
      });
    } catch {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
  })
  .optional();

const common = { testFlag: testFlagSchema };

/** spec §4.4 */
export const v1NewInstanceSchema = z.object({
  activity: z.literal('newInstance'),
  customerId: text('customerId', 100),
  customerName: optionalText('customerName', 64),
  userId: optionalText('userId', 64),
  userName: optionalText('userName', 64),
  // encrypted (spec §5): 16-character IV + Base64; no length is documented
  mobilePhone: optionalText('mobilePhone', 1024),
  email: optionalText('email', 1024),
  businessId: text('businessId', 64),
  orderId: text('orderId', 64),
  skuCode: text('skuCode', 64),
  productId: text('productId', 64),
  trialFlag: flag('trialFlag'),
  expireTime: expireTimeSchema.optional(),
  chargingMode: z.enum(['0', '1', '3', '5'], { error: 'chargingMode must be 0, 1, 3 or 5' }).optional(),
  periodType: optionalText('periodType', 10),
  periodNumber: integer('periodNumber', 2),
  orderAmount: amount('orderAmount', false),
  amount: integer('amount', 7),
  diskSize: integer('diskSize', 7),
  bandWidth: integer('bandWidth', 7),
  saasExtendParams,
  provisionType: optionalText('provisionType', 64),
  ...common,
});

/** spec §4.5 */
export const v1RefreshInstanceSchema = z.object({
  activity: z.literal('refreshInstance'),
  orderId: text('orderId', 64),
  instanceId: text('instanceId', 64),
  productId: optionalText('productId', 64),
  expireTime: expireTimeSchema,
  trialToFormal: flag('trialToFormal'),
  periodType: optionalText('periodType', 10),
  periodNumber: integer('periodNumber', 2),
  orderAmount: amount('orderAmount', true),
  ...common,
});

/** spec §4.6 */
export const v1ExpireInstanceSchema = z.object({
  activity: z.literal('expireInstance'),
  instanceId: text('instanceId', 64),
  orderId: optionalText('orderId', 64),
  ...common,
});

/** spec §4.7 */
export const v1ReleaseInstanceSchema = z.object({
  activity: z.literal('releaseInstance'),
  instanceId: text('instanceId', 64),
  orderId: text('orderId', 64),
  orderAmount: amount('orderAmount', true),
  ...common,
});

/** spec §4.8 */
export const v1UpgradeSchema = z.object({
  activity: z.literal('upgrade'),
  instanceId: text('instanceId', 64),
  orderId: text('orderId', 64),
  skuCode: text('skuCode', 64),
  productId: text('productId', 64),
  amount: integer('amount', 7),
  diskSize: integer('diskSize', 7),
  bandWidth: integer('bandWidth', 7),
  saasExtendParams,
  ...common,
});

/** spec §4.9: FREEZE (冻结) / NORMAL (解冻) */
export const v1InstanceStatusSchema = z.object({
  activity: z.literal('instanceStatus'),
  instanceId: text('instanceId', 64),
  instanceStatus: z.enum(['FREEZE', 'NORMAL'], { error: (iss) => (iss.input === undefined ? 'instanceStatus is required' : 'instanceStatus must be FREEZE or NORMAL') }),
  ...common,
});

/** spec §4.10: a comma list of at most 100 ids */
export const v1QueryInstanceSchema = z.object({
  activity: z.literal('queryInstance'),
  instanceId: instanceIdListSchema,
  ...common,
});

/**
 * spec §4.12 licence V1. getLicense carries newInstance's order (skuCode optional there, no contact details are
 * documented but they are read the same when sent); refreshLicense, expireLicense and releaseLicense take their
 * instance twins' fields.
 */
export const v1GetLicenseSchema = v1NewInstanceSchema.extend({ activity: z.literal('getLicense'), skuCode: optionalText('skuCode', 64) });
export const v1RefreshLicenseSchema = v1RefreshInstanceSchema.extend({ activity: z.literal('refreshLicense') });
export const v1ExpireLicenseSchema = v1ExpireInstanceSchema.extend({ activity: z.literal('expireLicense') });
export const v1ReleaseLicenseSchema = v1ReleaseInstanceSchema.extend({ activity: z.literal('releaseLicense') });

export const v1ActivitySchemas = {
  newInstance: v1NewInstanceSchema,
  refreshInstance: v1RefreshInstanceSchema,
  expireInstance: v1ExpireInstanceSchema,
  releaseInstance: v1ReleaseInstanceSchema,
  upgrade: v1UpgradeSchema,
  instanceStatus: v1InstanceStatusSchema,
  queryInstance: v1QueryInstanceSchema,
  getLicense: v1GetLicenseSchema,
  refreshLicense: v1RefreshLicenseSchema,
  expireLicense: v1ExpireLicenseSchema,
  releaseLicense: v1ReleaseLicenseSchema,
} as const;

export type V1Activity = keyof typeof v1ActivitySchemas;
export const V1_ACTIVITIES = Object.keys(v1ActivitySchemas) as V1Activity[];

export type V1NewInstanceRequest = z.output<typeof v1NewInstanceSchema>;
export type V1RefreshInstanceRequest = z.output<typeof v1RefreshInstanceSchema>;
export type V1ExpireInstanceRequest = z.output<typeof v1ExpireInstanceSchema>;
export type V1ReleaseInstanceRequest = z.output<typeof v1ReleaseInstanceSchema>;
export type V1UpgradeRequest = z.output<typeof v1UpgradeSchema>;
export type V1InstanceStatusRequest = z.output<typeof v1InstanceStatusSchema>;
export type V1QueryInstanceRequest = z.output<typeof v1QueryInstanceSchema>;
export type V1GetLicenseRequest = z.output<typeof v1GetLicenseSchema>;
export type V1Request = { [A in V1Activity]: z.output<(typeof v1ActivitySchemas)[A]> }[V1Activity];

export function isV1Activity(value: unknown): value is V1Activity {
  return typeof value === 'string' && Object.hasOwn(v1ActivitySchemas, value);
}

/** spec §4.1 activity: at most 20 characters (32 in the instanceStatus table) */
export type V1ParseOutcome = { ok: true; request: V1Request } | { ok: false; message: string };

export function parseV1Request(params: Record<string, string>): V1ParseOutcome {
  const activity = params.activity;
  if (activity === undefined || activity === '') return { ok: false, message: 'activity is required' };
  if (!isV1Activity(activity)) {
    return { ok: false, message: `activity "${activity.slice(0, 40)}" is not supported (expected one of ${V1_ACTIVITIES.join(', ')})` };
  }
  const nul = Object.entries(params).find(([, v]) => v.includes('\u0000'));
  if (nul) return { ok: false, message: `${nul[0].slice(0, 40)} must not contain the character U+0000` };
  // an empty value (`userId=`) is an absent field: a query string cannot say null, and refusing an order for an empty
  // optional field would have it refunded. It was signed all the same (spec §4.2).
  const present = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== ''));
  const parsed = v1ActivitySchemas[activity].safeParse(present);
  if (parsed.success) return { ok: true, request: parsed.data as V1Request };
  const issue = parsed.error.issues[0]!;
  return { ok: false, message: issue.message };
}
