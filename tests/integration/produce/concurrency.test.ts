import { describe, expect, it } from 'vitest';
import { buyAndWait, call, startTestRuntime, useTestRuntime, waitFor } from '../helpers/runtime';

/** spec §7.3: retries and concurrent duplicates apply once; enforced by database constraints and row locks. */
describe('production interface: concurrent duplicates', () => {
  const rt = useTestRuntime();
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await rt.pool.query<T>(sql, params)).rows;

  it('50 concurrent newInstance duplicates of one order line make one instance, the first businessId, one job', async () => {
    const businessIds = Array.from({ length: 50 }, () => crypto.randomUUID());
    const answers = await Promise.all(
      businessIds.map((businessId) =>
        call(rt, { body: { activity: 'newInstance', orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId } }),
      ),
    );
    const ids = new Set(answers.map((a) => a.json.instanceId));
    expect(ids.size).toBe(1);
    const [instanceId] = [...ids] as string[];
    expect(businessIds).toContain(instanceId);
    for (const a of answers) expect(['000000', '000004']).toContain(a.json.resultCode);
    expect(await q('SELECT 1 FROM instance WHERE order_id = $1', ['MOCKPERIODYEARNEW'])).toHaveLength(1);
    expect(await q(`SELECT 1 FROM job WHERE instance_id = $1 AND queue = 'provision'`, [instanceId])).toHaveLength(1);
    await waitFor(async () => (await q(`SELECT 1 FROM instance WHERE id = $1 AND status = 'active'`, [instanceId])).length === 1);
    expect(await q('SELECT 1 FROM tenant WHERE instance_id = $1', [instanceId])).toHaveLength(1);
  });

  it('50 concurrent renewals, upgrades, freezes and releases are each applied once', async () => {
    const { instanceId } = await buyAndWait(rt, 'MOCKONETIMENEW');
    const many = (body: Record<string, unknown>) => Promise.all(Array.from({ length: 50 }, () => call(rt, { body })));

    const renewals = await many({
      activity: 'refreshInstance', instanceId, orderId: 'MOCKMONTYRENEW', orderLineId: 'MOCKMONTYRENEW-000001', scene: 'RENEWAL', expireTime: '20300101000000',
    });
    const upgrades = await many({ activity: 'upgradeInstance', instanceId, orderId: 'MOCKMONTYCHANGE', orderLineId: 'MOCKMONTYCHANGE-000001' });
    const freezes = await many({ activity: 'updateInstanceStatus', instanceId, status: 'FREEZE' });
    const releases = await many({ activity: 'releaseInstance', instanceId });
    for (const a of [...renewals, ...upgrades, ...freezes, ...releases]) expect(a.json.resultCode).toBe('000000');

    const kinds = await q<{ kind: string; n: number }>(
      'SELECT kind, count(*)::int AS n FROM instance_order WHERE instance_id = $1 GROUP BY kind ORDER BY kind',
      [instanceId],
    );
    expect(kinds).toEqual([
      { kind: 'NEW', n: 1 },
      { kind: 'RENEWAL', n: 1 },
      { kind: 'UPGRADE', n: 1 },
    ]);
    const jobs = await q<{ queue: string; event: string | null; n: number }>(
      `SELECT queue, data->>'event' AS event, count(*)::int AS n FROM job WHERE instance_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [instanceId],
    );
    expect(jobs).toEqual([
      { queue: 'apply-order', event: null, n: 2 },
      { queue: 'lifecycle', event: 'freeze', n: 1 },
      { queue: 'lifecycle', event: 'release', n: 1 },
      { queue: 'provision', event: null, n: 1 },
    ]);
    // every one of the 200 calls was logged
    const logged = await q<{ n: number }>(`SELECT count(*)::int AS n FROM call WHERE instance_id = $1 AND direction = 'inbound'`, [instanceId]);
    expect(logged[0]!.n).toBeGreaterThanOrEqual(200);
  });
});

describe('call log under load', () => {
  it('stores every one of 300 concurrent calls, each with its own request and answer', async () => {
    const rt = await startTestRuntime({}, { workers: false });
    try {
      const answers = await Promise.all(
        Array.from({ length: 300 }, (_, i) => call(rt, { body: { activity: 'queryInstance', instanceId: `load-${i}` } })),
      );
      for (const a of answers) expect(a.json.resultCode).toBe('000003');
      const { rows } = await rt.pool.query<{ instance_id: string; result_msg: string; request_body: string }>(
        `SELECT instance_id, result_msg, request_body FROM call WHERE activity = 'queryInstance'`,
      );
      expect(rows).toHaveLength(300);
      for (const r of rows) {
        expect(r.result_msg).toBe(`instance ${r.instance_id} not found`);
        expect(JSON.parse(r.request_body).instanceId).toBe(r.instance_id);
      }
    } finally {
      await rt.close();
    }
  });
});
