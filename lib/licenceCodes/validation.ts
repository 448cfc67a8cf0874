import { LICENCE_CODE_MAX } from '../marketplace/schemas';

/**
 * What the seller's software sends to POST /api/v1/licences/activate and /heartbeat, checked field by field. Pure.
 * Lengths: the licence code as the production interfaces take it (LICENCE_CODE_MAX), deviceFingerprint 1024 (spec §9.2),
 * realEffectTime 64 and heartbeatInfo 1024 (the pages give none) [inferred].
 */
export interface ActivateInput {
  license: string;
  realEffectTime?: string;
  deviceFingerprint?: string;
}
export interface HeartbeatInput {
  license: string;
  heartbeatInfo?: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

function field(body: Record<string, unknown>, name: string, max: number, required: boolean): Checked<string | undefined> {
  const v = body[name];
  if (v === undefined || v === null || (!required && v === '')) {
    return required ? { ok: false, field: name, message: `${name} is required` } : { ok: true, value: undefined };
  }
  if (typeof v !== 'string') return { ok: false, field: name, message: `${name} must be a string` };
  if (v.trim() === '') return { ok: false, field: name, message: `${name} must not be empty` };
  if (v.includes('\u0000')) return { ok: false, field: name, message: `${name} must not contain the character U+0000` };
  if (v.length > max) return { ok: false, field: name, message: `${name} is longer than ${max} characters` };
  return { ok: true, value: v };
}

function object(text: string): Checked<Record<string, unknown>> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, field: 'body', message: 'the body is not JSON' };
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, field: 'body', message: 'the body must be a JSON object' };
  return { ok: true, value: v as Record<string, unknown> };
}

export function checkActivateInput(text: string): Checked<ActivateInput> {
  const o = object(text);
  if (!o.ok) return o;
  const license = field(o.value, 'license', LICENCE_CODE_MAX, true);
  if (!license.ok) return license;
  const realEffectTime = field(o.value, 'realEffectTime', 64, false);
  if (!realEffectTime.ok) return realEffectTime;
  const deviceFingerprint = field(o.value, 'deviceFingerprint', 1024, false);
  if (!deviceFingerprint.ok) return deviceFingerprint;
  return {
    ok: true,
    value: {
      license: license.value!.trim(),
      ...(realEffectTime.value ? { realEffectTime: realEffectTime.value } : {}),
      ...(deviceFingerprint.value ? { deviceFingerprint: deviceFingerprint.value } : {}),
    },
  };
}

export function checkHeartbeatInput(text: string): Checked<HeartbeatInput> {
  const o = object(text);
  if (!o.ok) return o;
  const license = field(o.value, 'license', LICENCE_CODE_MAX, true);
  if (!license.ok) return license;
  const heartbeatInfo = field(o.value, 'heartbeatInfo', 1024, false);
  if (!heartbeatInfo.ok) return heartbeatInfo;
  return { ok: true, value: { license: license.value!.trim(), ...(heartbeatInfo.value ? { heartbeatInfo: heartbeatInfo.value } : {}) } };
}
