import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../lib/runtime';
import { buyAndWait, call, startTestRuntime, waitFor } from '../helpers/runtime';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhooks';

const SECRET = 'whsec_' + Buffer.from('integration-webhook-secret-0123').toString('base64');

/** The webhook provisioner against a real HTTP receiver that checks Standard Webhooks signatures. */
describe('webhook provisioner', () => {
  let rt: Runtime;
  let hooks: WebhookReceiver;
  let failNext = 0;

  beforeAll(async () => {
    hooks = await startWebhookReceiver(SECRET, (event) => {
      if (failNext > 0) {
        failNext--;
        return { status: 503, body: 'busy' };
      }
      return {
        status: 200,
        body:
          event.type === 'instance.provision'
            ? { appInfo: { frontEndUrl: `https://saas.example.com/${String(event.data.instanceId)}`, userName: 'owner', password: 'S3cret!pass' } }
            : {},
      };
    });
    rt = await startTestRuntime({
      PROVISIONER_WEBHOOK_URL: hooks.url,
      PROVISIONER_WEBHOOK_SECRET: SECRET,
      JOB_RETRY_DELAY_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await rt?.close();
    await hooks?.close();
  });

  it('sends every lifecycle event signed, takes appInfo from the answer, and retries a failed delivery', async () => {
    expect(rt.provisioner.name).toBe('webhook');
    failNext = 1; // the first delivery fails: the job retries it
    const { instanceId, ready } = await buyAndWait(rt, 'MOCKPERIODYEARNEW');
    const appInfo = (ready.info as { appInfo: Record<string, string> }[])[0]!.appInfo;
    expect(appInfo).toEqual({ frontEndUrl: `https://saas.example.com/${instanceId}`, userName: 'owner', password: 'S3cret!pass' });

    const steps: Record<string, unknown>[] = [
      { activity: 'refreshInstance', instanceId, orderId: 'MOCKMONTYRENEW', orderLineId: 'MOCKMONTYRENEW-000001', scene: 'RENEWAL', expireTime: '20300101000000' },
      { activity: 'updateInstanceStatus', instanceId, status: 'FREEZE' },
      { activity: 'updateInstanceStatus', instanceId, status: 'UNFREEZE' },
      { activity: 'upgradeInstance', instanceId, orderId: 'MOCKMONTYCHANGE', orderLineId: 'MOCKMONTYCHANGE-000001' },
      { activity: 'releaseInstance', instanceId },
    ];
    for (const body of steps) {
      expect((await call(rt, { body })).json.resultCode).toBe('000000');
      // one event at a time, so the order of delivery is the order of the calls
      await waitFor(async () => (await rt.pool.query(`SELECT 1 FROM job WHERE instance_id = $1 AND state <> 'completed'`, [instanceId])).rowCount === 0);
    }
    expect(hooks.received.map((e) => e.type)).toEqual([
      'instance.provision',
      'instance.renew',
      'instance.freeze',
      'instance.unfreeze',
      'instance.upgrade',
      'instance.release',
    ]);
    expect(hooks.rejected).toEqual([]);
    expect(hooks.received[0]!.data).toMatchObject({ instanceId, orderId: 'MOCKPERIODYEARNEW' });
    expect((hooks.received[0]!.data.order as { orderId: string }).orderId).toBe('MOCKPERIODYEARNEW');

    // every delivery is in the call log, the failed one too, with the signature masked
    const logged = await rt.pool.query<{ activity: string; success: boolean; response_status: number; request_headers: Record<string, string> }>(
      `SELECT activity, success, response_status, request_headers FROM call WHERE instance_id = $1 AND direction = 'outbound' AND activity LIKE 'webhook.%' ORDER BY id`,
      [instanceId],
    );
    expect(logged.rows[0]).toMatchObject({ activity: 'webhook.provision', success: false, response_status: 503 });
    expect(logged.rows.filter((r) => r.success).map((r) => r.activity)).toEqual(hooks.received.map((e) => e.type.replace('instance.', 'webhook.')));
    for (const r of logged.rows) expect(r.request_headers['webhook-signature']).not.toMatch(/^v1,[A-Za-z0-9+/=]{20,}$/);
    // the provision job took two attempts, and the password from the webhook is stored encrypted
    const job = await rt.pool.query<{ attempts: number }>(`SELECT attempts FROM job WHERE instance_id = $1 AND queue = 'provision'`, [instanceId]);
    expect(job.rows[0]!.attempts).toBe(2);
    const inst = await rt.pool.query<{ password_enc: string; provisioner: string }>('SELECT password_enc, provisioner FROM instance WHERE id = $1', [instanceId]);
    expect(inst.rows[0]!.provisioner).toBe('webhook');
    expect(inst.rows[0]!.password_enc).not.toContain('S3cret');
  });
});
