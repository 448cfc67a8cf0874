import { beforeAll, describe, expect, it, vi } from 'vitest';
import { instanceUsageSummary } from '../../../lib/usage/queries';
import { callAs, consoleUsers, serveRuntime } from '../helpers/console-routes';
import { useTestRuntime } from '../helpers/runtime';

vi.mock('next-auth', () => import('../helpers/console-routes').then((m) => m.nextAuthMock));
vi.mock('../../../lib/auth/options', () => ({ authOptions: {} }));

const hoursRoute = await import('../../../app/api/console/usage/hours/route');
const failuresRoute = await import('../../../app/api/console/usage/failures/route');
const exportRoute = await import('../../../app/api/console/usage/export.csv/route');
const balancesRoute = await import('../../../app/api/console/usage/balances/route');
const packagesRoute = await import('../../../app/api/console/usage/packages/route');

const H0 = '2026-11-30T10:00:00.000Z';
const H1 = '2026-11-30T11:00:00.000Z';
const H2 = '2026-11-30T12:00:00.000Z';
const RANGE = `from=${encodeURIComponent(H0)}&to=${encodeURIComponent('2026-11-30T13:00:00.000Z')}`;

/**
 * The Usage page's console APIs through their route handlers (consoleRoute: session, role, query and body schemas,
 * audit) on a real PostgreSQL, with usage_event, usage_record and instance rows written by SQL as the ingestion and
 * the push write them.
 */
