import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser } from '../../../lib/auth/users';
import { reinvokeCalls } from '../../../lib/calls/reinvoke';
import { listAttentionJobs, type AttentionPage } from '../../../lib/jobs/attention';
import { retryJob } from '../../../lib/jobs/actions';
import { markLicenceProduct } from '../../../lib/licences/actions';
import { publicKeyPem, verifyLicenceKey } from '../../../lib/licences/key';
import { getDelivery } from '../../../lib/licences/queries';
import type { Runtime } from '../../../lib/runtime';
import { buyAndWait, call, consoleUser, startTestRuntime, waitFor } from '../helpers/runtime';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhooks';

/**
 * Online licences (spec §9.2, issue 10) on PostgreSQL against the built-in emulator: getLicenseAsync answered 000004,
 * the licence-upload job's licence verified in the emulator's upload, idempotency by eventId + deviceFingerprint, the
 * result codes of spec §6, the seller's SaaS answering licence.requested, and a failed upload re-run.
 */
const LICENCE_KEY = 'online-licence-interfaces-key';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function emulatorOf(rt: () => Runtime) {
  return async (method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${rt().emulatorUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await res.json()) as Json;
  };
}

const ts = (d: Date) => d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' z');
const DAY = 24 * 3600 * 1000;

/** A fresh year's subscription of its own product, bought as a debugging order (testFlag 1). */
async function buyLicence(rt: Runtime, emulator: ReturnType<typeof emulatorOf>, input: Json = {}) {
  const productId = `OFFI-ONL-${randomUUID().slice(0, 8).toUpperCase()}`;
  const { orderInfo } = await emulator('POST', '/emulator/orders', { productId, periodType: 'year', periodNumber: 1, ...input });
  const { instanceId } = await buyAndWait(rt, orderInfo.orderId);
  return { instanceId, productId, orderId: orderInfo.orderId as string };
}

const askLicence = (rt: Runtime, instanceId: string, patch: Json = {}, key?: string) =>
  call(rt, {
    key,
    body: {
      activity: 'getLicenseAsync',
      eventId: `EVT-${randomUUID()}`,
      instanceId,
      effectiveTime: ts(new Date(Date.now() - 60_000)),
      expireTime: ts(new Date(Date.now() + 180 * DAY)),
      deviceFingerprint: 'BOARD-1234-CPU-5678',
      testFlag: '1',
      ...patch,
    },
  });

const uploadsOf = async (emulator: ReturnType<typeof emulatorOf>, eventId: string): Promise<Json[]> =>
  (await emulator('GET', `/emulator/licence-uploads?event_id=${encodeURIComponent(eventId)}`)).events[0]?.uploads ?? [];

async function requestRow(rt: Runtime, eventId: string) {
  return (await rt.pool.query<Json>(`SELECT id::text, status, delivery_id::text, licence_id, upload_type, upload_call_id::text FROM licence_request WHERE event_id = $1 ORDER BY id`, [eventId])).rows;
}

const uploaded = (rt: Runtime, eventId: string, n = 1) =>
  waitFor(async () => {
    const rows = await requestRow(rt, eventId);
    return rows.length >= n && rows.every((r) => r.status === 'uploaded') ? rows : undefined;
  }, 30_000, `the licence of ${eventId} uploaded`);

