import { describe, expect, it } from 'vitest';
import { checkDecisionInput, checkDeliverInput, checkFileName, checkFileSize, checkProductId, LICENCE_FILE_MAX_BYTES, NOTE_MAX } from '@/lib/licences/validation';

const now = new Date('2026-11-25T12:00:00Z');

describe('licence input validation', () => {
  it('product ids', () => {
    expect(checkProductId(' OFFI000000000000000001 ')).toEqual({ ok: true, value: 'OFFI000000000000000001' });
    for (const bad of [undefined, '', '   ', 42, 'a b', 'x'.repeat(65), 'OFFI;DROP', '-lead']) {
      expect(checkProductId(bad)).toMatchObject({ kind: 'invalid', fields: { productId: expect.any(Object) } });
    }
  });

  it('delivery: the service start time is required, ISO 8601 with a zone, not more than a day ahead; the note is limited', () => {
    expect(checkDeliverInput({ serviceStartTime: '2026-11-25T09:30:00Z', note: ' done ' }, now)).toEqual({
      ok: true,
      value: { serviceStartTime: new Date('2026-11-25T09:30:00Z'), note: 'done' },
    });
    expect(checkDeliverInput({ serviceStartTime: '2026-11-26T11:00:00+08:00' }, now)).toMatchObject({ ok: true, value: { note: null } });
    expect(checkDeliverInput({}, now)).toMatchObject({ kind: 'invalid', fields: { serviceStartTime: expect.any(Object) }, message: 'serviceStartTime is required.' });
    expect(checkDeliverInput({ serviceStartTime: '2026-11-25 09:30' }, now)).toMatchObject({ kind: 'invalid', fields: { serviceStartTime: expect.any(Object) } });
    expect(checkDeliverInput({ serviceStartTime: '2026-02-30T00:00:00Z' }, now)).toMatchObject({ kind: 'invalid', fields: { serviceStartTime: expect.any(Object) } });
    expect(checkDeliverInput({ serviceStartTime: '2026-11-27T12:00:01Z' }, now)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/more than a day in the future/) });
    expect(checkDeliverInput({ serviceStartTime: '1999-12-31T23:59:59Z' }, now)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/before the year 2000/) });
    expect(checkDeliverInput({ serviceStartTime: '2026-11-25T09:30:00Z', note: 'x'.repeat(NOTE_MAX + 1) }, now)).toMatchObject({ kind: 'invalid', fields: { note: expect.any(Object) } });
    expect(checkDeliverInput({ serviceStartTime: '2026-11-25T09:30:00Z', note: 5 }, now)).toMatchObject({ kind: 'invalid', fields: { note: expect.any(Object) } });
  });

  it('decision: accepted or rejected; a rejection needs a reason; not in the future nor before the delivery', () => {
    const delivered = new Date('2026-11-25T10:00:00Z');
    expect(checkDecisionInput({ decision: 'accepted' }, delivered, now)).toEqual({ ok: true, value: { decision: 'accepted', decidedAt: now, note: null } });
    expect(checkDecisionInput({ decision: 'rejected', note: 'wrong SKU', decidedAt: '2026-11-25T11:00:00Z' }, delivered, now)).toEqual({
      ok: true,
      value: { decision: 'rejected', decidedAt: new Date('2026-11-25T11:00:00Z'), note: 'wrong SKU' },
    });
    expect(checkDecisionInput({ decision: 'maybe' }, delivered, now)).toMatchObject({ kind: 'invalid', fields: { decision: expect.any(Object) } });
    expect(checkDecisionInput({ decision: 'rejected' }, delivered, now)).toMatchObject({ kind: 'invalid', fields: { note: expect.any(Object) } });
    expect(checkDecisionInput({ decision: 'accepted', decidedAt: '2026-11-25T13:00:00Z' }, delivered, now)).toMatchObject({ kind: 'invalid', fields: { decidedAt: expect.any(Object) } });
    expect(checkDecisionInput({ decision: 'accepted', decidedAt: '2026-11-25T09:00:00Z' }, delivered, now)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/before the licence was delivered/) });
    // the form has whole minutes: a decision entered for the minute of the delivery is taken, dated at the delivery
    const at = new Date('2026-11-25T10:00:37.412Z');
    expect(checkDecisionInput({ decision: 'accepted', decidedAt: '2026-11-25T10:00:00Z' }, at, now)).toEqual({ ok: true, value: { decision: 'accepted', decidedAt: at, note: null } });
    expect(checkDecisionInput({ decision: 'accepted', decidedAt: '2026-11-25T09:59:00Z' }, at, now)).toMatchObject({ kind: 'invalid', fields: { decidedAt: expect.any(Object) } });
    expect(checkDecisionInput({ decision: 'accepted', decidedAt: '2026-11-25T12:05:00Z' }, delivered, now)).toMatchObject({ kind: 'invalid', message: 'decidedAt is in the future.' });
  });

  it('uploaded files: a name without path, not empty, at most 1 MiB', () => {
    expect(checkFileName('C:\\Users\\a\\licence.lic')).toEqual({ ok: true, value: 'licence.lic' });
    expect(checkFileName('../../etc/x"y.lic')).toEqual({ ok: true, value: 'xy.lic' });
    expect(checkFileName('dir/')).toMatchObject({ kind: 'invalid', fields: { file: expect.any(Object) } });
    expect(checkFileName(undefined)).toMatchObject({ kind: 'invalid', fields: { file: expect.any(Object) } });
    expect(checkFileSize(1)).toEqual({ ok: true, value: 1 });
    expect(checkFileSize(LICENCE_FILE_MAX_BYTES)).toMatchObject({ ok: true });
    expect(checkFileSize(0)).toMatchObject({ kind: 'invalid', message: 'The file is empty.' });
    expect(checkFileSize(LICENCE_FILE_MAX_BYTES + 1)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/at most 1 MiB/) });
  });
});

describe('delivery queue filters', () => {
  it('keeps a known status and a sane page; anything else is dropped or capped, never an SQL error', async () => {
    const { parseDeliveryFilters } = await import('../../../lib/licences/queries');
    expect(parseDeliveryFilters(new URLSearchParams('status=awaiting&page=3'))).toEqual({ status: 'awaiting', page: 3 });
    expect(parseDeliveryFilters({ status: 'lost', page: '1.5' })).toEqual({ status: undefined, page: undefined });
    expect(parseDeliveryFilters({ page: '1e300' })).toEqual({ status: undefined, page: 1_000_000 });
    expect(parseDeliveryFilters({ page: '-2' })).toEqual({ status: undefined, page: undefined });
  });
});
