import { z } from 'zod';
import type { Vars } from '../i18n/core';
import { fieldRefusal, isRefusal, type Refusal, type RefusalKey } from '../refusal';

/**
 * What the console may send about licences, checked before anything is written. Every refusal names the field.
 * Pure: `now` is a parameter. A failure is a Refusal naming its field, its message a key of the licences catalogue.
 */
export const NOTE_MAX = 1000;
/** An uploaded licence file may be this big (the marketplace's own upload takes files; 1 MiB is plenty for a licence). */
export const LICENCE_FILE_MAX_BYTES = 1024 * 1024;
export const FILE_NAME_MAX = 255;
/** How far ahead a service start time may lie: a day covers time zones and a delivery confirmed the evening before. */
export const START_TIME_MAX_AHEAD_MS = 24 * 60 * 60 * 1000;
const EARLIEST = Date.parse('2000-01-01T00:00:00Z');

export type Checked<T> = { ok: true; value: T } | Refusal;

type LicenceErrorKey = Extract<RefusalKey, `licences.err.${string}`> extends `licences.${infer K}` ? K : never;

function fail(field: string, key: LicenceErrorKey, vars?: Vars): Refusal {
  return fieldRefusal(field, `licences.${key}`, vars);
}

/** True for a failed check. */
export const failed = <T>(c: Checked<T>): c is Refusal => isRefusal(c);

/** Marketplace product ids (e.g. OFFI000000000000000001): letters, digits and . _ : -, at most 64 (spec §3.11). */
const PRODUCT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export function checkProductId(v: unknown): Checked<string> {
  if (typeof v !== 'string' || !v.trim()) return fail('productId', 'err.productId.required');
  const id = v.trim();
  if (id.length > 64) return fail('productId', 'err.productId.long', { max: 64 });
  if (!PRODUCT_ID.test(id)) return fail('productId', 'err.productId.chars');
  return { ok: true, value: id };
}

/**
 * How a product's licences reach the buyer (licence_product.generation): spec §9.4 by hand, §9.1 codes, §9.2 online,
 * §4.12 V1 (getLicense answers the licence inline; set by the first getLicense, not in the console).
 */
export const LICENCE_GENERATIONS = ['manual', 'licence_code', 'online', 'v1'] as const;
export type LicenceGeneration = (typeof LICENCE_GENERATIONS)[number];

/** A product's licence settings as the console may send them; each optional (absent: unchanged, or the default). */
export function checkProductSettings(body: { generation?: unknown; deviceFingerprintRequired?: unknown }): Checked<{ generation: LicenceGeneration | null; deviceFingerprintRequired: boolean | null }> {
  const g = body.generation;
  if (g !== undefined && g !== null && !(LICENCE_GENERATIONS as readonly unknown[]).includes(g)) return fail('generation', 'err.generation');
  const f = body.deviceFingerprintRequired;
  if (f !== undefined && f !== null && typeof f !== 'boolean') return fail('deviceFingerprintRequired', 'err.fingerprintRequired');
  return { ok: true, value: { generation: (g as LicenceGeneration | undefined) ?? null, deviceFingerprintRequired: (f as boolean | undefined) ?? null } };
}

function checkNote(v: unknown, required: boolean): Checked<string | null> {
  if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) {
    return required ? fail('note', 'err.note.required') : { ok: true, value: null };
  }
  if (typeof v !== 'string') return fail('note', 'err.note.text');
  const note = v.trim();
  if (note.length > NOTE_MAX) return fail('note', 'err.note.long', { max: NOTE_MAX, n: note.length });
  return { ok: true, value: note };
}

const isoDateTime = z.iso.datetime({ offset: true });

function checkTime(field: string, v: unknown, now: Date, opts: { required: boolean; maxAheadMs: number; notBefore?: Date }): Checked<Date | null> {
  if (v === undefined || v === null || v === '') return opts.required ? fail(field, 'err.time.required', { field }) : { ok: true, value: null };
  if (typeof v !== 'string' || !isoDateTime.safeParse(v).success) {
    return fail(field, 'err.time.format', { field });
  }
  const t = Date.parse(v);
  if (t < EARLIEST) return fail(field, 'err.time.before2000', { field });
  if (t > now.getTime() + opts.maxAheadMs) {
    return fail(field, opts.maxAheadMs >= 24 * 3_600_000 ? 'err.time.dayAhead' : 'err.time.future', { field });
  }
  if (opts.notBefore && t < opts.notBefore.getTime()) return fail(field, 'err.time.beforeDelivery', { field, at: opts.notBefore.toISOString() });
  return { ok: true, value: new Date(t) };
}

export interface DeliverInput {
  serviceStartTime: Date;
  note: string | null;
}

/** Confirming delivery (spec §9.4 确认服务完成): the actual service start time, required, and an optional note. */
export function checkDeliverInput(body: Record<string, unknown>, now: Date = new Date()): Checked<DeliverInput> {
  const start = checkTime('serviceStartTime', body.serviceStartTime, now, { required: true, maxAheadMs: START_TIME_MAX_AHEAD_MS });
  if (failed(start)) return start;
  const note = checkNote(body.note, false);
  if (failed(note)) return note;
  return { ok: true, value: { serviceStartTime: start.value!, note: note.value } };
}

export interface DecisionInput {
  decision: 'accepted' | 'rejected';
  /** when the buyer decided (as the Seller Center shows it); now when not given */
  decidedAt: Date;
  note: string | null;
}

/** The buyer's decision (spec §9.4 确认验收 / 驳回): a rejection needs the reason; the time is not in the future. */
export function checkDecisionInput(body: Record<string, unknown>, deliveredAt: Date | null, now: Date = new Date()): Checked<DecisionInput> {
  if (body.decision !== 'accepted' && body.decision !== 'rejected') return fail('decision', 'err.decision');
  // a minute of leeway for clocks: "now" in the browser may be a little ahead of the server. The form gives whole
  // minutes, so a decision in the minute of the delivery is accepted, and dated no earlier than the delivery.
  const deliveredMinute = deliveredAt ? new Date(Math.floor(deliveredAt.getTime() / 60_000) * 60_000) : undefined;
  const at = checkTime('decidedAt', body.decidedAt, now, { required: false, maxAheadMs: 60_000, notBefore: deliveredMinute });
  if (failed(at)) return at;
  const note = checkNote(body.note, body.decision === 'rejected');
  if (failed(note)) return note;
  let decidedAt = at.value ?? now;
  if (deliveredAt && decidedAt < deliveredAt) decidedAt = deliveredAt;
  return { ok: true, value: { decision: body.decision, decidedAt, note: note.value } };
}

/** The name kept for an uploaded file: its last path segment, without control characters, at most 255 characters. */
export function checkFileName(v: unknown): Checked<string> {
  if (typeof v !== 'string') return fail('file', 'err.file.notFile');
  const base = (v.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  if (!base) return fail('file', 'err.file.noName');
  if (base.length > FILE_NAME_MAX) return fail('file', 'err.file.nameLong', { max: FILE_NAME_MAX });
  return { ok: true, value: base };
}

export function checkFileSize(size: number): Checked<number> {
  if (size === 0) return fail('file', 'err.file.empty');
  if (size > LICENCE_FILE_MAX_BYTES) {
    return fail('file', 'err.file.tooBig', { size: (size / 1024 / 1024).toFixed(1), max: LICENCE_FILE_MAX_BYTES / 1024 / 1024 });
  }
  return { ok: true, value: size };
}
