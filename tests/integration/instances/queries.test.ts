import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInstanceDetail, listInstances } from '../../../lib/instances/queries';
import type { Runtime } from '../../../lib/runtime';
import { buyAndWait, call, startTestRuntime, waitFor } from '../helpers/runtime';

/** The console's instance list and detail, over instances bought through the production interface. */
describe('instances: queries', () => {
  let rt: Runtime;
  let yearly: string;
  let oneTime: string;
  let onDemand: string;
  let real: string;
  beforeAll(async () => {
    rt = await startTestRuntime();
    yearly = (await buyAndWait(rt, 'MOCKPERIODYEARNEW')).instanceId;
    oneTime = (await buyAndWait(rt, 'MOCKONETIMENEW')).instanceId;
    onDemand = (await buyAndWait(rt, 'MOCKONDEMAND')).instanceId;
    // a real (testFlag 0) purchase
    real = crypto.randomUUID();
    await call(rt, { body: { activity: 'newInstance', orderId: 'MOCKPERIODDAYTRIAL', orderLineId: 'MOCKPERIODDAYTRIAL-000001', businessId: real, testFlag: '0' } });
    await waitFor(async () => (await rt.pool.query(`SELECT 1 FROM instance WHERE id = $1 AND status = 'active'`, [real])).rowCount === 1);
    await call(rt, { body: { activity: 'updateInstanceStatus', instanceId: oneTime, status: 'FREEZE', testFlag: '1' } });
  });
  afterAll(async () => {
    await rt?.close();
  });

  const ids = (page: { rows: { id: string }[] }) => page.rows.map((r) => r.id).sort();

  it('lists every instance, newest first, with customer and product', async () => {
    const page = await listInstances(rt.pool);
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.id)).toEqual([real, onDemand, oneTime, yearly]);
    expect(page.rows[3]).toMatchObject({ orderId: 'MOCKPERIODYEARNEW', status: 'active', chargingMode: 'PERIOD', customerName: 'mock_customer', testFlag: true });
    expect(page.rows[3]!.customerId).toBeTruthy();
    expect(page.rows[3]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('searches by instance id, order id, customer id and customer name, case-insensitively', async () => {
    expect(ids(await listInstances(rt.pool, { q: yearly }))).toEqual([yearly]);
    expect(ids(await listInstances(rt.pool, { q: yearly.slice(0, 8).toUpperCase() }))).toEqual([yearly]);
    expect(ids(await listInstances(rt.pool, { q: 'MOCKONETIMENEW' }))).toEqual([oneTime]);
    expect(ids(await listInstances(rt.pool, { q: 'mockonetime' }))).toEqual([oneTime]);
    expect(ids(await listInstances(rt.pool, { q: 'MOCK_CUST' }))).toHaveLength(4);
    const { rows } = await listInstances(rt.pool, { q: yearly });
    expect((await listInstances(rt.pool, { q: rows[0]!.customerId! })).total).toBe(4);
    // wildcards are literal
    expect((await listInstances(rt.pool, { q: '%' })).total).toBe(0);
    expect((await listInstances(rt.pool, { q: 'nobody-like-this' })).total).toBe(0);
  });

  it('filters by status, charging mode and test or real', async () => {
    expect(ids(await listInstances(rt.pool, { status: 'frozen' }))).toEqual([oneTime]);
    expect(ids(await listInstances(rt.pool, { chargingMode: 'ON_DEMAND' }))).toEqual([onDemand]);
    expect(ids(await listInstances(rt.pool, { test: 'real' }))).toEqual([real]);
    expect((await listInstances(rt.pool, { test: 'test' })).total).toBe(3);
    expect((await listInstances(rt.pool, { test: 'test', status: 'active' })).total).toBe(2);
  });

  it('sorts and paginates', async () => {
    const asc = await listInstances(rt.pool, { sort: 'created', dir: 'asc', limit: 3 });
    expect(asc).toMatchObject({ total: 4, page: 1, limit: 3 });
    expect(asc.rows.map((r) => r.id)).toEqual([yearly, oneTime, onDemand]);
    const second = await listInstances(rt.pool, { sort: 'created', dir: 'asc', limit: 3, page: 2 });
    expect(second.rows.map((r) => r.id)).toEqual([real]);
    const byId = await listInstances(rt.pool, { sort: 'id', dir: 'asc' });
    expect(byId.rows.map((r) => r.id)).toEqual([yearly, oneTime, onDemand, real].sort());
    expect((await listInstances(rt.pool, { limit: 10_000 })).limit).toBe(100);
  });

  it('details an instance with customer, tenant, orders, jobs, calls and a merged timeline, newest first', async () => {
    const d = (await getInstanceDetail(rt.prisma, yearly))!;
    expect(d).toMatchObject({ id: yearly, status: 'active', skuCode: 'MOCK-SKU-BASIC', linearValue: expect.any(Number), hasPassword: true, userName: 'admin' });
    expect(d).not.toHaveProperty('passwordEnc');
    expect(JSON.stringify(d)).not.toMatch(/v1\./); // no ciphertext either
    expect(d.customer).toMatchObject({ name: 'mock_customer' });
    expect(d.tenant).toMatchObject({ adminUser: 'admin' });
    expect(d.orders).toEqual([expect.objectContaining({ orderId: 'MOCKPERIODYEARNEW', kind: 'NEW' })]);
    expect(d.jobs).toEqual([expect.objectContaining({ queue: 'provision', state: 'completed' })]);
    expect(d.calls.map((c) => c.activity)).toEqual(expect.arrayContaining(['newInstance', 'queryOrder', 'queryInstance']));
    const kinds = new Set(d.timeline.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['call', 'instance', 'job', 'order']);
    // call and job entries name their call and job, so the page can link them; a job says what work it is
    const job = d.timeline.find((e) => e.label.kind === 'job')!.label;
    expect(job).toMatchObject({ id: d.jobs[0]!.id, jobKind: 'provision' });
    const calls = d.timeline.flatMap((e) => (e.label.kind === 'call' ? [e.label.id] : []));
    expect(calls.sort()).toEqual(d.calls.map((c) => c.id).sort());
    const times = d.timeline.map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(await getInstanceDetail(rt.prisma, 'no-such-instance')).toBeNull();
  });
});
