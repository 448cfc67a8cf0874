import { z } from 'zod';
import { ACTIVITY_NAMES, INSTANCE_STATUS_CHANGES, LICENCE_REFRESH_SCENES, REFRESH_SCENES, type ActivityName } from './names';
import { parseLicenceRequestTime, parseMarketplaceTime } from './time';

export { LICENCE_REFRESH_SCENES, REFRESH_SCENES };

/**
 * Request bodies of the V2 production interfaces, mirroring the spec's tables (§3.3-3.10, licence codes §9.1): required fields,
 * maximum lengths, enums. Unknown extra fields are ignored (the marketplace may add some).
 */

/**
 * The spec's lengths are in characters as the marketplace (Java) counts them: UTF-16 code units, `String.length()`,
 * which is JavaScript's `length` too (zod's own `max` counts code points, so an emoji would count once, not twice).
 * One rule for every field and every place that checks a length.
 */
export function specLength(value: string): number {
  return value.length;
}

const text = (name: string, max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `${name} is required` : `${name} must be a string`) })
    .check((ctx) => {
      const v = ctx.value;
      const problem =
        v.length === 0
          ? `${name} must not be empty`
          : v.trim() === ''
            ? `${name} must not be only spaces`
            : v.includes('\u0000')
              ? `${name} must not contain the character U+0000`
              : specLength(v) > max
                ? `${name} is longer than ${max} characters`
                : undefined;
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: v });
    });

/** spec §3.3: "1" debugging request; absent or "0" for real orders. Numbers are tolerated. */
const testFlag = z
  .union([z.string(), z.number()], { error: 'testFlag must be "0" or "1"' })
  .optional()
  .transform((v, ctx) => {
    if (v === undefined) return false;
    const s = String(v);
    if (s !== '0' && s !== '1') {
      ctx.addIssue({ code: 'custom', message: 'testFlag must be "0" or "1"' });
      return z.NEVER;
    }
    return s === '1';
  });

const expireTime = text('expireTime', 20).refine((v) => parseMarketplaceTime(v) !== undefined, {
  error: 'expireTime must be a UTC time yyyyMMddHHmmss or yyyyMMddHHmmssSSS',
});

export const newInstanceSchema = z.object({
  activity: z.literal('newInstance'),
  orderId: text('orderId', 64),
  orderLineId: text('orderLineId', 64),
  businessId: text('businessId', 64),
  testFlag,
});

/**
 * queryInstance's instanceId (spec §3.4, V1 §4.10): comma-separated, ≤ 100 ids of ≤ 64 characters, none empty; the
 * distinct ids. The table's length column says 100, but 100 ids of 64 characters cannot fit in that.
 */
const instanceIdList = text('instanceId', 100 * 65).transform((v, ctx) => {
  const ids = v.split(',').map((s) => s.trim());
  if (ids.some((id) => id === '')) ctx.addIssue({ code: 'custom', message: 'instanceId contains an empty id' });
  if (ids.length > 100) ctx.addIssue({ code: 'custom', message: 'instanceId lists more than 100 ids' });
  const long = ids.find((id) => specLength(id) > 64);
  if (long) ctx.addIssue({ code: 'custom', message: `instanceId "${long.slice(0, 20)}…" is longer than 64 characters` });
  return [...new Set(ids)];
});

export const queryInstanceSchema = z.object({
  activity: z.literal('queryInstance'),
  instanceId: instanceIdList,
  testFlag,
});


export const refreshInstanceSchema = z.object({
  activity: z.literal('refreshInstance'),
  scene: z.enum(REFRESH_SCENES, { error: (iss) => (iss.input === undefined ? 'scene is required' : `scene must be one of ${REFRESH_SCENES.join(', ')}`) }),
  orderId: text('orderId', 64),
  orderLineId: text('orderLineId', 64),
  instanceId: text('instanceId', 64),
  productId: text('productId', 64).optional(),
  expireTime,
  testFlag,
});

export const updateInstanceStatusSchema = z.object({
  activity: z.literal('updateInstanceStatus'),
  instanceId: text('instanceId', 64),
  status: z.enum(INSTANCE_STATUS_CHANGES, { error: (iss) => (iss.input === undefined ? 'status is required' : 'status must be FREEZE or UNFREEZE') }),
  testFlag,
});

