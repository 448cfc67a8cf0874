import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeAlert, createChannel, setRule, testChannel } from '../../../lib/alerts/actions';
import { dingtalkSign, feishuSign } from '../../../lib/alerts/channels';
import { evaluateAlerts, sweepAlerts } from '../../../lib/alerts/evaluate';
import { listAlerts, listChannels } from '../../../lib/alerts/queries';
import { enqueue, QUEUES } from '../../../lib/jobs/queue';
import type { Runtime } from '../../../lib/runtime';
import { consoleUsers } from '../helpers/console-routes';
import { startChatReceiver, startSmtpServer } from '../helpers/alerts';
import { call, startTestRuntime, useTestRuntime, waitFor } from '../helpers/runtime';

/**
 * Alerts (issue 12) against a real PostgreSQL, a real SMTP server (smtp-server) and a local chat webhook receiver:
 * one alert per cause however many calls fail, a digest at most every ALERT_DIGEST_MINUTES, resolution when the cause
 * is settled, every channel's format (DingTalk signed), each recipient's language, delivery failures retried.
 * The evaluation runs by hand with a chosen clock (ALERT_EVALUATE_SECONDS is an hour, so the runtime's own timer
 * stays out of the way); the deliveries run as the jobs they are.
 */

const MINUTE = 60_000;
const admin = async (rt: Runtime) => (await rt.pool.query<{ id: string; email: string; name: string | null; role: 'admin'; locale: string | null }>(`SELECT id, email, name, role::text AS role, locale FROM "user" WHERE email = 'admin@localhost'`)).rows[0]!;
const deps = (rt: Runtime) => ({ pool: rt.pool, boss: rt.boss, encryptionKey: rt.secrets.encryptionKey });
const failPurchase = (rt: Runtime, orderId: string) => call(rt, { body: { activity: 'newInstance', orderId, orderLineId: `${orderId}-1` } }); // no businessId: 000002
const settlePurchase = (rt: Runtime, orderId: string) => call(rt, { body: { activity: 'newInstance', orderId, orderLineId: `${orderId}-1`, businessId: randomUUID() } });