describe('usage console APIs', () => {
  const rt = useTestRuntime({}, { workers: false });
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    serveRuntime(rt);
    Object.assign(ids, await consoleUsers(rt, 'usage', { viewer: 'viewer', support: 'support' }));

    await rt.pool.query(
      `INSERT INTO instance (id, order_id, order_line_id, status, charging_mode, product_id, sku_code, linear_value, expire_time, quota_exhausted_at) VALUES
         ('ppu-1', 'O-1', 'O-1-1', 'active', 'ON_DEMAND', 'OFFI-PPU', 'SKU-PPU', NULL, NULL, NULL),
         ('ppu-2', 'O-2', 'O-2-1', 'active', 'ON_DEMAND', 'OFFI-PPU', 'SKU-PPU', NULL, NULL, NULL),
         ('pkg-1', 'O-3', 'O-3-1', 'active', 'ON_DEMAND_PKG', 'OFFI-PKG', 'SKU-1', 100, '2027-01-01T00:00:00Z', '2026-11-30T12:30:00Z'),
         ('pkg-2', 'O-4', 'O-4-1', 'active', 'ON_DEMAND_PKG', 'OFFI-PKG', 'SKU-1', 100, '2027-06-01T00:00:00Z', NULL),
         ('per-1', 'O-5', 'O-5-1', 'active', 'PERIOD', 'OFFI-PER', 'SKU-PER', 1, NULL, NULL)`,
    );
    const rec = async (instance: string, hour: string, seq: number, value: string, status: string, pushed: boolean, lastError: string | null = null) =>
      (
        await rt.pool.query<{ id: string }>(
          `INSERT INTO usage_record (instance_id, hour, seq, value, metering_sn, status, attempts, last_error, pushed_at, accepted_at)
           VALUES ($1, $2::timestamptz, $3::int, $4::numeric, $9, $5::text, $6::int, $7, CASE WHEN $8::boolean THEN now() END, CASE WHEN $5::text = 'accepted' THEN now() END) RETURNING id::text`,
          [instance, hour, seq, value, status, pushed ? 1 : 0, lastError, pushed, `sn-${instance}-${hour}-${seq}`],
        )
      ).rows[0]!.id;
    ids.r1 = await rec('ppu-1', H0, 1, '12.5', 'accepted', true);
    ids.r2 = await rec('ppu-1', H1, 1, '3', 'rejected', true, 'MKT.9002 invalid usage entities');
    ids.r3 = await rec('ppu-1', H1, 2, '1', 'expired', true, 'older than 21 days');
    ids.r4 = await rec('ppu-2', H0, 1, '5', 'pending', false);
    let n = 0;
    const ev = (instance: string, item: string, hour: string, value: string, record: string | null, billable = true, pkg: string | null = null) =>
      rt.pool.query(
        `INSERT INTO usage_event (source, event_id, instance_id, billing_item, time, hour, value, record_id, billable, package_instance_id)
         VALUES ('test', $1, $2, $3, $4::timestamptz + interval '5 minutes', $4, $5, $6, $7, $8)`,
        [`e${++n}`, instance, item, hour, value, record, billable, pkg],
      );
    await ev('ppu-1', 'sms', H0, '10', ids.r1);
    await ev('ppu-1', 'sms', H0, '2.5', ids.r1);
    await ev('ppu-1', 'sms', H1, '3', ids.r2);
    await ev('ppu-1', 'sms', H1, '1', ids.r3);
    await ev('ppu-1', 'sms', H2, '4', null);
    await ev('ppu-1', 'sms', H2, '2', null, false, 'pkg-1');
    await ev('ppu-2', 'mms', H0, '5', ids.r4);
    await rt.pool.query(`INSERT INTO package_usage (package_instance_id, billing_item, used, related_instance_id) VALUES ('pkg-1', 'sms', 100, 'ppu-1')`);
  });

  async function get(as: keyof typeof ids, route: { GET: (req: Request, ctx: never) => Promise<Response> }, path: string) {
    const r = await callAs(ids[as]!, route.GET, `/api/console/usage/${path}`);
    return { ...r, type: r.headers.get('content-type') };
  }
  const put = (as: keyof typeof ids, body: unknown) => callAs(ids[as]!, packagesRoute.PUT, '/api/console/usage/packages', { method: 'PUT', body });

  it('hours: the reconciliation per hour agrees, the totals too, and each instance and billing item is a series', async () => {
    const r = await get('viewer', hoursRoute, `hours?${RANGE}`);
    expect(r.status, r.text).toBe(200);
    expect(r.json.from).toBe(H0);
    expect(r.json.mismatches).toBe(0);
    expect((r.json.hours as { hour: string }[]).map(({ hour, ...f }) => [hour, f])).toEqual([
      [H0, { measured: 175_000, unbilled: 0, pending: 50_000, pushed: 125_000, accepted: 125_000, rejected: 0, expired: 0, difference: 0 }],
      [H1, { measured: 40_000, unbilled: 0, pending: 0, pushed: 40_000, accepted: 0, rejected: 30_000, expired: 10_000, difference: 0 }],
      [H2, { measured: 60_000, unbilled: 20_000, pending: 40_000, pushed: 0, accepted: 0, rejected: 0, expired: 0, difference: 0 }],
    ]);
    expect(r.json.totals).toEqual({ measured: 275_000, unbilled: 20_000, pending: 90_000, pushed: 165_000, accepted: 125_000, rejected: 30_000, expired: 10_000, difference: 0 });
    const series = r.json.series as { instanceId: string; billingItem: string; points: { hour: string; measured: number; pushed: number; accepted: number }[] }[];
    expect(series.map((s) => `${s.instanceId}/${s.billingItem}`)).toEqual(['ppu-1/sms', 'ppu-2/mms']);
    expect(series[0]!.points).toEqual([
      { hour: H0, measured: 125_000, pushed: 125_000, accepted: 125_000 },
      { hour: H1, measured: 40_000, pushed: 40_000, accepted: 0 },
      { hour: H2, measured: 60_000, pushed: 0, accepted: 0 },
    ]);
  });

  it('hours: filtered by billing item or instance; a record whose value is not its events’ sum is a mismatch', async () => {
    const mms = await get('viewer', hoursRoute, `hours?${RANGE}&billingItem=mms`);
    expect(mms.json.totals).toMatchObject({ measured: 50_000, pending: 50_000, accepted: 0, difference: 0 });
    const one = await get('viewer', hoursRoute, `hours?${RANGE}&instanceId=ppu-2`);
    expect((one.json.series as unknown[]).length).toBe(1);
    expect(one.json.totals).toMatchObject({ measured: 50_000, pending: 50_000 });

    await rt.pool.query(`UPDATE usage_record SET value = 12 WHERE id = $1`, [ids.r1]);
    const off = await get('viewer', hoursRoute, `hours?${RANGE}`);
    expect(off.json.mismatches).toBe(1);
    expect((off.json.hours as { difference: number }[])[0]!.difference).toBe(5_000);
    expect(off.json.totals).toMatchObject({ difference: 5_000 });
    await rt.pool.query(`UPDATE usage_record SET value = 12.5 WHERE id = $1`, [ids.r1]);
  });

  it('hours: more than 31 days or from after until is a 400 naming the field; no session is a 401', async () => {
    const long = await get('viewer', hoursRoute, `hours?from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z`);
    expect(long.status).toBe(400);
    expect(long.json.error).toEqual({ key: 'usage.err.tooLong', message: 'At most 31 days of hours at a time: narrow From and Until.', fields: { from: 'At most 31 days of hours at a time: narrow From and Until.' } });
    expect((await get('viewer', hoursRoute, `hours?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z`)).json.error).toMatchObject({ key: 'usage.err.order' });
    expect((await get('viewer', hoursRoute, `hours?to=soon`)).json.error).toMatchObject({ key: 'usage.err.time', fields: { to: 'to: not a date and time.' } });
    expect((await callAs(null, hoursRoute.GET, '/api/console/usage/hours')).status).toBe(401);
  });

  it('failures: rejected and expired records with their error, the newest first; of one instance', async () => {
    const all = await get('viewer', failuresRoute, 'failures');
    expect((all.json.records as { id: string; status: string; lastError: string }[]).map((r) => [r.id, r.status, r.lastError])).toEqual([
      [ids.r3, 'expired', 'older than 21 days'],
      [ids.r2, 'rejected', 'MKT.9002 invalid usage entities'],
    ]);
    expect(all.json.total).toBe(2);
    expect((await get('viewer', failuresRoute, 'failures?instanceId=ppu-1')).json).toMatchObject({ total: 2, records: [{ id: ids.r3 }, { id: ids.r2, value: '3', instanceId: 'ppu-1', hour: H1 }] });
    expect((await get('viewer', failuresRoute, 'failures?instanceId=ppu-2')).json).toEqual({ total: 0, records: [] });
    expect((await get('viewer', failuresRoute, `failures?instanceId=${'x'.repeat(65)}`)).status).toBe(400);
  });

  it('export.csv: the filtered view as text/csv, a formula-like billing item quoted', async () => {
    await rt.pool.query(`INSERT INTO usage_event (source, event_id, instance_id, billing_item, time, hour, value) VALUES ('test', 'evil', 'ppu-2', '=HYPERLINK("x")', $1, $1, 1)`, [H1]);
    const r = await get('viewer', exportRoute, `export.csv?${RANGE}`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/csv; charset=utf-8');
    expect(r.text.split('\r\n')).toEqual([
      'instance_id,billing_item,hour_utc,measured,unbilled,pending,pushed,accepted,rejected,expired',
      `ppu-1,sms,${H0},12.5,0,0,12.5,12.5,0,0`,
      `ppu-2,mms,${H0},5,0,5,0,0,0,0`,
      `ppu-1,sms,${H1},4,0,0,4,0,3,1`,
      `ppu-2,"'=HYPERLINK(""x"")",${H1},1,0,1,0,0,0,0`,
      `ppu-1,sms,${H2},6,2,4,0,0,0,0`,
      '',
    ]);
    const one = await get('viewer', exportRoute, `export.csv?${RANGE}&instanceId=ppu-2&billingItem=mms`);
    expect(one.text.trim().split('\r\n')).toHaveLength(2);
  });

  it('packages: support sees the SKUs prefilled from the orders’ linear value; a viewer may not', async () => {
    expect((await get('viewer', packagesRoute, 'packages')).status).toBe(403);
    const r = await get('support', packagesRoute, 'packages');
    expect(r.status, r.text).toBe(200);
    expect(r.json.skus).toEqual([
      { productId: 'OFFI-PKG', skuCode: 'SKU-1', instances: 2, configured: false, stopAtQuota: false, quotas: [], prefill: { quota: '100', billingItems: ['sms'] }, updatedBy: null, updatedAt: null },
    ]);
  });

  it('PUT packages: admin only (a denial audited), fields named, then saved and audited, and the balances follow', async () => {
    const body = { productId: 'OFFI-PKG', skuCode: 'SKU-1', stopAtQuota: true, quotas: [{ billingItem: 'sms', quota: '100' }, { billingItem: 'mms', quota: 20.25 }] };
    expect((await put('support', body)).status).toBe(403);
    const bad = await put('admin', { ...body, quotas: [{ billingItem: 'sms', quota: '0' }, { billingItem: 'sms', quota: '1.00001' }] });
    expect(bad.status).toBe(400);
    // the duplicate is named once the values are right (zod checks the list after its items)
    expect(Object.keys((bad.json.error as { fields: object }).fields)).toEqual(['quotas.0.quota', 'quotas.1.quota']);
    expect((await put('admin', { ...body, quotas: [{ billingItem: 'sms', quota: '1' }, { billingItem: 'sms', quota: '2' }] })).json.error).toMatchObject({ key: 'usage.err.duplicate', fields: { 'quotas.1.billingItem': 'quotas.1.billingItem: this billing item is listed twice.' } });
    const ok = await put('admin', body);
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json).toEqual({ productId: 'OFFI-PKG', skuCode: 'SKU-1', stopAtQuota: true, quotas: [{ billingItem: 'sms', quota: '100' }, { billingItem: 'mms', quota: '20.25' }] });
    // replacing the quotas drops the ones left out
    expect((await put('admin', { ...body, quotas: [{ billingItem: 'sms', quota: 100 }] })).status).toBe(200);

    // a body its schema refuses is answered, not audited (lib/console/route.ts audits a denial and what the handler did)
    const audits = (await rt.pool.query(`SELECT user_email AS who, target, outcome FROM audit_log WHERE action = 'usage.package.configure' ORDER BY id`)).rows;
    expect(audits).toEqual([
      { who: 'support.usage@console.test', target: null, outcome: 'denied' },
      { who: 'admin@localhost', target: 'OFFI-PKG/SKU-1', outcome: 'success' },
      { who: 'admin@localhost', target: 'OFFI-PKG/SKU-1', outcome: 'success' },
    ]);
    const skus = (await get('support', packagesRoute, 'packages')).json.skus as { configured: boolean; stopAtQuota: boolean; quotas: unknown; updatedBy: string }[];
    expect(skus[0]).toMatchObject({ configured: true, stopAtQuota: true, quotas: [{ billingItem: 'sms', quota: '100' }], updatedBy: 'admin@localhost' });

    const balances = (await get('viewer', balancesRoute, 'balances')).json.packages as { packageInstanceId: string; stopAtQuota: boolean; quotaExhaustedAt: string | null; items: unknown[] }[];
    expect(balances.map((p) => p.packageInstanceId)).toEqual(['pkg-1', 'pkg-2']);
    expect(balances[0]).toMatchObject({ stopAtQuota: true, quotaExhaustedAt: '2026-11-30T12:30:00.000Z', items: [{ billingItem: 'sms', quota: 1_000_000, used: 1_000_000, remaining: 0, exhausted: true, relatedInstanceId: 'ppu-1' }] });
    expect(balances[1]!.items).toEqual([{ billingItem: 'sms', quota: 1_000_000, used: 0, remaining: 1_000_000, exhausted: false, relatedInstanceId: null }]);
    expect(((await get('viewer', balancesRoute, 'balances?instanceId=pkg-2')).json.packages as unknown[]).length).toBe(1);
  });

  it('the instance summary of pay-per-use and package instances; none for others', async () => {
    expect(await instanceUsageSummary(rt.prisma, 'ppu-1')).toEqual({
      chargingMode: 'ON_DEMAND',
      measured: 225_000,
      unbilled: 20_000,
      pushed: 165_000,
      accepted: 125_000,
      rejected: 40_000,
      lastEventAt: '2026-11-30T12:05:00.000Z',
      quotaExhaustedAt: null,
    });
    expect(await instanceUsageSummary(rt.prisma, 'pkg-1')).toMatchObject({ chargingMode: 'ON_DEMAND_PKG', measured: 20_000, unbilled: 20_000, quotaExhaustedAt: '2026-11-30T12:30:00.000Z' });
    expect(await instanceUsageSummary(rt.prisma, 'per-1')).toBeNull();
    expect(await instanceUsageSummary(rt.prisma, 'nothing')).toBeNull();
  });
});