export const releaseInstanceSchema = z.object({
  activity: z.literal('releaseInstance'),
  instanceId: text('instanceId', 64),
  orderId: text('orderId', 64).optional(),
  orderLineId: text('orderLineId', 64).optional(),
  testFlag,
});

export const upgradeInstanceSchema = z.object({
  activity: z.literal('upgradeInstance'),
  instanceId: text('instanceId', 64),
  orderId: text('orderId', 64),
  orderLineId: text('orderLineId', 64),
  testFlag,
});

export const changeInstanceCheckSchema = z.object({
  activity: z.literal('changeInstanceCheck'),
  instanceId: text('instanceId', 64),
  productInfo: z.object(
    {
      productId: text('productInfo.productId', 64),
      skuCode: text('productInfo.skuCode', 64),
      linearValue: z
        .number({ error: 'productInfo.linearValue must be an integer' })
        .int({ error: 'productInfo.linearValue must be an integer' })
        .optional(),
      productName: text('productInfo.productName', 64),
    },
    { error: (iss) => (iss.input === undefined ? 'productInfo is required' : 'productInfo must be an object') },
  ),
  testFlag,
});

export const orderNotifySchema = z.object({
  activity: z.literal('orderNotify'),
  orderId: text('orderId', 64),
  orderLineId: text('orderLineId', 64),
  testFlag,
});

/**
 * A licence code (spec §9.1 `license`). The licence pages give no length; 256 is our bound [inferred], wide enough for
 * any code the marketplace shows a buyer to type in (licence_code.code is VARCHAR(256)).
 */
export const LICENCE_CODE_MAX = 256;

export const refreshLicenseCodeSchema = z.object({
  activity: z.literal('refreshLicenseCode'),
  scene: z.enum(LICENCE_REFRESH_SCENES, {
    error: (iss) => (iss.input === undefined ? 'scene is required' : `scene must be one of ${LICENCE_REFRESH_SCENES.join(', ')}`),
  }),
  orderId: text('orderId', 64),
  orderLineId: text('orderLineId', 64),
  license: text('license', LICENCE_CODE_MAX),
  // as refreshInstance's (spec §3.5): the new product when the period type changed
  productId: text('productId', 64).optional(),
  expireTime,
  testFlag,
});

export const updateLicenseCodeStatusSchema = z.object({
  activity: z.literal('updateLicenseCodeStatus'),
  license: text('license', LICENCE_CODE_MAX),
  status: z.enum(INSTANCE_STATUS_CHANGES, { error: (iss) => (iss.input === undefined ? 'status is required' : 'status must be FREEZE or UNFREEZE') }),
  testFlag,
});

export const releaseLicenseCodeSchema = z.object({
  activity: z.literal('releaseLicenseCode'),
  license: text('license', LICENCE_CODE_MAX),
  // as releaseInstance's (spec §3.7): the unsubscribe order, when the release is due to one
  orderId: text('orderId', 64).optional(),
  orderLineId: text('orderLineId', 64).optional(),
  testFlag,
});

