import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attention, callsOverTime, instancesByStatus } from '../../../lib/overview';
import type { Runtime } from '../../../lib/runtime';
import { buyAndWait, call, startTestRuntime } from '../helpers/runtime';

describe('overview figures', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('counts calls per bucket, successes against failures, instances by status and what needs attention', async () => {
    await buyAndWait(rt, 'MOCKPERIODYEARNEW');
    await call(rt, { body: { activity: 'queryInstance', instanceId: 'unknown' } }); // 000003: a failure with a valid signature
    await call(rt, { body: { activity: 'queryInstance', instanceId: 'x' }, key: 'wrong' }); // refused: not for attention
    const day = await callsOverTime(rt.pool, 24, 1);
    expect(day).toHaveLength(24);
    const totals = day.reduce((a, b) => ({ s: a.s + b.success, f: a.f + b.failure }), { s: 0, f: 0 });
    const inDb = (await rt.pool.query<{ s: number; f: number }>(`SELECT count(*) FILTER (WHERE success)::int AS s, count(*) FILTER (WHERE NOT success)::int AS f FROM call`)).rows[0]!;
    expect(totals).toEqual({ s: inDb.s, f: inDb.f });
    expect(totals.f).toBeGreaterThanOrEqual(2);
    const week = await callsOverTime(rt.pool, 24 * 7, 6);
    expect(week).toHaveLength(28);
    expect(week.reduce((a, b) => a + b.success + b.failure, 0)).toBe(inDb.s + inDb.f);
    // a call from two days ago is in the week, not in the day
    await rt.pool.query(`UPDATE call SET created_at = now() - interval '2 days' WHERE id = (SELECT min(id) FROM call)`);
    expect((await callsOverTime(rt.pool, 24, 1)).reduce((a, b) => a + b.success + b.failure, 0)).toBe(inDb.s + inDb.f - 1);
    expect((await callsOverTime(rt.pool, 24 * 7, 6)).reduce((a, b) => a + b.success + b.failure, 0)).toBe(inDb.s + inDb.f);

    expect(await instancesByStatus(rt.prisma)).toEqual({ active: 1 });
    const todo = await attention(rt.pool);
    expect(todo.failedInstances).toBe(0);
    expect(todo.failedCalls24h).toBe(1);
    // no background job failed (tests/integration/jobs/attention.test.ts counts failing and given-up ones)
    expect(todo).toMatchObject({ failingJobs: 0, gaveUpJobs: 0 });
  });
});
