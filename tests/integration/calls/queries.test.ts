import { beforeAll, describe, expect, it } from 'vitest';
import { getCall, InvalidCursorError, listCalls, listFailures, parseCallFilters, type CallSummary } from '../../../lib/calls/queries';
import { buyAndWait, call, useTestRuntime } from '../helpers/runtime';

/** The call log read side against a real PostgreSQL: filters, keyset pagination, failures and their deadlines. */
describe('call log queries', () => {
  const rt = useTestRuntime();
  let bought: { instanceId: string };
  beforeAll(async () => {
    bought = await buyAndWait(rt, 'MOCKPERIODYEARNEW', 'MOCKPERIODYEARNEW-000001');
    // a bad signature, a bad parameter, an unknown instance, a test-flagged success
    await call(rt, { body: { activity: 'queryInstance', instanceId: bought.instanceId }, signature: 'A'.repeat(64) });
    await call(rt, { body: { activity: 'updateInstanceStatus', instanceId: bought.instanceId, status: 'MELT' } });
    await call(rt, { body: { activity: 'queryInstance', instanceId: 'no-such-instance' } });
    for (let i = 0; i < 7; i++) await call(rt, { body: { activity: 'queryInstance', instanceId: bought.instanceId, testFlag: '1' } });
  });

  async function all(filters: Parameters<typeof listCalls>[1], limit = 3): Promise<CallSummary[]> {
    const out: CallSummary[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 1000; i++) {
      const page: Awaited<ReturnType<typeof listCalls>> = await listCalls(rt.pool, filters, { cursor, limit });
      expect(page.calls.length).toBeLessThanOrEqual(limit);
      out.push(...page.calls);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return out;
  }

  it('pages through the whole log newest first, without duplicates or gaps', async () => {
    const { rows } = await rt.pool.query<{ id: string }>(`SELECT id::text AS id FROM call ORDER BY created_at DESC, call.id DESC`);
    const paged = await all({}, 3);
    expect(paged.map((c) => c.id)).toEqual(rows.map((r) => r.id));
    expect(new Set(paged.map((c) => c.id)).size).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(10);
  });

  it('keeps its place when new calls arrive between pages', async () => {
    const first = await listCalls(rt.pool, { direction: 'inbound' }, { limit: 4 });
    await call(rt, { body: { activity: 'queryInstance', instanceId: bought.instanceId } });
    const second = await listCalls(rt.pool, { direction: 'inbound' }, { cursor: first.nextCursor, limit: 4 });
    const { rows } = await rt.pool.query<{ id: string }>(
      `SELECT id::text AS id FROM call WHERE direction = 'inbound' ORDER BY created_at DESC, call.id DESC OFFSET 1 LIMIT 8`,
    );
    expect([...first.calls, ...second.calls].map((c) => c.id)).toEqual(rows.map((r) => r.id));
  });

  it('pages on created_at, then id, when ids do not follow time', async () => {
    // ids are reserved before rows are written: an older row may carry a larger id; an equal time needs the id,
    // compared as a number (99999999 has fewer digits than 900000001, so it sorts after it as text)
    const t = new Date('2020-01-01T00:00:00.000Z');
    await rt.pool.query(
      `INSERT INTO call (id, created_at, direction, activity, method, url, success, duration_ms, instance_id)
       VALUES (900000001, $1, 'inbound', 'queryInstance', 'POST', '/x', true, 1, 'keyset'),
              (900000002, $1, 'inbound', 'queryInstance', 'POST', '/x', true, 1, 'keyset'),
              (99999999, $1, 'inbound', 'queryInstance', 'POST', '/x', true, 1, 'keyset'),
              (900000000, $1::timestamptz + interval '1 ms', 'inbound', 'queryInstance', 'POST', '/x', true, 1, 'keyset')`,
      [t],
    );
    const expected = ['900000000', '900000002', '900000001', '99999999'];
    expect((await all({ id: 'keyset' }, 1)).map((c) => c.id)).toEqual(expected);
    expect((await all({ id: 'keyset' }, 50)).map((c) => c.id)).toEqual(expected);
  });

  it('filters by direction, activity, result code, outcome, test flag, id and time', async () => {
    const out = await all({ direction: 'outbound' }, 50);
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((c) => c.direction === 'outbound')).toBe(true);

    const bad = await all({ resultCode: '000001' }, 50);
    expect(bad.map((c) => c.signatureVerdict)).toEqual(['invalid']);

    const failures = await all({ outcome: 'failure', direction: 'inbound' }, 50);
    expect(failures.map((c) => c.resultCode).sort()).toEqual(['000001', '000002', '000003']);
    expect((await all({ outcome: 'success', direction: 'inbound' }, 50)).every((c) => c.success)).toBe(true);

    const tests = await all({ testFlag: '1' }, 50);
    expect(tests.length).toBeGreaterThanOrEqual(8); // buyAndWait's calls and the seven above
    expect(tests.every((c) => c.testFlag)).toBe(true);
    const real = await all({ testFlag: '0', direction: 'inbound' }, 50);
    expect(real.length).toBeGreaterThanOrEqual(4);
    expect(real.every((c) => !c.testFlag)).toBe(true);

    const byOrder = await all({ id: 'MOCKPERIODYEARNEW' }, 50);
    expect(byOrder.some((c) => c.activity === 'newInstance')).toBe(true);
    expect(byOrder.every((c) => c.orderId === 'MOCKPERIODYEARNEW' || c.instanceId === 'MOCKPERIODYEARNEW')).toBe(true);
    // an id as a person types it: any case finds the same calls
    expect((await all({ id: 'mockPeriodYearNew' }, 50)).map((c) => c.id)).toEqual(byOrder.map((c) => c.id));
    expect((await all({ id: bought.instanceId.toUpperCase() }, 50)).length).toBe((await all({ id: bought.instanceId }, 50)).length);
    // on the expression indexes (a table this small is read whole unless the planner is told not to)
    const client = await rt.pool.connect();
    try {
      await client.query('BEGIN; SET LOCAL enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM call WHERE lower(instance_id) = lower($1) OR lower(order_id) = lower($1) ORDER BY created_at DESC, id DESC LIMIT 51`,
        ['x'],
      );
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toMatch(/call_lower_instance_id_created_at_id_idx/);
      expect(text).toMatch(/call_lower_order_id_created_at_id_idx/);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect((await all({ activity: 'updateInstanceStatus' }, 50)).map((c) => c.resultCode)).toEqual(['000002']);

    const old = await all({ to: '2020-01-02T00:00:00Z' }, 50);
    expect(old.map((c) => c.instanceId)).toEqual(['keyset', 'keyset', 'keyset', 'keyset']);
    expect((await all({ from: '2020-01-02T00:00:00Z', id: 'keyset' }, 50)).length).toBe(0);
  });

  it('parses filters from search params and refuses bad ones and forged cursors', async () => {
    expect(parseCallFilters(new URLSearchParams('direction=inbound&outcome=failure&activity=&testFlag=1'))).toEqual({
      direction: 'inbound',
      outcome: 'failure',
      testFlag: '1',
    });
    expect(() => parseCallFilters({ direction: 'sideways' })).toThrow();
    expect(() => parseCallFilters({ from: 'yesterday' })).toThrow();
    await expect(listCalls(rt.pool, {}, { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
    const forged = Buffer.from(JSON.stringify(['2020-01-01T00:00:00Z', '1; DROP TABLE call'])).toString('base64url');
    await expect(listCalls(rt.pool, {}, { cursor: forged })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('returns one call with its jobs, the job that made it, and its instance', async () => {
    const { rows } = await rt.pool.query<{ id: string }>(
      `SELECT id::text AS id FROM call WHERE activity = 'newInstance' AND instance_id = $1 ORDER BY id LIMIT 1`,
      [bought.instanceId],
    );
    const created = await getCall(rt.pool, rows[0]!.id);
    expect(created).toMatchObject({ direction: 'inbound', activity: 'newInstance', signatureVerdict: 'valid', instance: { id: bought.instanceId } });
    expect(created!.jobs.length).toBeGreaterThan(0);
    expect(created!.requestBody).toContain('newInstance');
    // the signature in the stored URL is masked like the one in the stored query
    expect(created!.url).toMatch(/[?&]signature=[0-9A-F]{4}%E2%80%A6\*\*\*&/);

    const outbound = (await all({ direction: 'outbound', id: bought.instanceId }, 50))[0]!;
    const detail = await getCall(rt.pool, outbound.id);
    expect(detail!.parentJob?.id).toBe(outbound.jobId);
    expect(await getCall(rt.pool, '999999999999')).toBeNull();
    expect(await getCall(rt.pool, 'x')).toBeNull();
  });
});

describe('failures view', () => {
  const rt = useTestRuntime({}, { workers: false });

  const HOUR = 3_600_000;
  /** Moves calls of a target back in time: the retry windows are hours long. */
  async function age(where: string, params: unknown[], ms: number) {
    await rt.pool.query(`UPDATE call SET created_at = created_at - ($${params.length + 1} || ' milliseconds')::interval WHERE ${where}`, [
      ...params,
      String(ms),
    ]);
  }

  it('lists unresolved failures by deadline, with the window of their activity, and drops resolved ones', async () => {
    // a renewal for an unknown instance fails (000003): 1 hour window, first failure 50 min ago, retried since
    const renew = { activity: 'refreshInstance', scene: 'RENEWAL', orderId: 'R-1', orderLineId: 'R-1-1', instanceId: 'gone', expireTime: '20301231000000' };
    await call(rt, { body: renew });
    await age(`order_id = 'R-1'`, [], 50 * 60_000);
    await call(rt, { body: renew });
    // a release for an unknown instance 10 minutes ago: releases of unknown instances answer success, so use freeze
    await call(rt, { body: { activity: 'updateInstanceStatus', instanceId: 'gone-2', status: 'FREEZE' } });
    await age(`instance_id = 'gone-2'`, [], 10 * 60_000);
    // an unknown activity with a valid signature: no documented window
    await call(rt, { body: { activity: 'teleportInstance' } });
    // a bad signature is not the marketplace's: not in the queue
    await call(rt, { body: { activity: 'refreshInstance', instanceId: 'gone-3' }, signature: 'B'.repeat(64) });
    // a failure resolved by a later success of the same activity and instance
    await call(rt, { body: { activity: 'queryInstance', instanceId: 'later' } });

    const now = new Date();
    const failures = await listFailures(rt.pool, now);
    const byTarget = Object.fromEntries(failures.map((f) => [f.target, f]));
    const targets = failures.map((f) => f.target);
    expect(targets.filter((t) => !t.startsWith('call:')).sort()).toEqual(['instance:gone-2', 'instance:later', 'order:R-1/R-1-1']);
    expect(targets.filter((t) => t.startsWith('call:'))).toHaveLength(1);

    const r1 = byTarget['order:R-1/R-1-1']!;
    expect(r1).toMatchObject({ activity: 'refreshInstance', attempts: 2, retryWindowMs: HOUR, afterwards: 'abandon', open: true });
    expect(Date.parse(r1.deadline!) - Date.parse(r1.firstFailureAt)).toBe(HOUR);
    expect(Date.parse(r1.deadline!) - now.getTime()).toBeGreaterThan(9 * 60_000);
    expect(Date.parse(r1.deadline!) - now.getTime()).toBeLessThan(11 * 60_000);
    expect(byTarget['instance:gone-2']).toMatchObject({ activity: 'updateInstanceStatus', attempts: 1, retryWindowMs: HOUR });
    expect(byTarget['instance:later']).toMatchObject({ activity: 'queryInstance', retryWindowMs: null, deadline: null, open: false });
    expect(failures.find((f) => f.activity === 'teleportInstance')).toMatchObject({ retryWindowMs: null, target: expect.stringMatching(/^call:\d+$/) });
    expect(failures.some((f) => f.instanceId === 'gone-3')).toBe(false);
    // ordered by deadline: the renewal (10 min left) before the freeze (50 min left), windowless ones last
    expect(failures.map((f) => f.target).slice(0, 2)).toEqual(['order:R-1/R-1-1', 'instance:gone-2']);
    expect(failures.slice(2).every((f) => f.deadline === null)).toBe(true);
  });

  it('resolves a failure by a later success for the same activity and order line, not by another activity', async () => {
    // newInstance for an order the emulator does not have still answers 000004 (success); make it fail by a bad field
    // first, then succeed: a purchase, 3 hours window
    await call(rt, { body: { activity: 'newInstance', orderId: 'N-1', orderLineId: 'N-1-1' } }); // businessId missing: 000002
    let f = (await listFailures(rt.pool)).find((x) => x.target === 'order:N-1/N-1-1');
    expect(f).toMatchObject({ activity: 'newInstance', retryWindowMs: 3 * HOUR, afterwards: 'refund', open: true });

    // a success of another activity for the same order does not resolve it
    await call(rt, { body: { activity: 'orderNotify', orderId: 'N-1', orderLineId: 'N-1-1' } });
    // the purchase succeeding does
    await call(rt, { body: { activity: 'newInstance', orderId: 'N-1', orderLineId: 'N-1-1', businessId: crypto.randomUUID() } });
    f = (await listFailures(rt.pool)).find((x) => x.target === 'order:N-1/N-1-1' && x.activity === 'newInstance');
    expect(f).toBeUndefined();

    // the queryInstance failure above is resolved once that instance answers
    const later = await call(rt, { body: { activity: 'newInstance', orderId: 'N-2', orderLineId: 'N-2-1', businessId: 'later' } });
    expect(later.json.instanceId).toBe('later');
    const q = await call(rt, { body: { activity: 'queryInstance', instanceId: 'later' } });
    expect(['000000', '000004']).toContain(q.json.resultCode);
    expect((await listFailures(rt.pool)).some((x) => x.target === 'instance:later')).toBe(false);
  });

  it('marks a window over once the deadline passed, and drops failures older than the lookback', async () => {
    await call(rt, { body: { activity: 'upgradeInstance', instanceId: 'u', orderId: 'U-1', orderLineId: 'U-1-1' } });
    await age(`order_id = 'U-1'`, [], 4 * HOUR);
    const f = (await listFailures(rt.pool)).find((x) => x.target === 'order:U-1/U-1-1')!;
    expect(f).toMatchObject({ activity: 'upgradeInstance', open: false, afterwards: 'refund' });
    expect(Date.parse(f.deadline!)).toBeLessThan(Date.now());
    // window over comes first when sorted by deadline
    expect((await listFailures(rt.pool))[0]!.target).toBe('order:U-1/U-1-1');
    expect((await listFailures(rt.pool, new Date(), { lookbackMs: 3 * HOUR })).some((x) => x.target === 'order:U-1/U-1-1')).toBe(false);
  });
});