describe('alerts: one per cause, digests, resolution, every channel', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let chat: Awaited<ReturnType<typeof startChatReceiver>>;
  let rt: Runtime;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    chat = await startChatReceiver();
    rt = await startTestRuntime({ SMTP_URL: smtp.url, ALERT_EMAIL_FROM: 'Seller alerts <alerts@seller.test>', ALERT_EVALUATE_SECONDS: '3600', ALERT_DIGEST_MINUTES: '15', JOB_RETRY_DELAY_SECONDS: '1' });
  });
  afterAll(async () => {
    await rt?.close();
    await smtp?.close();
    await chat?.close();
  });

  it('fires once for 50 failing calls, digests after 15 minutes, resolves when they succeed, in each channel and language', async () => {
    const by = await admin(rt);
    // the purchases below are provisioned against orders the emulator does not have: their jobs' rules are tested below
    for (const rule of ['jobFailing', 'queueLag']) await setRule(rt, by, rule, { enabled: false });
    const users = await consoleUsers(rt, 'alerts', { ops: 'support', 'zh-ops': { role: 'support', locale: 'zh' } });
    await createChannel(deps(rt), by, { name: 'Ops mail', kind: 'email', recipients: [users.ops, users['zh-ops']] });
    await createChannel(deps(rt), by, { name: 'DingTalk', kind: 'dingtalk', url: `${chat.base}/ding?access_token=tok`, secret: 'SECding', locale: 'zh' });
    await createChannel(deps(rt), by, { name: 'Feishu', kind: 'feishu', url: `${chat.base}/feishu/hook/abc`, secret: 'feishu-secret' });
    await createChannel(deps(rt), by, { name: 'WeCom', kind: 'wecom', url: `${chat.base}/wecom?key=wecomsecretXXXX` });
    await createChannel(deps(rt), by, { name: 'Slack', kind: 'slack', url: `${chat.base}/slack/T000/B000/slacksecretXXXX` });
    // the console never answers a URL or a secret
    expect(JSON.stringify(await listChannels(rt.pool))).not.toMatch(/access_token=tok|SECding|feishu-secret|wecomsecret|slacksecret/);

    const orders = Array.from({ length: 50 }, (_, i) => `STORM-${i}`);
    for (const o of orders) expect((await failPurchase(rt, o)).json.resultCode).toBe('000002');
    const t0 = new Date();
    expect(await evaluateAlerts({ pool: rt.pool, prisma: rt.prisma, boss: rt.boss, digestMinutes: 15 }, t0)).toMatchObject({ opened: 1, digested: 0 });
    const [alert] = await listAlerts(rt.pool, { state: 'open' });
    expect(alert).toMatchObject({ rule: 'callFailed', cause: 'newInstance', count: 50, link: '/calls?view=failures' });
    expect(alert!.facts).toMatchObject({ activity: 'newInstance', resultCode: '000002', afterwards: 'refund' });

    // one message per chat, one e-mail per language
    await waitFor(async () => chat.posts.length >= 4 && smtp.mails.length >= 2, 20_000, 'the fired messages');
    const post = (p: string) => chat.posts.filter((x) => x.url.pathname.startsWith(p));
    const ding = post('/ding')[0]!;
    const ts = Number(ding.url.searchParams.get('timestamp'));
    expect(Math.abs(ts - Date.now())).toBeLessThan(60_000);
    expect(ding.url.searchParams.get('sign')).toBe(dingtalkSign('SECding', ts));
    expect(ding.url.searchParams.get('access_token')).toBe('tok');
    expect(ding.body).toMatchObject({ msgtype: 'markdown', markdown: { title: '【告警】 生产接口 newInstance 调用失败：50 条消息' } });
    expect((ding.body.markdown as { text: string }).text).toContain('http://tenant.test/calls?view=failures');
    const feishu = post('/feishu')[0]!;
    expect(feishu.body).toMatchObject({ msg_type: 'text', sign: feishuSign('feishu-secret', Number(feishu.body.timestamp)) });
    expect((feishu.body.content as { text: string }).text).toContain('[Alert] Production interface newInstance failing: 50 message(s)');
    expect(post('/wecom')[0]!.body).toMatchObject({ msgtype: 'markdown' });
    expect(String(post('/slack')[0]!.body.text)).toContain('<http://tenant.test/calls?view=failures>');
    const en = smtp.mails.find((m) => m.to.includes(`ops.alerts@console.test`))!;
    const zh = smtp.mails.find((m) => m.to.includes(`zh-ops.alerts@console.test`))!;
    expect(en).toMatchObject({ from: 'alerts@seller.test', subject: '[Alert] Production interface newInstance failing: 50 message(s)' });
    expect(en.text).toMatch(/the marketplace refunds the order at \d{4}-\d\d-\d\d \d\d:\d\d UTC\+8/);
    expect(zh.subject).toBe('【告警】 生产接口 newInstance 调用失败：50 条消息');
    expect(zh.text).toContain('云商店将于');

    // the same cause a minute later: nothing new; grown 5 minutes later: still nothing (digest every 15 min)
    expect(await evaluateAlerts({ pool: rt.pool, prisma: rt.prisma, boss: rt.boss, digestMinutes: 15 }, new Date(t0.getTime() + MINUTE))).toEqual({ opened: 0, digested: 0, resolved: 0 });
    for (const o of ['STORM-50', 'STORM-51']) await failPurchase(rt, o);
    expect(await evaluateAlerts({ pool: rt.pool, prisma: rt.prisma, boss: rt.boss, digestMinutes: 15 }, new Date(t0.getTime() + 5 * MINUTE))).toEqual({ opened: 0, digested: 0, resolved: 0 });
    expect(await evaluateAlerts({ pool: rt.pool, prisma: rt.prisma, boss: rt.boss, digestMinutes: 15 }, new Date(t0.getTime() + 16 * MINUTE))).toEqual({ opened: 0, digested: 1, resolved: 0 });
    await waitFor(async () => post('/slack').length === 2, 20_000, 'the digest');
    expect(String(post('/slack')[1]!.body.text)).toContain('[Still open] Production interface newInstance failing: 52 message(s)');
    expect(String(post('/slack')[1]!.body.text)).toContain('Now 52 (was 50 at the last message).');

    // every purchase succeeds on the marketplace's retry: resolved, and told
    for (const o of [...orders, 'STORM-50', 'STORM-51']) expect((await settlePurchase(rt, o)).json.resultCode).toMatch(/^00000[04]$/);
    expect(await evaluateAlerts({ pool: rt.pool, prisma: rt.prisma, boss: rt.boss, digestMinutes: 15 }, new Date(t0.getTime() + 17 * MINUTE))).toMatchObject({ resolved: 1 });
    await waitFor(async () => post('/slack').length === 3 && smtp.mails.length === 6, 20_000, 'the resolution');
    expect(String(post('/slack')[2]!.body.text)).toContain('[Resolved]');
    expect(await listAlerts(rt.pool, { state: 'open' })).toEqual([]);
    const [resolved] = await listAlerts(rt.pool);
    expect(resolved).toMatchObject({ state: 'resolved', deliveries: { sent: 15, failing: 0, pending: 0 } });
  });

  it('retries a delivery the chat refuses, records why, and sends a test alert on demand', async () => {
    const by = await admin(rt);
    let refusals = 2;
    const flaky = await startChatReceiver(() => (refusals-- > 0 ? { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } } : { status: 200, body: { errcode: 0 } }));
    try {
      const { id } = await createChannel(deps(rt), by, { name: 'Flaky DingTalk', kind: 'dingtalk', url: `${flaky.base}/robot/send?access_token=secret-token` });
      const { deliveryId } = await testChannel(deps(rt), by, id);
      const channel = async () => (await listChannels(rt.pool)).find((c) => c.id === id)!;
      await waitFor(async () => (await channel()).lastDelivery?.state === 'failing', 20_000, 'the first refusal');
      const failing = (await channel()).lastDelivery!;
      expect(failing).toMatchObject({ id: deliveryId, event: 'test' });
      expect(failing.error).toContain('code 310000: sign not match');
      expect(failing.error).not.toContain('secret-token');
      await waitFor(async () => (await channel()).lastDelivery?.state === 'sent', 30_000, 'the retried delivery');
      expect((await channel()).lastDelivery).toMatchObject({ attempts: 3 });
      expect(flaky.posts).toHaveLength(3);
      expect((flaky.posts[2]!.body.markdown as { title: string }).title).toBe('[Test] Test alert from the KooGallery seller console');
    } finally {
      await flaky.close();
    }
  });

  it('refuses a bad channel naming the field, and changes nothing', async () => {
    const by = await admin(rt);
    const before = (await listChannels(rt.pool)).length;
    await expect(createChannel(deps(rt), by, { name: 'x', kind: 'pager' })).rejects.toMatchObject({ key: 'errors.alert.channel.kind', fields: { kind: expect.anything() } });
    await expect(createChannel(deps(rt), by, { name: 'x', kind: 'slack', url: 'ftp://x' })).rejects.toMatchObject({ fields: { url: expect.anything() } });
    await expect(createChannel(deps(rt), by, { name: 'x', kind: 'slack', url: 'https://hooks.test/x', secret: 's' })).rejects.toMatchObject({ fields: { secret: expect.anything() } });
    await expect(createChannel(deps(rt), by, { name: 'x', kind: 'email', recipients: [randomUUID()] })).rejects.toMatchObject({ fields: { recipients: expect.anything() } });
    await expect(createChannel(deps(rt), by, { name: '', kind: 'email', recipients: [] })).rejects.toMatchObject({ fields: { name: expect.anything() } });
    expect((await listChannels(rt.pool)).length).toBe(before);
  });
});

