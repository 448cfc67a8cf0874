import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, type AuditEntry } from '../../../lib/audit/actions';
import { listAudit, listAuditActors, parseAuditQuery, type AuditFilters } from '../../../lib/audit/queries';
import type { Runtime } from '../../../lib/runtime';
import { startTestRuntime } from '../helpers/runtime';

/** Reading the audit log against a real PostgreSQL: every filter, the time range's bounds, keyset pages. */
describe('listAudit', () => {
  let rt: Runtime;
  const alice = { id: '00000000-0000-4000-8000-00000000000a', email: 'Alice@Example.com' };
  const bob = { id: '00000000-0000-4000-8000-00000000000b', email: 'bob@example.com' };
  // written oldest first, one minute apart from 10:00 UTC
  const entries: (AuditEntry & { at: string })[] = [
    { user: alice, action: 'instance.freeze', target: 'i-1', outcome: 'success', detail: { from: 'active', to: 'frozen' }, at: '2026-12-01T10:00:00Z' },
    { user: bob, action: 'instance.freeze', target: 'i-2', outcome: 'denied', detail: { role: 'viewer', needed: 'admin' }, at: '2026-12-01T10:01:00Z' },
    { user: alice, action: 'call.reinvoke', target: 'call 5', outcome: 'failure', detail: { reason: 'no' }, at: '2026-12-01T10:02:00Z' },
    { actor: 'cli', action: 'user.resetPassword', target: 'bob@example.com', outcome: 'success', at: '2026-12-01T10:03:00Z' },
    { user: bob, action: 'instance.unfreeze', target: 'i-1', outcome: 'success', at: '2026-12-01T10:04:00Z' },
    { user: alice, action: 'instance.freeze', target: 'i-3', outcome: 'success', at: '2026-12-01T10:05:00Z' },
    { action: 'instance.release', target: 'i-4', outcome: 'success', at: '2026-12-01T10:06:00Z' },
  ];
  const targets = async (filters: AuditFilters, limit = 50) => (await listAudit(rt.prisma, filters, { limit })).entries.map((e) => e.target);

  beforeAll(async () => {
    rt = await startTestRuntime({}, { workers: false });
    for (const { at, ...e } of entries) {
      await audit(rt.pool, e);
      await rt.pool.query(`UPDATE audit_log SET at = $1 WHERE id = (SELECT max(id) FROM audit_log)`, [at]);
    }
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('lists every entry newest first, with what was written', async () => {
    const page = await listAudit(rt.prisma);
    expect(page.entries.map((e) => e.target)).toEqual(['i-4', 'i-3', 'i-1', 'bob@example.com', 'call 5', 'i-2', 'i-1']);
    expect(page.nextBefore).toBeNull();
    const first = page.entries.at(-1)!;
    expect(first).toMatchObject({ userEmail: 'Alice@Example.com', action: 'instance.freeze', outcome: 'success', detail: { from: 'active', to: 'frozen' } });
    expect(first.at.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(first.id).toMatch(/^\d+$/);
    expect(page.entries[0]!.userEmail).toBeNull();
  });

  it('filters by actor, whole and case-insensitively, with no wildcards', async () => {
    expect(await targets({ actor: 'alice@example.COM' })).toEqual(['i-3', 'call 5', 'i-1']);
    expect(await targets({ actor: 'cli' })).toEqual(['bob@example.com']);
    expect(await targets({ actor: 'alice' })).toEqual([]);
    expect(await targets({ actor: 'a_ice@example.com' })).toEqual([]);
    expect(await targets({ actor: '%' })).toEqual([]);
    // an address with the wildcards in it still matches itself, and only itself
    await audit(rt.pool, { actor: 'first_last%1\\x@example.com', action: 'user.update', target: 'x', outcome: 'success' });
    try {
      expect(await targets({ actor: 'FIRST_LAST%1\\x@example.com' })).toEqual(['x']);
      expect(await targets({ actor: 'first_last%x@example.com' })).toEqual([]);
    } finally {
      await rt.pool.query(`DELETE FROM audit_log WHERE target = 'x'`);
    }
  });

  it('filters by action, outcome and both', async () => {
    expect(await targets({ action: 'instance.freeze' })).toEqual(['i-3', 'i-2', 'i-1']);
    expect(await targets({ outcome: 'success' })).toEqual(['i-4', 'i-3', 'i-1', 'bob@example.com', 'i-1']);
    expect(await targets({ outcome: 'denied' })).toEqual(['i-2']);
    expect(await targets({ action: 'instance.freeze', outcome: 'success', actor: 'ALICE@example.com' })).toEqual(['i-3', 'i-1']);
    expect(await targets({ action: 'job.retry' })).toEqual([]);
  });

  it('filters by time: from inclusive, until exclusive', async () => {
    const q = (from?: string, to?: string) => {
      const parsed = parseAuditQuery({ from, to });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      return targets(parsed.filters);
    };
    expect(await q('2026-12-01T10:02:00Z', '2026-12-01T10:04:00Z')).toEqual(['bob@example.com', 'call 5']);
    expect(await q('2026-12-01T10:05:00.000Z')).toEqual(['i-4', 'i-3']);
    expect(await q(undefined, '2026-12-01T10:01:00Z')).toEqual(['i-1']);
    // an offset is honoured; a time without one is UTC
    expect(await q('2026-12-01T18:06:00+08:00')).toEqual(['i-4']);
    expect(await q('2026-12-01T10:06')).toEqual(['i-4']);
    // a bare date is its UTC midnight
    expect(await q('2026-12-02')).toEqual([]);
    expect(await q('2026-12-01', '2026-12-02')).toHaveLength(7);
  });

  it('pages by id, newest first, keeping the filters', async () => {
    const seen: (string | null)[] = [];
    let before: bigint | undefined;
    let pages = 0;
    for (;;) {
      const page = await listAudit(rt.prisma, { outcome: 'success' }, { before, limit: 2 });
      pages++;
      seen.push(...page.entries.map((e) => e.target));
      if (!page.nextBefore) break;
      expect(page.entries).toHaveLength(2);
      expect(page.nextBefore).toBe(page.entries[1]!.id);
      before = BigInt(page.nextBefore);
    }
    expect(seen).toEqual(['i-4', 'i-3', 'i-1', 'bob@example.com', 'i-1']);
    expect(pages).toBe(3);
    // a page that ends exactly at the last entry says there is nothing older
    const all = await listAudit(rt.prisma, {}, { limit: 7 });
    expect(all.entries).toHaveLength(7);
    expect(all.nextBefore).toBeNull();
  });

  it('lists the actors present, once each, without the anonymous entries', async () => {
    expect(await listAuditActors(rt.prisma)).toEqual(['Alice@Example.com', 'bob@example.com', 'cli']);
  });
});