/** spec §9.2 getLicenseAsync times: the documented `2023-10-27 10:30:15 z` or ISO 8601 (lib/marketplace/time.ts), as a Date. */
const licenceTime = (name: string) =>
  text(name, 32).transform((v, ctx) => {
    const d = parseLicenceRequestTime(v);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a UTC time like 2023-10-27 10:30:15 z or ISO 8601 (2023-10-27T10:30:15Z)` });
      return z.NEVER;
    }
    return d;
  });

/**
 * spec §9.2 getLicenseAsync (在线开通 License): a licence for the instance, from effectiveTime (to expireTime, which a
 * period licence needs: 000902, checked against the instance, not here), for the device whose fingerprint is given
 * (hardware serials, up to 1024 characters). eventId + deviceFingerprint identify one application (idempotency).
 */
export const getLicenseAsyncSchema = z
  .object({
    activity: z.literal('getLicenseAsync'),
    eventId: text('eventId', 64),
    instanceId: text('instanceId', 64),
    effectiveTime: licenceTime('effectiveTime'),
    expireTime: licenceTime('expireTime').optional(),
    deviceFingerprint: text('deviceFingerprint', 1024).optional(),
    testFlag,
  })
  .check((ctx) => {
    const { effectiveTime, expireTime } = ctx.value;
    if (expireTime && expireTime.getTime() <= effectiveTime.getTime()) {
      ctx.issues.push({ code: 'custom', message: 'expireTime must be later than effectiveTime', input: ctx.value });
    }
  });

export const activitySchemas = {
  newInstance: newInstanceSchema,
  queryInstance: queryInstanceSchema,
  refreshInstance: refreshInstanceSchema,
  updateInstanceStatus: updateInstanceStatusSchema,
  releaseInstance: releaseInstanceSchema,
  upgradeInstance: upgradeInstanceSchema,
  changeInstanceCheck: changeInstanceCheckSchema,
  orderNotify: orderNotifySchema,
  refreshLicenseCode: refreshLicenseCodeSchema,
  updateLicenseCodeStatus: updateLicenseCodeStatusSchema,
  releaseLicenseCode: releaseLicenseCodeSchema,
  getLicenseAsync: getLicenseAsyncSchema,
} as const satisfies Record<ActivityName, z.ZodType>;

export type Activity = keyof typeof activitySchemas;
export const ACTIVITIES: readonly Activity[] = ACTIVITY_NAMES;

export type NewInstanceRequest = z.output<typeof newInstanceSchema>;
export type QueryInstanceRequest = z.output<typeof queryInstanceSchema>;
export type RefreshInstanceRequest = z.output<typeof refreshInstanceSchema>;
export type UpdateInstanceStatusRequest = z.output<typeof updateInstanceStatusSchema>;
export type ReleaseInstanceRequest = z.output<typeof releaseInstanceSchema>;
export type UpgradeInstanceRequest = z.output<typeof upgradeInstanceSchema>;
export type ChangeInstanceCheckRequest = z.output<typeof changeInstanceCheckSchema>;
export type OrderNotifyRequest = z.output<typeof orderNotifySchema>;
export type RefreshLicenseCodeRequest = z.output<typeof refreshLicenseCodeSchema>;
export type UpdateLicenseCodeStatusRequest = z.output<typeof updateLicenseCodeStatusSchema>;
export type ReleaseLicenseCodeRequest = z.output<typeof releaseLicenseCodeSchema>;
export type GetLicenseAsyncRequest = z.output<typeof getLicenseAsyncSchema>;

export type ParsedRequest =
  | NewInstanceRequest
  | QueryInstanceRequest
  | RefreshInstanceRequest
  | UpdateInstanceStatusRequest
  | ReleaseInstanceRequest
  | UpgradeInstanceRequest
  | ChangeInstanceCheckRequest
  | OrderNotifyRequest
  | RefreshLicenseCodeRequest
  | UpdateLicenseCodeStatusRequest
  | ReleaseLicenseCodeRequest
  | GetLicenseAsyncRequest;

export type ParseOutcome = { ok: true; request: ParsedRequest } | { ok: false; message: string };

export function isActivity(value: unknown): value is Activity {
  return typeof value === 'string' && Object.hasOwn(activitySchemas, value);
}

/** Parses a JSON body already known to be an object. The message names the field at fault. */
export function parseActivityRequest(body: Record<string, unknown>): ParseOutcome {
  const activity = body.activity;
  if (activity === undefined) return { ok: false, message: 'activity is required' };
  if (typeof activity !== 'string') return { ok: false, message: 'activity must be a string' };
  if (!isActivity(activity)) {
    return { ok: false, message: `activity "${activity.slice(0, 40)}" is not supported (expected one of ${ACTIVITIES.join(', ')})` };
  }
  const parsed = activitySchemas[activity].safeParse(body);
  if (parsed.success) return { ok: true, request: parsed.data as ParsedRequest };
  const issue = parsed.error.issues[0]!;
  return { ok: false, message: issue.message };
}

/** The field rules above, for the V1 interfaces' schemas (lib/marketplace/v1/schemas.ts): one rule for both generations. */
export { text as specText, testFlag as testFlagSchema, expireTime as expireTimeSchema, instanceIdList as instanceIdListSchema };
