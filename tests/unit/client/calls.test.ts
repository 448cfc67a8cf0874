import { describe, expect, it } from 'vitest';
import type { CallSummary } from '../../../lib/calls/queries';
import { compareCalls, mergeCalls } from '../../../lib/client/hooks/calls';

const call = (id: string, createdAt: string, extra: Partial<CallSummary> = {}): CallSummary =>
  ({ id, createdAt, reinvocations: 0, reinvokedFrom: null, ...extra }) as CallSummary;

describe('the call list’s pages', () => {
  it('orders newest first by time, then by id as a number (9 before 10 is wrong)', () => {
    const t = '2026-12-01T10:00:00.000Z';
    const rows = [call('9', t), call('10', t), call('11', '2026-12-01T09:00:00.000Z'), call('8', '2026-12-01T11:00:00.000Z')];
    expect(rows.sort(compareCalls).map((c) => c.id)).toEqual(['8', '10', '9', '11']);
  });

  it('merges the live first page with older pages, each call once, the later copy winning', () => {
    const initial = [call('3', '2026-12-01T03:00:00.000Z'), call('2', '2026-12-01T02:00:00.000Z')];
    const older = [call('1', '2026-12-01T01:00:00.000Z')];
    // the refreshed first page: a new call, and call 2 re-invoked meanwhile
    const head = [call('4', '2026-12-01T04:00:00.000Z'), call('3', '2026-12-01T03:00:00.000Z'), call('2', '2026-12-01T02:00:00.000Z', { reinvocations: 1 })];
    const merged = mergeCalls(initial, older, head);
    expect(merged.map((c) => c.id)).toEqual(['4', '3', '2', '1']);
    expect(merged.find((c) => c.id === '2')!.reinvocations).toBe(1);
    expect(mergeCalls(undefined, undefined)).toEqual([]);
  });
});
