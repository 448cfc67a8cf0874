import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  confirmDelivery,
  downloadLicence,
  generateLicence,
  markLicenceProduct,
  recordDecision,
  unmarkLicenceProduct,
  uploadLicence,
} from '../../../lib/licences/actions';
import { publicKeyPem, verifyLicenceKey } from '../../../lib/licences/key';
import { syncLicenceQueue } from '../../../lib/licences/actions';
import { getDelivery, listDeliveries, listLicenceProducts } from '../../../lib/licences/queries';
import { LICENCE_FILE_MAX_BYTES } from '../../../lib/licences/validation';
import { attention } from '../../../lib/overview';
import { isRefusal } from '../../../lib/refusal';
import type { Runtime } from '../../../lib/runtime';
import { buyAndWait, call, startTestRuntime, waitFor } from '../helpers/runtime';

/** Licence delivery (spec §9.4) against a real PostgreSQL: the queue, the steps, the audit, bad input. */
describe('licences: delivery queue and service supervision', () => {
  let rt: Runtime;
  let adminId: string;
  const admin = () => ({ id: adminId, email: 'admin@localhost', role: 'admin' as const });
  const support = { id: crypto.randomUUID(), email: 'support@test', role: 'support' as const };
  const viewer = { id: crypto.randomUUID(), email: 'viewer@test', role: 'viewer' as const };
  const YEAR_PRODUCT = 'OFFI000000000000000001'; // MOCKPERIODYEARNEW
  const ONE_TIME_PRODUCT = 'OFFI000000000000000004'; // MOCKONETIMENEW

  beforeAll(async () => {
    rt = await startTestRuntime();
    adminId = (await rt.pool.query<{ id: string }>(`SELECT id FROM "user" WHERE email = 'admin@localhost'`)).rows[0]!.id;
  });
  afterAll(async () => {
    await rt?.close();
  });
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await rt.pool.query<T>(sql, params)).rows;
  const deliveriesOf = (instanceId: string) =>
    q<{ id: string; kind: string; status: string }>(`SELECT id::text, kind, status FROM licence_delivery WHERE instance_id = $1 ORDER BY id`, [instanceId]);
  const eventsOf = async (id: string) => (await q<{ step: string }>(`SELECT step FROM licence_event WHERE delivery_id = $1 ORDER BY at, id`, [id])).map((e) => e.step);
  const auditOf = (target: string) =>
    q<{ action: string; outcome: string; user_email: string; detail: Record<string, unknown> | null }>(
      `SELECT action, outcome, user_email, detail FROM audit_log WHERE target = $1 ORDER BY id`,
      [target],
    );
  const snapshot = async (id: string) => ({
    row: (await q(`SELECT * FROM licence_delivery WHERE id = $1`, [id]))[0],
    events: await eventsOf(id),
    licences: (await q(`SELECT id FROM licence WHERE delivery_id = $1`, [id])).length,
    audit: (await auditOf(`licence/${id}`)).length,
  });

  let newId: string;
  let renewalId: string;
  let instanceId: string;

  it('marking a product brings its existing orders (purchase and renewal) into the queue exactly once, also when concurrent', async () => {
    ({ instanceId } = await buyAndWait(rt, 'MOCKPERIODYEARNEW'));
    const renew = await call(rt, {
      body: { activity: 'refreshInstance', instanceId, orderId: 'MOCKMONTYRENEW', orderLineId: 'MOCKMONTYRENEW-000001', scene: 'RENEWAL', expireTime: '20310101000000' },
    });
    expect(renew.json.resultCode).toBe('000000');
    // an unsubscribe of a renewal period needs no licence
    await call(rt, {
      body: { activity: 'refreshInstance', instanceId, orderId: 'MOCKMONTYRENEW', orderLineId: 'MOCKMONTYRENEW-000001', scene: 'UNSUBSCRIBE_RENEWAL_PERIOD', expireTime: '20300101000000' },
    });
    await syncLicenceQueue(rt.pool);
    expect(await deliveriesOf(instanceId)).toEqual([]); // not a licence product yet

    const marks = await Promise.all([1, 2, 3, 4, 5].map(() => markLicenceProduct(rt.pool, admin(), YEAR_PRODUCT)));
    expect(marks.every((m) => !isRefusal(m))).toBe(true);
    expect(marks.reduce((n, m) => n + (isRefusal(m) ? 0 : m.queued), 0)).toBe(2);
    await Promise.all([syncLicenceQueue(rt.pool), syncLicenceQueue(rt.pool), syncLicenceQueue(rt.pool)]);
    const ds = await deliveriesOf(instanceId);
    expect(ds.map((d) => [d.kind, d.status])).toEqual([
      ['NEW', 'awaiting'],
      ['RENEWAL', 'awaiting'],
    ]);
    [newId, renewalId] = ds.map((d) => d.id) as [string, string];
    expect(await eventsOf(newId)).toEqual(['awaiting']);
    expect(await eventsOf(renewalId)).toEqual(['awaiting']);
    const [mark] = await q<{ product_id: string; marked_by: string }>(`SELECT product_id, marked_by FROM licence_product`);
    expect(mark).toEqual({ product_id: YEAR_PRODUCT, marked_by: 'admin@localhost' });
    const audits = await auditOf(`product/${YEAR_PRODUCT}`);
    expect(audits.map((a) => [a.action, a.outcome])).toEqual(Array(5).fill(['licence.product.mark', 'success']));
    expect(audits.filter((a) => a.detail?.alreadyMarked === false)).toHaveLength(1);
    expect(await attention(rt.pool)).toMatchObject({ licencesAwaiting: 2, licencesRejected: 0 });
    expect((await listLicenceProducts(rt.pool)).find((p) => p.productId === YEAR_PRODUCT)).toMatchObject({ marked: true, deliveries: 2 });
  });

  it('a product marked before the purchase: the provisioning job queues the order', async () => {
    expect(await markLicenceProduct(rt.pool, admin(), ONE_TIME_PRODUCT)).toMatchObject({ queued: 0 });
    const { instanceId: oneTime } = await buyAndWait(rt, 'MOCKONETIMENEW');
    const ds = await waitFor(async () => {
      const rows = await deliveriesOf(oneTime);
      return rows.length ? rows : undefined;
    }, 10_000, 'the delivery');
    expect(ds.map((d) => d.kind)).toEqual(['NEW']);
  });

  it('generate a key, confirm delivery, record the acceptance: every step an event, audited; the key verifies with the public key', async () => {
    expect(await confirmDelivery(rt.pool, support, newId, { serviceStartTime: new Date().toISOString() })).toMatchObject({
      kind: 'conflict',
      message: 'Generate or upload a licence first.',
    });
    const gen = await generateLicence(rt.pool, rt.secrets.licenceSigningKey, support, newId);
    if (isRefusal(gen)) throw gen;
    const dl = await downloadLicence(rt.pool, support, newId);
    if (isRefusal(dl)) throw dl;
    expect(dl.kind).toBe('key');
    expect(dl.fileName).toMatch(/^licence-MOCKPERIODYEARNEW-[0-9a-f]{8}\.lic$/);
    expect(createHash('sha256').update(dl.content).digest('hex')).toBe(gen.sha256);
    const verified = verifyLicenceKey(dl.content.toString('utf8'), publicKeyPem(rt.secrets.licenceSigningKey));
    if (!verified.valid) throw new Error(verified.reason);
    const [inst] = await q<{ sku_code: string; linear_value: number }>(`SELECT sku_code, linear_value FROM instance WHERE id = $1`, [instanceId]);
    const [line] = await q<{ expire_time: Date }>(`SELECT expire_time FROM order_line WHERE order_line_id = 'MOCKPERIODYEARNEW-000001'`);
    expect(verified.payload).toMatchObject({
      v: 1,
      licenceId: gen.licenceId,
      instanceId,
      orderId: 'MOCKPERIODYEARNEW',
      orderLineId: 'MOCKPERIODYEARNEW-000001',
      productId: YEAR_PRODUCT,
      skuCode: inst!.sku_code,
      linearValue: 10,
      expireTime: line!.expire_time.toISOString(),
    });
    expect(inst!.linear_value).toBe(10);

    const start = new Date(Date.now() - 3_600_000).toISOString();
    expect(await confirmDelivery(rt.pool, support, newId, { serviceStartTime: start, note: 'key sent by e-mail' })).toEqual({ status: 'delivered' });
    expect(await confirmDelivery(rt.pool, support, newId, { serviceStartTime: start })).toMatchObject({ kind: 'conflict' });
    expect(await recordDecision(rt.pool, support, newId, { decision: 'accepted', note: 'buyer confirmed' })).toEqual({ status: 'accepted' });
    expect(await recordDecision(rt.pool, support, newId, { decision: 'rejected', note: 'late' })).toMatchObject({ kind: 'conflict' });

    const d = (await getDelivery(rt.pool, newId))!;
    expect(d).toMatchObject({ status: 'accepted', serviceStartTime: start, deliveredBy: 'support@test', deliveryNote: 'key sent by e-mail', decisionNote: 'buyer confirmed', decidedBy: 'support@test' });
    expect(d.licence).toMatchObject({ id: gen.licenceId, kind: 'key', sha256: gen.sha256 });
    expect(d.events.map((e) => [e.step, e.by])).toEqual([
      ['awaiting', null],
      ['generated', 'support@test'],
      ['delivered', 'support@test'],
      ['accepted', 'support@test'],
    ]);
    expect((await auditOf(`licence/${newId}`)).map((a) => [a.action, a.outcome])).toEqual([
      ['licence.deliver', 'failure'],
      ['licence.generate', 'success'],
      ['licence.download', 'success'],
      ['licence.deliver', 'success'],
      ['licence.deliver', 'failure'],
      ['licence.decide', 'success'],
      ['licence.decide', 'failure'],
    ]);
    // once delivered, the licence cannot be replaced
    expect(await generateLicence(rt.pool, rt.secrets.licenceSigningKey, support, newId)).toMatchObject({ kind: 'conflict' });
    expect(await attention(rt.pool)).toMatchObject({ licencesAwaiting: 2 }); // the renewal and the one-time purchase
  });

  it('a rejection needs a reason; the seller delivers again (a new licence or the same), the buyer accepts', async () => {
    const gen = await generateLicence(rt.pool, rt.secrets.licenceSigningKey, support, renewalId);
    expect(isRefusal(gen)).toBe(false);
    expect(await confirmDelivery(rt.pool, support, renewalId, { serviceStartTime: new Date().toISOString() })).toSatisfy((r) => !isRefusal(r));
    const before = await snapshot(renewalId);
    expect(await recordDecision(rt.pool, support, renewalId, { decision: 'rejected' })).toMatchObject({ kind: 'invalid', message: 'note is required: say why.' });
    expect(await snapshot(renewalId)).toEqual(before);
    expect(await recordDecision(rt.pool, support, renewalId, { decision: 'rejected', note: 'expiry is wrong' })).toEqual({ status: 'rejected' });
    expect(await attention(rt.pool)).toMatchObject({ licencesRejected: 1 });

    const again = await generateLicence(rt.pool, rt.secrets.licenceSigningKey, support, renewalId);
    if (isRefusal(again) || isRefusal(gen)) throw new Error('generate failed');
    expect(again.licenceId).not.toBe(gen.licenceId);
    expect(await confirmDelivery(rt.pool, support, renewalId, { serviceStartTime: new Date().toISOString(), note: 'corrected' })).toEqual({ status: 'delivered' });
    expect(await recordDecision(rt.pool, support, renewalId, { decision: 'accepted' })).toEqual({ status: 'accepted' });
    const d = (await getDelivery(rt.pool, renewalId))!;
    expect(d.events.map((e) => e.step)).toEqual(['awaiting', 'generated', 'delivered', 'rejected', 'generated', 'delivered', 'accepted']);
    expect(d.events[5]!.detail).toMatchObject({ from: 'rejected', redelivery: true, licenceId: again.licenceId });
    expect(d.licences.map((l) => [l.id, l.current])).toEqual(
      expect.arrayContaining([
        [again.licenceId, true],
        [gen.licenceId, false],
      ]),
    );
    // the earlier licence can still be downloaded by its id
    const old = await downloadLicence(rt.pool, support, renewalId, gen.licenceId);
    expect(!isRefusal(old) && old.sha256).toBe(gen.sha256);
    // the renewal's licence carries the renewal's expiry
    const dl = await downloadLicence(rt.pool, support, renewalId);
    if (isRefusal(dl)) throw dl;
    const v = verifyLicenceKey(dl.content.toString(), publicKeyPem(rt.secrets.licenceSigningKey));
    expect(v.valid && v.payload.expireTime).toBe('2031-01-01T00:00:00.000Z');
  });

  it('upload a licence file: stored with its name and SHA-256, downloaded byte for byte; too big or empty refused, nothing stored', async () => {
    const [oneTime] = await q<{ id: string }>(`SELECT id::text FROM licence_delivery WHERE product_id = $1`, [ONE_TIME_PRODUCT]);
    const id = oneTime!.id;
    const before = await snapshot(id);
    expect(await uploadLicence(rt.pool, support, id, { name: 'big.lic', content: Buffer.alloc(LICENCE_FILE_MAX_BYTES + 1) })).toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(/at most 1 MiB/),
    });
    expect(await uploadLicence(rt.pool, support, id, { name: 'empty.lic', content: Buffer.alloc(0) })).toMatchObject({ kind: 'invalid' });
    expect(await snapshot(id)).toEqual(before);

    const content = Buffer.from([0, 1, 2, 250, 255, ...Buffer.from('licence 中文')]);
    const up = await uploadLicence(rt.pool, support, id, { name: 'C:\\keys\\customer 1.lic', content });
    expect(up).toMatchObject({ fileName: 'customer 1.lic', sha256: createHash('sha256').update(content).digest('hex') });
    const dl = await downloadLicence(rt.pool, support, id);
    expect(dl).toMatchObject({ kind: 'file', fileName: 'customer 1.lic' });
    expect(!isRefusal(dl) && Buffer.compare(dl.content, content)).toBe(0);
    expect(await eventsOf(id)).toEqual(['awaiting', 'uploaded']);
  });

  it('bad input and missing roles change nothing: refused with the field named, denied attempts audited', async () => {
    const [oneTime] = await q<{ id: string }>(`SELECT id::text FROM licence_delivery WHERE product_id = $1`, [ONE_TIME_PRODUCT]);
    const id = oneTime!.id;
    const before = await snapshot(id);
    expect(await confirmDelivery(rt.pool, support, id, {})).toMatchObject({ kind: 'invalid', message: 'serviceStartTime is required.' });
    expect(await confirmDelivery(rt.pool, support, id, { serviceStartTime: 'yesterday' })).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^serviceStartTime must be/) });
    const far = new Date(Date.now() + 3 * 86_400_000).toISOString();
    expect(await confirmDelivery(rt.pool, support, id, { serviceStartTime: far })).toMatchObject({ kind: 'invalid' });
    expect(await confirmDelivery(rt.pool, support, id, { serviceStartTime: new Date().toISOString(), note: 'x'.repeat(1001) })).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^note is at most 1000/) });
    expect(await recordDecision(rt.pool, support, id, { decision: 'perhaps' })).toMatchObject({ kind: 'invalid' });
    expect(await snapshot(id)).toEqual(before);

    expect(await confirmDelivery(rt.pool, viewer, id, { serviceStartTime: new Date().toISOString() })).toMatchObject({ kind: 'forbidden' });
    expect(await generateLicence(rt.pool, rt.secrets.licenceSigningKey, viewer, id)).toMatchObject({ kind: 'forbidden' });
    expect(await downloadLicence(rt.pool, viewer, id)).toMatchObject({ kind: 'forbidden' });
    expect(await markLicenceProduct(rt.pool, support, 'OFFI000000000000000005')).toMatchObject({ kind: 'forbidden' });
    expect(await markLicenceProduct(rt.pool, admin(), 'not a product id')).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^productId/) });
    expect(await confirmDelivery(rt.pool, support, '999999', { serviceStartTime: new Date().toISOString() })).toMatchObject({ kind: 'notFound' });
    expect(await confirmDelivery(rt.pool, support, "1; DROP TABLE licence", { serviceStartTime: new Date().toISOString() })).toMatchObject({ kind: 'notFound' });
    const after = await snapshot(id);
    expect({ ...after, audit: before.audit }).toEqual(before);
    expect((await auditOf(`licence/${id}`)).slice(-3).map((a) => [a.action, a.outcome, a.user_email])).toEqual([
      ['licence.deliver', 'denied', 'viewer@test'],
      ['licence.generate', 'denied', 'viewer@test'],
      ['licence.download', 'denied', 'viewer@test'],
    ]);
    expect(await q(`SELECT 1 FROM licence_product WHERE product_id = 'OFFI000000000000000005'`)).toHaveLength(0);
  });

  it('a released instance is shown but owed nothing; unmarking removes only the deliveries nobody has touched', async () => {
    const { instanceId: monthly } = await buyAndWait(rt, 'MOCKONDEMAND');
    await markLicenceProduct(rt.pool, admin(), 'OFFI000000000000000005');
    const [d] = await deliveriesOf(monthly);
    const before = await attention(rt.pool);
    expect((await call(rt, { body: { activity: 'releaseInstance', instanceId: monthly } })).json.resultCode).toBe('000000');
    expect((await attention(rt.pool)).licencesAwaiting).toBe(before.licencesAwaiting - 1);
    expect(await generateLicence(rt.pool, rt.secrets.licenceSigningKey, support, d!.id)).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/released/) });
    const page = await listDeliveries(rt.pool, { status: 'awaiting' });
    expect(page.rows.find((r) => r.id === d!.id)).toMatchObject({ instanceStatus: 'released' });
    expect(page.releasedAwaiting).toBe(1);
    // listed under "awaiting" (shown, not demanded), but not counted as awaiting: the tab says what is owed (issue 7)
    expect(page.counts).toEqual({ awaiting: page.total - 1, delivered: 0, accepted: 2, rejected: 0 });
    expect(page.counts.awaiting).toBe((await attention(rt.pool)).licencesAwaiting);
    expect((await listDeliveries(rt.pool)).total).toBe(page.counts.awaiting + page.releasedAwaiting + 2);

    expect(await unmarkLicenceProduct(rt.pool, admin(), 'OFFI000000000000000005')).toEqual({ productId: 'OFFI000000000000000005', removed: 1 });
    expect(await deliveriesOf(monthly)).toEqual([]);
    // the one-time product's delivery has a licence uploaded: it stays when its product is unmarked
    expect(await unmarkLicenceProduct(rt.pool, admin(), ONE_TIME_PRODUCT)).toMatchObject({ removed: 0 });
    expect(await q(`SELECT 1 FROM licence_delivery WHERE product_id = $1`, [ONE_TIME_PRODUCT])).toHaveLength(1);
    expect(await unmarkLicenceProduct(rt.pool, admin(), ONE_TIME_PRODUCT)).toMatchObject({ kind: 'notFound' });
    // marked again: the removed delivery comes back, once
    expect(await markLicenceProduct(rt.pool, admin(), 'OFFI000000000000000005')).toMatchObject({ queued: 1 });
    expect(await deliveriesOf(monthly)).toHaveLength(1);
  });
});