describe('alerts: each rule fires once and resolves', () => {
  const rt = useTestRuntime({ ALERT_EVALUATE_SECONDS: '3600' }, { workers: false });
  const evaluate = (now = new Date()) => evaluateAlerts({ pool: rt.pool, prisma: rt.prisma, boss: rt.boss, digestMinutes: 15 }, now);
  const open = async () => (await listAlerts(rt.pool, { state: 'open' })).map((a) => `${a.rule}:${a.cause}:${a.count}`).sort();
  const age = (orderId: string, ms: number) => rt.pool.query(`UPDATE call SET created_at = created_at - make_interval(secs => $2) WHERE order_id = $1`, [orderId, ms / 1000]);

  it('the failure ageing stages, the month’s failed orders, and the rule’s threshold and switch', async () => {
    // a purchase failing 100 minutes (past half of its 3 h window), one 160 minutes (30 min before refund)
    await failPurchase(rt, 'AGE-1');
    await age('AGE-1', 100 * MINUTE);
    await failPurchase(rt, 'AGE-2');
    await age('AGE-2', 160 * MINUTE);
    // three purchases whose window closed (refunded) this month; the marketplace month of now
    for (const o of ['GONE-1', 'GONE-2', 'GONE-3']) {
      await failPurchase(rt, o);
      await age(o, 3 * 60 * MINUTE + MINUTE);
    }
    await evaluate();
    expect(await open()).toEqual(['callFailed:newInstance:2', 'failureAgeing:final:1', 'failureAgeing:half:2', expect.stringMatching(/^monthlyFailedOrders:\d{4}-\d\d:3$/)]);
    expect(await evaluate()).toEqual({ opened: 0, digested: 0, resolved: 0 });

    // a higher threshold: three failed orders no longer alert; the rule turned off resolves its alert without a word
    const by = await admin(rt);
    await setRule(rt, by, 'monthlyFailedOrders', { enabled: true, threshold: 4 });
    await setRule(rt, by, 'failureAgeing', { enabled: false });
    expect(await evaluate()).toMatchObject({ resolved: 3 });
    expect(await open()).toEqual(['callFailed:newInstance:2']);
    await expect(setRule(rt, by, 'monthlyFailedOrders', { enabled: true, threshold: 0 })).rejects.toMatchObject({ fields: { threshold: expect.anything() } });
    await expect(setRule(rt, by, 'nope', { enabled: true })).rejects.toMatchObject({ fields: { rule: expect.anything() } });

    for (const o of ['AGE-1', 'AGE-2']) await settlePurchase(rt, o);
    expect(await evaluate()).toMatchObject({ resolved: 1 });
    expect(await open()).toEqual([]);
  });

  it('jobs failing or given up, the queue lagging, usage unaccepted, licences awaiting, the self-check failing', async () => {
    const client = await rt.pool.connect();
    let failing: string, gaveUp: string, lagging: string;
    try {
      await client.query('BEGIN');
      failing = await enqueue(client, rt.boss, QUEUES.licenceUpload, { licenceRequestId: 'r-1' });
      gaveUp = await enqueue(client, rt.boss, QUEUES.licenceUpload, { licenceRequestId: 'r-2' });
      lagging = await enqueue(client, rt.boss, QUEUES.provision, { instanceId: 'lag-1' });
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await rt.pool.query(`UPDATE pgboss.job SET state = 'retry', retry_count = 1 WHERE id = $1`, [failing]);
    await rt.pool.query(`UPDATE pgboss.job SET state = 'failed', completed_on = now() WHERE id = $1`, [gaveUp]);
    await rt.pool.query(`UPDATE pgboss.job SET start_after = now() - interval '2 minutes' WHERE id = $1`, [lagging]);
    await rt.pool.query(`INSERT INTO usage_record (instance_id, hour, value, metering_sn) VALUES ('u-1', date_trunc('hour', now()) - interval '4 hours', 1, 'sn-alert-1')`);
    await rt.pool.query(`INSERT INTO instance (id, order_id, order_line_id, status) VALUES ('lic-1', 'LIC-1', 'LIC-1-1', 'active')`);
    await rt.pool.query(`INSERT INTO licence_delivery (instance_id, order_id, kind, product_id, created_at) VALUES ('lic-1', 'LIC-1', 'NEW', 'p-1', now() - interval '25 hours')`);
    await rt.pool.query(`INSERT INTO debug_run (trigger, triggered_by, finished_at, passed, failed) VALUES ('scheduled', 'schedule', now(), 3, 1)`);

    await evaluate();
    expect(await open()).toEqual(['jobFailing:licence-upload:2', 'licenceAwaiting:licences:1', 'queueLag:queue:1', 'selfCheckFailed:self-check:1', 'usageUnaccepted:usage:1']);
    const job = (await listAlerts(rt.pool, { state: 'open' })).find((a) => a.rule === 'jobFailing')!;
    expect(job.facts).toMatchObject({ failing: 1, gaveUp: 1 });
    expect(await evaluate()).toEqual({ opened: 0, digested: 0, resolved: 0 });

    // each cause settled
    await rt.pool.query(`UPDATE pgboss.job SET state = 'completed', completed_on = now() WHERE id = ANY($1::uuid[])`, [[failing, gaveUp, lagging]]);
    await rt.pool.query(`UPDATE usage_record SET status = 'accepted' WHERE metering_sn = 'sn-alert-1'`);
    await rt.pool.query(`UPDATE licence_delivery SET status = 'delivered' WHERE order_id = 'LIC-1'`);
    await rt.pool.query(`INSERT INTO debug_run (trigger, triggered_by, finished_at, passed, failed) VALUES ('scheduled', 'schedule', now(), 4, 0)`);
    expect(await evaluate()).toMatchObject({ resolved: 5 });
    expect(await open()).toEqual([]);
  });

  it('an acknowledged alert gets no digest; an unknown one is refused', async () => {
    const by = await admin(rt);
    await failPurchase(rt, 'ACK-1');
    const t0 = new Date();
    await evaluate(t0);
    const [a] = await listAlerts(rt.pool, { state: 'open' });
    await acknowledgeAlert(rt, by, a!.id);
    await failPurchase(rt, 'ACK-2');
    await evaluate(new Date(t0.getTime() + 20 * MINUTE));
    const after = (await listAlerts(rt.pool, { state: 'open' })).find((x) => x.id === a!.id);
    expect(after).toMatchObject({ count: 2, acknowledgedBy: 'admin@localhost', lastNotifiedAt: a!.lastNotifiedAt, deliveries: { sent: 0, failing: 0, pending: 0 } });
    await expect(acknowledgeAlert(rt, by, '999999')).rejects.toMatchObject({ kind: 'notFound' });
  });

  it('keeps resolved alerts 90 days, open ones however old', async () => {
    await rt.pool.query(`INSERT INTO alert (rule, cause, state, count, notified_count, facts, link, opened_at, resolved_at) VALUES
      ('queueLag', 'old', 'resolved', 1, 1, '{}', '/', now() - interval '100 days', now() - interval '91 days'),
      ('queueLag', 'recent', 'resolved', 1, 1, '{}', '/', now() - interval '100 days', now() - interval '89 days'),
      ('usageUnaccepted', 'old-open', 'open', 1, 1, '{}', '/', now() - interval '200 days', NULL)`);
    await sweepAlerts(rt.pool);
    const { rows } = await rt.pool.query<{ cause: string }>(`SELECT cause FROM alert WHERE cause IN ('old', 'recent', 'old-open') ORDER BY cause`);
    expect(rows.map((r) => r.cause)).toEqual(['old-open', 'recent']);
    await rt.pool.query(`DELETE FROM alert WHERE cause IN ('recent', 'old-open')`);
  });
});