describe('online licences with the built-in licence key', () => {
  let rt: Runtime;
  let admin: ConsoleUser;
  const emulator = emulatorOf(() => rt);

  beforeAll(async () => {
    rt = await startTestRuntime({
      MARKETPLACE_KEY_LICENSE: LICENCE_KEY,
      JOB_RETRY_LIMIT: '1',
      JOB_RETRY_DELAY_SECONDS: '1',
      ADMIN_EMAIL: 'onl-admin@example.com',
      ADMIN_PASSWORD: 'onl-admin-password',
    });
    admin = await consoleUser(rt, 'onl-admin@example.com', 'onl-admin-password');
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('getLicenseAsync → 000004 → a licence key uploaded as CHARACTERS, verified with the app’s public key, delivered with its steps', async () => {
    const { instanceId, productId, orderId } = await buyLicence(rt, emulator);
    const eventId = `EVT-${randomUUID()}`;
    const effective = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const expire = new Date(Math.floor(Date.now() / 1000) * 1000 + 180 * DAY);
    const answer = await askLicence(rt, instanceId, { eventId, effectiveTime: ts(effective), expireTime: expire.toISOString() });
    expect(answer.json).toEqual({ resultCode: '000004', resultMsg: 'processing' });
    const [request] = await uploaded(rt, eventId);
    expect(request).toMatchObject({ upload_type: 'CHARACTERS' });

    const [upload] = await uploadsOf(emulator, eventId);
    expect(upload).toMatchObject({ type: 'CHARACTERS', ak: 'emulator-ak' });
    const v = verifyLicenceKey(upload!.characters, publicKeyPem(rt.secrets.licenceSigningKey));
    expect(v).toMatchObject({
      valid: true,
      expired: false,
      payload: { instanceId, orderId, productId, deviceFingerprint: 'BOARD-1234-CPU-5678', eventId, effectiveTime: effective.toISOString(), expireTime: expire.toISOString() },
    });

    // the product became an online-licence product, without marking it first
    const product = (await rt.pool.query<Json>(`SELECT generation, marked_by, device_fingerprint_required FROM licence_product WHERE product_id = $1`, [productId])).rows[0];
    expect(product).toEqual({ generation: 'online', marked_by: 'getLicenseAsync', device_fingerprint_required: false });
    const delivery = await getDelivery(rt.pool, request!.delivery_id);
    expect(delivery).toMatchObject({ status: 'delivered', kind: 'NEW', instanceId });
    expect(delivery!.events.map((e) => e.step)).toEqual(['awaiting', 'requested', 'generated', 'uploaded', 'delivered']);
    expect(delivery!.licences).toHaveLength(1);
    expect((await rt.pool.query<Json>(`SELECT generation FROM licence_delivery WHERE id = $1`, [request!.delivery_id])).rows[0]).toEqual({ generation: 'online' });

    // the upload is an outbound call of the job, without the licence in full; the inbound call says which key matched
    const out = (await rt.pool.query<Json>(`SELECT activity, success, request_body, url, job_id FROM call WHERE id = $1`, [request!.upload_call_id])).rows[0]!;
    expect(out).toMatchObject({ activity: 'licenceUpload', success: true, url: expect.stringContaining(`/market-event/${eventId}/file`), job_id: expect.any(String) });
    expect(out.request_body).toContain('isvUpdateFileReq');
    expect(out.request_body).not.toContain(upload!.characters);
    const inbound = (await rt.pool.query<Json>(`SELECT signature_detail, success FROM call WHERE direction = 'inbound' AND activity = 'getLicenseAsync' AND request_body LIKE $1`, [`%${eventId}%`])).rows[0]!;
    expect(inbound).toMatchObject({ success: true, signature_detail: expect.stringContaining('accepted as the basic key') });

    // once uploaded, a repeat answers success
    expect((await askLicence(rt, instanceId, { eventId, effectiveTime: ts(effective), expireTime: expire.toISOString() })).json.resultCode).toBe('000000');
  });

  it('repeats of one eventId + fingerprint are one licence and one upload; another fingerprint is a second licence', async () => {
    const { instanceId } = await buyLicence(rt, emulator, { linearValue: 2 });
    const eventId = `EVT-${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => askLicence(rt, instanceId, { eventId })));
    expect(answers.map((a) => a.json.resultCode)).toEqual(Array(5).fill('000004'));
    await uploaded(rt, eventId);
    expect((await askLicence(rt, instanceId, { eventId })).json.resultCode).toBe('000000');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await uploadsOf(emulator, eventId)).toHaveLength(1);
    expect(await requestRow(rt, eventId)).toHaveLength(1);

    expect((await askLicence(rt, instanceId, { eventId, deviceFingerprint: 'BOARD-OTHER' })).json.resultCode).toBe('000004');
    const rows = await uploaded(rt, eventId, 2);
    expect(new Set(rows.map((r) => r.licence_id)).size).toBe(2);
    const uploads = await uploadsOf(emulator, eventId);
    expect(uploads).toHaveLength(2);
    const devices = uploads.map((u) => (verifyLicenceKey(u.characters, publicKeyPem(rt.secrets.licenceSigningKey)) as Json).payload.deviceFingerprint);
    expect(devices).toEqual(['BOARD-1234-CPU-5678', 'BOARD-OTHER']);
    const delivery = await getDelivery(rt.pool, rows[0]!.delivery_id);
    expect(delivery!.licences).toHaveLength(2);
    // one delivered step, however many licences
    expect(delivery!.events.filter((e) => e.step === 'delivered')).toHaveLength(1);
    // the same eventId for another instance is not this request
    const other = await buyLicence(rt, emulator);
    expect((await askLicence(rt, other.instanceId, { eventId })).json.resultCode).toBe('000002');
  });

  it('answers 000900-000903 where spec §6 says, and 000003, 000002, 000001', async () => {
    // 000900: the order allows one device (no linear value); the same device again (a new eventId) is fine
    const one = await buyLicence(rt, emulator);
    expect((await askLicence(rt, one.instanceId)).json.resultCode).toBe('000004');
    expect((await askLicence(rt, one.instanceId)).json.resultCode).toBe('000004');
    const quota = await askLicence(rt, one.instanceId, { deviceFingerprint: 'BOARD-SECOND' });
    expect(quota.json).toEqual({ resultCode: '000900', resultMsg: 'licence quota exhausted: the order in force allows 1 device, all licensed' });

    // 000901: a licence ending after the order, or starting after its end
    const two = await buyLicence(rt, emulator);
    expect((await askLicence(rt, two.instanceId, { expireTime: ts(new Date(Date.now() + 400 * DAY)) })).json.resultCode).toBe('000901');
    expect((await askLicence(rt, two.instanceId, { effectiveTime: ts(new Date(Date.now() + 370 * DAY)), expireTime: ts(new Date(Date.now() + 371 * DAY)) })).json.resultCode).toBe('000901');
    // 000902: a period licence without expireTime
    const noExpiry = await askLicence(rt, two.instanceId, { expireTime: undefined });
    expect(noExpiry.json).toEqual({ resultCode: '000902', resultMsg: 'a period licence needs expireTime' });
    // a one-time product needs none
    const once = await buyLicence(rt, emulator, { chargingMode: 'ONE_TIME' });
    expect((await askLicence(rt, once.instanceId, { expireTime: undefined })).json.resultCode).toBe('000004');

    // 000903: the product set (in the console) to need a fingerprint
    const three = await buyLicence(rt, emulator);
    expect(await markLicenceProduct(rt.pool, admin, three.productId, { generation: 'online', deviceFingerprintRequired: true })).toMatchObject({ productId: three.productId });
    expect((await askLicence(rt, three.instanceId, { deviceFingerprint: undefined })).json.resultCode).toBe('000903');
    expect((await askLicence(rt, three.instanceId)).json.resultCode).toBe('000004');
    expect(await markLicenceProduct(rt.pool, admin, three.productId, { generation: 'sometimes' })).toMatchObject({ kind: 'invalid', message: 'generation must be manual, licence_code, online or v1.' });

    expect((await askLicence(rt, 'no-such-instance')).json.resultCode).toBe('000003');
    expect((await askLicence(rt, two.instanceId, { effectiveTime: '27/10/2023' })).json).toMatchObject({ resultCode: '000002', resultMsg: expect.stringMatching(/^effectiveTime must be a UTC time/) });
    // the licence key is accepted too (and recorded); another key is not
    expect((await askLicence(rt, three.instanceId, {}, LICENCE_KEY)).json.resultCode).toBe('000004');
    const licenceSigned = (await rt.pool.query<Json>(`SELECT signature_detail FROM call WHERE direction = 'inbound' AND activity = 'getLicenseAsync' ORDER BY id DESC LIMIT 1`)).rows[0]!;
    expect(licenceSigned.signature_detail).toContain('accepted as the license key');
    expect((await askLicence(rt, three.instanceId, {}, 'some-other-key')).json.resultCode).toBe('000001');
  });

  it('the instance lifecycle works as for SaaS: a renewal is a new delivery with a new count, a frozen instance 000901, a released one 000003', async () => {
    const { instanceId, orderId } = await buyLicence(rt, emulator);
    const first = `EVT-${randomUUID()}`;
    expect((await askLicence(rt, instanceId, { eventId: first })).json.resultCode).toBe('000004');
    const [firstRow] = await uploaded(rt, first);
    // the one device of the order is licensed: another is refused until the renewal
    expect((await askLicence(rt, instanceId, { deviceFingerprint: 'BOARD-NEW' })).json.resultCode).toBe('000900');

    const renewal = (await emulator('POST', '/emulator/orders', { orderType: 'RENEW', periodType: 'year', periodNumber: 2 })).orderInfo;
    const expireTime = renewal.orderLine[0].expireTime as string;
    const refreshed = await call(rt, {
      body: { activity: 'refreshInstance', scene: 'RENEWAL', orderId: renewal.orderId, orderLineId: renewal.orderLine[0].orderLineId, instanceId, expireTime, testFlag: '1' },
    });
    expect(refreshed.json.resultCode).toBe('000000');
    const second = `EVT-${randomUUID()}`;
    expect((await askLicence(rt, instanceId, { eventId: second, deviceFingerprint: 'BOARD-NEW', expireTime: ts(new Date(Date.now() + 700 * DAY)) })).json.resultCode).toBe('000004');
    const [secondRow] = await uploaded(rt, second);
    expect(secondRow!.delivery_id).not.toBe(firstRow!.delivery_id);
    const deliveries = (await rt.pool.query<Json>(`SELECT kind, generation, status, order_id FROM licence_delivery WHERE instance_id = $1 ORDER BY id`, [instanceId])).rows;
    expect(deliveries).toEqual([
      { kind: 'NEW', generation: 'online', status: 'delivered', order_id: orderId },
      { kind: 'RENEWAL', generation: 'online', status: 'delivered', order_id: renewal.orderId },
    ]);

    expect((await call(rt, { body: { activity: 'updateInstanceStatus', instanceId, status: 'FREEZE', testFlag: '1' } })).json.resultCode).toBe('000000');
    expect((await askLicence(rt, instanceId, { deviceFingerprint: 'BOARD-NEW' })).json).toEqual({ resultCode: '000901', resultMsg: "not within the order's validity: the instance is frozen" });
    expect((await call(rt, { body: { activity: 'updateInstanceStatus', instanceId, status: 'UNFREEZE', testFlag: '1' } })).json.resultCode).toBe('000000');
    expect((await askLicence(rt, instanceId, { deviceFingerprint: 'BOARD-NEW' })).json.resultCode).toBe('000004');
    expect((await call(rt, { body: { activity: 'releaseInstance', instanceId, testFlag: '1' } })).json.resultCode).toBe('000000');
    expect((await askLicence(rt, instanceId, { deviceFingerprint: 'BOARD-NEW' })).json.resultCode).toBe('000003');
    // a repeat of a request made before the release still answers what it did
    expect((await askLicence(rt, instanceId, { eventId: second, deviceFingerprint: 'BOARD-NEW' })).json.resultCode).toBe('000000');
  });

  it('a failed upload is in the attention queue; Retry now and a re-invocation of the failed call upload the stored licence', async () => {
    const { instanceId } = await buyLicence(rt, emulator);
    // the faults are the emulator's, for any upload: the uploads of earlier tests are done first
    const settled = () =>
      waitFor(async () => (await rt.pool.query(`SELECT 1 FROM licence_request WHERE status <> 'uploaded'`)).rowCount === 0, 30_000, 'every earlier upload');
    await settled();
    // every attempt fails: 3 requests per job attempt, 2 job attempts (JOB_RETRY_LIMIT 1)
    await emulator('POST', '/emulator/faults', { api: 'licenceUpload', count: 6, status: 503 });
    const eventId = `EVT-${randomUUID()}`;
    expect((await askLicence(rt, instanceId, { eventId })).json.resultCode).toBe('000004');
    const gaveUp = await waitFor(async () => {
      const page = (await listAttentionJobs(rt.pool, { instanceId })) as AttentionPage;
      return page.jobs.find((j) => j.kind === 'licenceUpload' && j.state === 'gaveUp');
    }, 40_000, 'the upload job to give up');
    expect(gaveUp).toMatchObject({ queue: 'licence-upload', lastError: expect.stringContaining('HTTP 503') });
    expect(await requestRow(rt, eventId)).toMatchObject([{ status: 'generated' }]);
    expect(await uploadsOf(emulator, eventId)).toEqual([]);

    const retried = await retryJob(rt, gaveUp.id);
    expect(retried.outcome).toMatchObject({ state: 'queued' });
    const [row] = await uploaded(rt, eventId);
    expect(await uploadsOf(emulator, eventId)).toHaveLength(1);
    // the licence generated before is the one uploaded: not made again
    expect((await rt.pool.query(`SELECT id FROM licence WHERE delivery_id = $1`, [row!.delivery_id])).rowCount).toBe(1);
    expect(((await listAttentionJobs(rt.pool, { instanceId })) as AttentionPage).jobs).toEqual([]);

    // a second licence's failed upload, re-invoked from the call log
    const other = await buyLicence(rt, emulator);
    await settled();
    await emulator('POST', '/emulator/faults', { api: 'licenceUpload', count: 6, status: 400, errorCode: 'MKT.0101' });
    const second = `EVT-${randomUUID()}`;
    await askLicence(rt, other.instanceId, { eventId: second });
    await waitFor(async () => ((await listAttentionJobs(rt.pool, { instanceId: other.instanceId })) as AttentionPage).jobs.find((j) => j.state === 'gaveUp'), 40_000, 'the second upload to give up');
    await emulator('DELETE', '/emulator/faults');
    const failedCall = (await rt.pool.query<{ id: string }>(`SELECT max(id)::text AS id FROM call WHERE activity = 'licenceUpload' AND instance_id = $1 AND success = false`, [other.instanceId])).rows[0]!.id;
    const [re] = await reinvokeCalls({ pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey }, [failedCall], admin);
    expect(re).toMatchObject({ ok: true, queued: true });
    await uploaded(rt, second);
    const attempt = (await rt.pool.query<Json>(`SELECT reinvoked_from::text, triggered_by, success FROM call WHERE activity = 'licenceUpload' AND instance_id = $1 ORDER BY id DESC LIMIT 1`, [other.instanceId])).rows[0];
    expect(attempt).toEqual({ reinvoked_from: failedCall, triggered_by: admin.email, success: true });
  });
});

describe('online licences from the seller’s SaaS (licence.requested)', () => {
  let rt: Runtime;
  let hooks: WebhookReceiver;
  const emulator = emulatorOf(() => rt);
  const SECRET = 'whsec_' + Buffer.from('online-licence-webhook-secret!!!').toString('base64');
  const file = Buffer.from([0x4b, 0x47, 0x00, 0xff, 0x10, 0x20]);
  let answer: (data: Json) => { status: number; body?: unknown } = () => ({ status: 200, body: {} });

  beforeAll(async () => {
    hooks = await startWebhookReceiver(SECRET, (e) => {
      if (e.type === 'instance.provision') return { status: 200, body: { appInfo: { frontEndUrl: 'https://saas.example/t', userName: 'u', password: 'p' } } };
      if (e.type === 'licence.requested') return answer(e.data);
      return { status: 200, body: {} };
    });
    rt = await startTestRuntime({ PROVISIONER_WEBHOOK_URL: hooks.url, PROVISIONER_WEBHOOK_SECRET: SECRET, JOB_RETRY_LIMIT: '1', JOB_RETRY_DELAY_SECONDS: '1' });
  });
  afterAll(async () => {
    await rt?.close();
    await hooks?.close();
  });

  it('uploads the text the SaaS answers as CHARACTERS, and a file as a FILE with its SHA-256', async () => {
    const { instanceId, productId } = await buyLicence(rt, emulator, { linearValue: 5 });
    answer = (d) => ({ status: 200, body: { type: 'CHARACTERS', characters: `SAAS-LICENCE-FOR-${String(d.deviceFingerprint)}` } });
    const eventId = `EVT-${randomUUID()}`;
    expect((await askLicence(rt, instanceId, { eventId })).json.resultCode).toBe('000004');
    await uploaded(rt, eventId);
    expect(await uploadsOf(emulator, eventId)).toMatchObject([{ type: 'CHARACTERS', characters: 'SAAS-LICENCE-FOR-BOARD-1234-CPU-5678' }]);
    const event = hooks.received.find((e) => e.type === 'licence.requested' && e.data.eventId === eventId)!;
    expect(event.id).toMatch(/^licence-request-\d+$/);
    expect(event.data).toMatchObject({ instanceId, productId, linearValue: 5, deviceFingerprint: 'BOARD-1234-CPU-5678', testFlag: true, effectiveTime: expect.any(String), expireTime: expect.any(String) });
    // the call log keeps the answer's hash, not the licence
    const hook = (await rt.pool.query<Json>(`SELECT response_body FROM call WHERE activity = 'webhook.licence.requested' ORDER BY id DESC LIMIT 1`)).rows[0]!;
    expect(hook.response_body).toContain('"sha256"');
    expect(hook.response_body).not.toContain('SAAS-LICENCE-FOR');

    answer = () => ({ status: 200, body: { type: 'FILE', fileName: 'device.lic', contentBase64: file.toString('base64') } });
    const fileEvent = `EVT-${randomUUID()}`;
    await askLicence(rt, instanceId, { eventId: fileEvent, deviceFingerprint: 'BOARD-FILE' });
    const [row] = await uploaded(rt, fileEvent);
    expect(row).toMatchObject({ upload_type: 'FILE' });
    const [up] = await uploadsOf(emulator, fileEvent);
    expect(up).toMatchObject({ type: 'FILE', fileName: 'device.lic', contentBase64: file.toString('base64'), size: file.length });
  });

  it('an answer that is not a licence fails the job, named in its error; a valid one on Retry now is uploaded', async () => {
    const { instanceId } = await buyLicence(rt, emulator);
    answer = () => ({ status: 200, body: { type: 'CHARACTERS', characters: '' } });
    const eventId = `EVT-${randomUUID()}`;
    await askLicence(rt, instanceId, { eventId });
    const job = await waitFor(async () => ((await listAttentionJobs(rt.pool, { instanceId })) as AttentionPage).jobs.find((j) => j.state === 'gaveUp'), 40_000, 'the job to give up');
    expect(job.lastError).toContain('characters must not be empty');
    expect(await requestRow(rt, eventId)).toMatchObject([{ status: 'pending', licence_id: null }]);
    answer = () => ({ status: 200, body: { type: 'CHARACTERS', characters: 'FIXED-LICENCE' } });
    await retryJob(rt, job.id);
    await uploaded(rt, eventId);
    expect(await uploadsOf(emulator, eventId)).toMatchObject([{ characters: 'FIXED-LICENCE' }]);
  });
});
