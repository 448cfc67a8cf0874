import { describe, expect, it } from 'vitest';
import { parseAuditQuery } from '../../../lib/audit/queries';

describe('parseAuditQuery', () => {
  it('reads the filters and the page from search params, empty values as absent', () => {
    const parsed = parseAuditQuery(new URLSearchParams('actor=+bob@example.com+&action=instance.freeze&outcome=denied&from=&before=42'));
    expect(parsed).toEqual({ ok: true, filters: { actor: 'bob@example.com', action: 'instance.freeze', outcome: 'denied' }, before: 42n });
    expect(parseAuditQuery({ outcome: ['failure', 'success'] })).toEqual({ ok: true, filters: { outcome: 'failure' }, before: undefined });
  });

  it('names every value it cannot use instead of throwing', () => {
    expect(parseAuditQuery({ outcome: 'ok', from: 'yesterday', to: '2026-13-01T00:00:00Z', action: "x'; DROP TABLE audit_log", before: '-1', actor: 'a'.repeat(256) })).toEqual({
      ok: false,
      problems: [
        { field: 'actor', value: 'a'.repeat(256) },
        { field: 'action', value: "x'; DROP TABLE audit_log" },
        { field: 'outcome', value: 'ok' },
        { field: 'from', value: 'yesterday' },
        { field: 'to', value: '2026-13-01T00:00:00Z' },
        { field: 'before', value: '-1' },
      ],
    });
    expect(parseAuditQuery({ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' })).toEqual({ ok: false, problems: [{ field: 'range', value: '' }] });
    expect(parseAuditQuery({ before: '99999999999999999999' })).toEqual({ ok: false, problems: [{ field: 'before', value: '99999999999999999999' }] });
  });
});
