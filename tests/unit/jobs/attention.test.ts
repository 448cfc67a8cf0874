import { describe, expect, it } from 'vitest';
import { decodeJobCursor, encodeJobCursor, MAX_ERROR_LENGTH, safeErrorText, toAttentionJob, type AttentionRow } from '@/lib/jobs/attention';

const row = (r: Partial<AttentionRow> = {}): AttentionRow => ({
  id: '0b9e7b62-7a43-4c1e-9a55-0d6f1e2b3c4d',
  name: 'apply-order',
  data: { instanceId: 'inst-1', orderId: 'ORD-1', orderLineId: 'ORD-1-1', kind: 'UPGRADE' },
  state: 'retry',
  retry_count: 5,
  retry_limit: 8,
  start_after: new Date('2026-12-01T10:02:10Z'),
  started_on: new Date('2026-12-01T10:00:00Z'),
  created_on: new Date('2026-12-01T09:00:00Z'),
  completed_on: null,
  created_us: '1796115600000000',
  error: 'Query Order ORD-1: HTTP 500',
  instance_id: 'inst-1',
  order_id: 'ORD-1',
  order_line_id: 'ORD-1-1',
  rerun_of: null,
  first_failed_at: new Date('2026-12-01T09:00:01Z'),
  ...r,
});

describe('toAttentionJob', () => {
  it('a failing job: its attempt, maximum and next try', () => {
    expect(toAttentionJob(row())).toEqual({
      id: '0b9e7b62-7a43-4c1e-9a55-0d6f1e2b3c4d',
      queue: 'apply-order',
      kind: 'upgrade',
      instanceId: 'inst-1',
      orderId: 'ORD-1',
      orderLineId: 'ORD-1-1',
      state: 'failing',
      running: false,
      attempt: 6,
      maxAttempts: 9,
      nextTry: '2026-12-01T10:02:10.000Z',
      lastError: 'Query Order ORD-1: HTTP 500',
      firstFailedAt: '2026-12-01T09:00:01.000Z',
      lastAttemptAt: '2026-12-01T10:00:00.000Z',
      gaveUpAt: null,
      createdAt: '2026-12-01T09:00:00.000Z',
      rerunOf: null,
    });
  });

  it('a retry running now has no next try; a job that gave up has when it did', () => {
    expect(toAttentionJob(row({ state: 'active', retry_count: 6 }))).toMatchObject({ state: 'failing', running: true, attempt: 7, nextTry: null });
    const completed = new Date('2026-12-01T11:00:00Z');
    expect(toAttentionJob(row({ state: 'failed', retry_count: 8, completed_on: completed, first_failed_at: null }))).toMatchObject({
      state: 'gaveUp',
      running: false,
      attempt: 9,
      maxAttempts: 9,
      nextTry: null,
      gaveUpAt: completed.toISOString(),
      firstFailedAt: null,
    });
  });
});

describe('safeErrorText', () => {
  it('masks secrets in URLs and in name: value pairs, and bounds the length', () => {
    const e = safeErrorText('webhook instance.provision to https://hooks.example/p?token=abcdef123456&x=1 failed: HTTP 500 {"password":"hunter22","ok":false}');
    expect(e).not.toMatch(/abcdef123456|hunter22/);
    expect(e).toContain('https://hooks.example/p?token=');
    expect(e).toContain('&x=1 failed: HTTP 500');
    expect(e).toContain('"ok":false');
    const long = safeErrorText('x'.repeat(5000))!;
    expect(long).toHaveLength(MAX_ERROR_LENGTH);
    expect(long.endsWith('…')).toBe(true);
    expect(safeErrorText(null)).toBeNull();
    expect(safeErrorText('')).toBeNull();
  });
});

describe('job cursors', () => {
  it('round-trip, and anything else is not one', () => {
    const c = encodeJobCursor('1796115600123456', '0b9e7b62-7a43-4c1e-9a55-0d6f1e2b3c4d');
    expect(decodeJobCursor(c)).toEqual({ createdUs: '1796115600123456', id: '0b9e7b62-7a43-4c1e-9a55-0d6f1e2b3c4d' });
    expect(decodeJobCursor('xyz')).toBeUndefined();
    expect(decodeJobCursor(Buffer.from('["1", "not-a-uuid"]').toString('base64url'))).toBeUndefined();
    expect(decodeJobCursor(Buffer.from('["1; DROP", "0b9e7b62-7a43-4c1e-9a55-0d6f1e2b3c4d"]').toString('base64url'))).toBeUndefined();
  });
});
