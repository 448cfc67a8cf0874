import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../../emulator/server';
import { createEmulatorState, injectFault } from '../../../emulator/state';
import { storeUsage } from '../../../emulator/usage';
import { loadConfig } from '../../../lib/config';
import { createRuntime, type Runtime } from '../../../lib/runtime';
import { isRefusal } from '../../../lib/refusal';
import { claimRecords, repushRecords, runUsagePush, sealUsage, usagePushDeps, usagePushRecord, UsagePushError } from '../../../lib/usage/push';
import { meteringSn } from '../../../lib/usage/meteringSn';
import { startTestRuntime, tempDir, TEST_KEY } from '../helpers/runtime';
import { clearUsage, hoursAgo, insertEvents, records } from './helpers';

const CREDS = { ak: 'push-ak', sk: 'push-sk' };

/** The usage push (spec §8.1) against the emulator on PostgreSQL: seal, send, retries, crashes, late events, rejections. */
describe('usage push', () => {
  let rt: Runtime;
  let emulator: EmulatorServer;
  const state = createEmulatorState({ credentials: [CREDS], marketplaceKey: TEST_KEY });
  const env = { HUAWEICLOUD_AK: CREDS.ak, HUAWEICLOUD_SK: CREDS.sk, USAGE_GRACE_SECONDS: '300' };
  beforeAll(async () => {
    emulator = await startEmulatorServer({ state });
    rt = await startTestRuntime({ ...env, MARKETPLACE_API_BASE: emulator.url }, { workers: false });
  });
  afterAll(async () => {
    await rt?.close();
    await emulator?.close();
  });
  beforeEach(async () => {
    await clearUsage(rt.pool);
    state.usage.records.length = 0;
    state.usage.seen.clear();
    state.calls.length = 0;
    state.faults.length = 0;
  });
  // one lane unless a test says otherwise: lanes claiming at once share the records out, and a test that injects N
  // faults must know which pushes meet them
  const push = (opts: Parameters<typeof runUsagePush>[1] = {}) => runUsagePush(usagePushDeps(rt), { backoffMs: 10, concurrency: 1, ...opts });
  const pushCalls = async () =>
    (await rt.pool.query<{ response_status: number; success: boolean; instance_id: string | null; request_body: string }>(
      `SELECT response_status, success, instance_id, request_body FROM call WHERE activity = 'usagePush' ORDER BY id`,
    )).rows;
  const sentSns = () => state.calls.filter((c) => c.api === 'usage').map((c) => (JSON.parse(c.body) as { usage_records: { metering_sn: string }[] }).usage_records.map((r) => r.metering_sn));

  it('seals the closed hours per instance, hour and package, with the metering_sn lib/usage/units.ts computes', async () => {
    const h2 = hoursAgo(2);
    const h3 = hoursAgo(3);
    await insertEvents(rt.pool, [
      { instanceId: 'seal-a', hour: h2, value: '1.5' },
      { instanceId: 'seal-a', hour: h2, value: '2.25' },
      { instanceId: 'seal-a', hour: h3, value: '7' },
      { instanceId: 'seal-a', hour: h2, value: '4', packageInstanceId: 'pkg-1' },
      { instanceId: 'seal-b', hour: h2, value: '0.0001' },
      { instanceId: 'seal-b', hour: h2, value: '100', billable: false },
      // the current hour is not closed
      { instanceId: 'seal-b', hour: hoursAgo(0), value: '9' },
    ]);
    expect(await sealUsage(rt.pool, new Date(), 300)).toEqual({ records: 4, parts: 5 });
    const rows = await records(rt.pool);
    expect(rows.map((r) => [r.instance_id, r.hour.getTime(), r.package_instance_id, r.seq, r.value, r.status])).toEqual([
      ['seal-a', h3.getTime(), '', 1, '7.0000', 'pending'],
      ['seal-a', h2.getTime(), '', 1, '3.7500', 'pending'],
      ['seal-a', h2.getTime(), 'pkg-1', 1, '4.0000', 'pending'],
      ['seal-b', h2.getTime(), '', 1, '0.0001', 'pending'],
    ]);
    for (const r of rows) expect(r.metering_sn).toBe(meteringSn(r.instance_id, r.hour, r.package_instance_id, r.seq));
    // every billable part of a closed hour points at its record; the rest are untouched
    const { rows: parts } = await rt.pool.query<{ sealed: boolean; billable: boolean; closed: boolean }>(
      `SELECT record_id IS NOT NULL AS sealed, billable, hour < $1 AS closed FROM usage_event`,
      [hoursAgo(0)],
    );
    for (const p of parts) expect(p.sealed).toBe(p.billable && p.closed);
    // sealing again finds nothing new
    expect(await sealUsage(rt.pool, new Date(), 300)).toEqual({ records: 0, parts: 0 });
  });

  it('pushes the sealed records, both signatures checked by the emulator, and marks them accepted', async () => {
    const h = hoursAgo(2);
    await insertEvents(rt.pool, [
      { instanceId: 'ok-a', hour: h, value: '12.5' },
      { instanceId: 'ok-a', hour: h, value: '3', packageInstanceId: 'pkg-x' },
    ]);
    expect(await push()).toEqual({ sealed: 2, pushed: 2, accepted: 2, rejected: 0, expired: 0, pending: 0 });
    const stored = state.usage.records.map(({ receivedAt: _r, ak: _a, record_time: _t, ...r }) => r);
    expect(stored).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ instance_id: 'ok-a', usage_value: '12.5', metering_sn: meteringSn('ok-a', h, '', 1) }),
        expect.objectContaining({ instance_id: 'ok-a', usage_value: '3', relate_pkg_instance: 'pkg-x' }),
      ]),
    );
    expect(stored.find((r) => !('relate_pkg_instance' in r))).toBeTruthy();
    const rows = await records(rt.pool);
    expect(rows.every((r) => r.status === 'accepted' && r.attempts === 1 && r.call_id)).toBe(true);
    const calls = await pushCalls();
    expect(calls).toMatchObject([{ response_status: 200, success: true, instance_id: 'ok-a' }]);
    // the call log holds the bytes sent
    expect(JSON.parse(calls[0]!.request_body).usage_records).toHaveLength(2);
  });

  it('a push answered 500 is retried with the same metering_sn: the marketplace stores each record once', async () => {
    await insertEvents(
      rt.pool,
      Array.from({ length: 30 }, (_, i) => ({ instanceId: `retry-${i % 3}`, hour: hoursAgo(2 + (i % 5)), value: '1' })),
    );
    injectFault(state, { api: 'usage', count: 1, status: 500 });
    const result = await push();
    expect(result).toMatchObject({ sealed: 15, accepted: 15, rejected: 0, pending: 0 });
    const [first, second] = sentSns();
    expect(second).toEqual(first);
    expect(state.usage.records).toHaveLength(15);
    expect(new Set(state.usage.records.map((r) => r.metering_sn)).size).toBe(15);
    expect((await pushCalls()).map((c) => c.response_status)).toEqual([500, 200]);
    expect((await records(rt.pool)).every((r) => r.status === 'accepted' && r.attempts === 2)).toBe(true);
    // nothing doubled: the sums pushed are the sums measured
    const total = state.usage.records.reduce((s, r) => s + Number(r.usage_value), 0);
    expect(total).toBe(30);
  });

  it('a failure that outlasts the retries leaves the records pending and throws, for the job to run again', async () => {
    await insertEvents(rt.pool, [{ instanceId: 'down-a', hour: hoursAgo(2), value: '5' }]);
    injectFault(state, { api: 'usage', count: 2, status: 503 });
    const err = await push({ attempts: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsagePushError);
    expect((err as UsagePushError).result).toMatchObject({ sealed: 1, pushed: 1, accepted: 0, pending: 1 });
    const [row] = await records(rt.pool);
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    expect(row!.last_error).toMatch(/HTTP 503 MKT\.0999/);
    expect(await push()).toMatchObject({ sealed: 0, accepted: 1, pending: 0 });
    expect(state.usage.records).toHaveLength(1);
  });

  it('APIG throttling (429, APIGW.0308) is retried; other 4xx answers reject', async () => {
    await insertEvents(rt.pool, [{ instanceId: 'throttle-a', hour: hoursAgo(2), value: '5' }]);
    injectFault(state, { api: 'usage', count: 1, status: 429, errorCode: 'APIGW.0308' });
    expect(await push()).toMatchObject({ accepted: 1, rejected: 0 });
  });

  it('a push killed after its claim: once the claim runs out the records are sent again with the same metering_sn', async () => {
    await insertEvents(rt.pool, [
      { instanceId: 'kill-a', hour: hoursAgo(2), value: '1' },
      { instanceId: 'kill-b', hour: hoursAgo(2), value: '2' },
    ]);
    await sealUsage(rt.pool, new Date(), 300);
    const claimed = await claimRecords(rt.pool, new Date(), 1000, 60);
    expect(claimed).toHaveLength(2);
    // the dead push had reached the marketplace with one of them before it died
    storeUsage(state.usage, [usagePushRecord(claimed[0]!, new Date())], CREDS.ak, new Date());
    // while the claim holds, nobody else sends them
    expect(await push()).toMatchObject({ pushed: 0, pending: 2 });
    expect(sentSns()).toEqual([]);
    // the claim runs out (60 s later)
    const later = new Date(Date.now() + 61_000);
    expect(await push({ now: later })).toMatchObject({ pushed: 2, accepted: 2, pending: 0 });
    expect(sentSns()[0]!.sort()).toEqual(claimed.map((c) => c.meteringSn).sort());
    expect(state.usage.records).toHaveLength(2);
  });

  it('events arriving after their hour was pushed become a second record of that hour, seq 2', async () => {
    const h = hoursAgo(2);
    await insertEvents(rt.pool, [{ instanceId: 'late-a', hour: h, value: '10' }]);
    expect(await push()).toMatchObject({ sealed: 1, accepted: 1 });
    await insertEvents(rt.pool, [
      { instanceId: 'late-a', hour: h, value: '0.5' },
      { instanceId: 'late-a', hour: h, value: '0.25' },
    ]);
    expect(await push()).toMatchObject({ sealed: 1, accepted: 1 });
    const rows = await records(rt.pool);
    expect(rows.map((r) => [r.seq, r.value, r.status, r.metering_sn])).toEqual([
      [1, '10.0000', 'accepted', meteringSn('late-a', h, '', 1)],
      [2, '0.7500', 'accepted', meteringSn('late-a', h, '', 2)],
    ]);
    expect(state.usage.records.map((r) => r.usage_value)).toEqual(['10', '0.75']);
  });

  it('a 4xx answer rejects the records with the error; re-push sends them again once, and refuses what cannot be re-pushed', async () => {
    await insertEvents(rt.pool, [
      { instanceId: 'rej-a', hour: hoursAgo(2), value: '1' },
      { instanceId: 'rej-a', hour: hoursAgo(3), value: '2' },
    ]);
    // the batch, then each half alone: every push refused
    injectFault(state, { api: 'usage', count: 3, status: 400, errorCode: 'MKT.0101' });
    expect(await push()).toMatchObject({ sealed: 2, pushed: 2, rejected: 2, accepted: 0, pending: 0 });
    const rejected = await records(rt.pool);
    expect(rejected.every((r) => r.status === 'rejected' && /HTTP 400 MKT\.0101/.test(r.last_error ?? ''))).toBe(true);
    // a 4xx is not retried, only split: the pair, then each record alone
    expect((await pushCalls()).map((c) => c.response_status)).toEqual([400, 400, 400]);
    expect(await repushRecords(rt.pool, rejected.map((r) => r.id))).toEqual({ repushed: 2 });
    expect(await push()).toMatchObject({ sealed: 0, accepted: 2, rejected: 0 });
    expect(state.usage.records).toHaveLength(2);
    const accepted = await repushRecords(rt.pool, [rejected[0]!.id]);
    expect(isRefusal(accepted) && accepted.key).toBe('errors.usage.notFailed');
    const none = await repushRecords(rt.pool, ['999999999']);
    expect(isRefusal(none) && none.kind).toBe('notFound');
  });

  it('a refusal that may be about one record splits the batch: only the record at fault is rejected', async () => {
    await insertEvents(rt.pool, Array.from({ length: 8 }, (_, i) => ({ instanceId: `split-${i}`, hour: hoursAgo(2), value: '1' })));
    // the batch of 8 and its first half of 4, its first 2 and its first record are refused: one record "at fault"
    injectFault(state, { api: 'usage', count: 4, status: 500, errorCode: 'MKT.9001' });
    expect(await push()).toMatchObject({ sealed: 8, pushed: 8, accepted: 7, rejected: 1, pending: 0 });
    expect(sentSns().map((b) => b.length)).toEqual([8, 4, 2, 1, 1, 2, 4]);
    expect(state.usage.records).toHaveLength(7);
    const [bad] = (await records(rt.pool)).filter((r) => r.status === 'rejected');
    expect(bad!.last_error).toMatch(/HTTP 500 MKT\.9001/);
    // what is wrong with every record alike (credentials, the body signature) is not split
    await clearUsage(rt.pool);
    state.calls.length = 0;
    await insertEvents(rt.pool, Array.from({ length: 4 }, (_, i) => ({ instanceId: `nosplit-${i}`, hour: hoursAgo(2), value: '1' })));
    injectFault(state, { api: 'usage', count: 1, status: 401, errorCode: 'MKT.0154' });
    expect(await push()).toMatchObject({ rejected: 4, accepted: 0 });
    expect(sentSns().map((b) => b.length)).toEqual([4]);
  });

  it('a record never accepted within 21 days is expired, not pushed, and cannot be re-pushed', async () => {
    await insertEvents(rt.pool, [
      { instanceId: 'old-a', hour: hoursAgo(22 * 24), value: '1' },
      { instanceId: 'old-a', hour: hoursAgo(2), value: '1' },
    ]);
    expect(await push()).toMatchObject({ sealed: 2, expired: 1, accepted: 1, pending: 0 });
    const [old] = (await records(rt.pool)).filter((r) => r.status === 'expired');
    expect(old!.last_error).toMatch(/21 days/);
    expect(state.usage.records.map((r) => r.instance_id)).toEqual(['old-a']);
    expect(state.usage.records).toHaveLength(1);
    const refused = await repushRecords(rt.pool, [old!.id]);
    expect(isRefusal(refused) && refused.key).toBe('errors.usage.tooOld');
  });

  it('the marketplace answering MKT.9004 expires the records', async () => {
    await insertEvents(rt.pool, [{ instanceId: 'late-9004', hour: hoursAgo(2), value: '1' }]);
    injectFault(state, { api: 'usage', count: 1, status: 500, errorCode: 'MKT.9004' });
    expect(await push()).toMatchObject({ expired: 1, pending: 0 });
    // young enough by our clock: re-pushable
    const [row] = await records(rt.pool);
    expect(await repushRecords(rt.pool, [row!.id])).toEqual({ repushed: 1 });
    expect(await push()).toMatchObject({ accepted: 1 });
  });

  it('pushes in batches of at most 1,000, several in flight', async () => {
    const events = Array.from({ length: 2500 }, (_, i) => ({ instanceId: `batch-${i % 500}`, hour: hoursAgo(2 + Math.floor(i / 500)), value: '1' }));
    await insertEvents(rt.pool, events);
    expect(await push({ concurrency: 4 })).toEqual({ sealed: 2500, pushed: 2500, accepted: 2500, rejected: 0, expired: 0, pending: 0 });
    const sizes = sentSns().map((s) => s.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2500);
    expect(new Set(state.usage.records.map((r) => r.metering_sn)).size).toBe(2500);
    // a batch of several instances names none in the call log
    expect((await pushCalls()).every((c) => c.instance_id === null)).toBe(true);
  });

  it('two runtimes pushing at once seal and push every record once', async () => {
    const other = await createRuntime(
      loadConfig({ ...env, DATABASE_URL: rt.databaseUrl, DATA_DIR: tempDir(), MARKETPLACE_KEY: TEST_KEY, MARKETPLACE_API_BASE: emulator.url, LOG_LEVEL: 'error' }),
      { workers: false },
    );
    try {
      const events = Array.from({ length: 3000 }, (_, i) => ({ instanceId: `conc-${i % 40}`, hour: hoursAgo(2 + (i % 25)), value: '0.5' }));
      await insertEvents(rt.pool, events);
      const runs = await Promise.all([rt, other, rt, other].map((r) => runUsagePush(usagePushDeps(r), { batchSize: 50 })));
      // 40 instances × 25 hours meet in 200 (instance, hour) pairs of 15 events each
      expect(runs.reduce((s, r) => s + r.sealed, 0)).toBe(200);
      expect(runs.reduce((s, r) => s + r.accepted, 0)).toBe(200);
      const rows = await records(rt.pool);
      expect(rows).toHaveLength(200);
      expect(rows.every((r) => r.seq === 1 && r.status === 'accepted' && r.value === '7.5000')).toBe(true);
      expect(state.usage.records).toHaveLength(200);
      expect(sentSns().flat()).toHaveLength(200);
      const { rows: unsealed } = await rt.pool.query(`SELECT 1 FROM usage_event WHERE record_id IS NULL`);
      expect(unsealed).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
