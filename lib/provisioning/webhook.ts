import { Webhook } from 'standardwebhooks';
import { recordCall } from '../calls/actions';
import type { AppInfo, LifecycleEvent, ProvisionContext, Provisioner } from './types';

/**
 * Sends every lifecycle event to the seller's own SaaS as an HTTP POST signed with Standard Webhooks
 * (webhook-id, webhook-timestamp, webhook-signature). The webhook-id is the job id, stable across retries, so the
 * receiver can drop duplicates. For `instance.provision` the answer must carry the appInfo:
 * `{"appInfo": {"frontEndUrl": "...", "userName": "...", "password": "..."}}` (or those fields at the top level).
 * Failures throw; the job queue retries with backoff.
 */
export class WebhookProvisioner implements Provisioner {
  readonly name = 'webhook';
  private readonly signer: Webhook;

  constructor(
    private readonly url: string | undefined,
    secret: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.signer = new Webhook(secret);
  }

  async provision(ctx: ProvisionContext): Promise<AppInfo> {
    const answer = await this.send('provision', ctx);
    const appInfo = (answer?.appInfo ?? answer) as Partial<AppInfo> | undefined;
    if (!appInfo || typeof appInfo.frontEndUrl !== 'string' || !appInfo.frontEndUrl) {
      throw new Error('webhook answer to instance.provision has no appInfo.frontEndUrl');
    }
    return {
      frontEndUrl: appInfo.frontEndUrl.slice(0, 512),
      adminUrl: typeof appInfo.adminUrl === 'string' ? appInfo.adminUrl.slice(0, 512) : undefined,
      userName: typeof appInfo.userName === 'string' ? appInfo.userName.slice(0, 128) : undefined,
      password: typeof appInfo.password === 'string' ? appInfo.password.slice(0, 128) : undefined,
      memo: typeof appInfo.memo === 'string' ? appInfo.memo.slice(0, 1024) : undefined,
    };
  }

  async onEvent(event: LifecycleEvent, ctx: ProvisionContext): Promise<void> {
    await this.send(event, ctx);
  }

  private async send(event: 'provision' | LifecycleEvent, ctx: ProvisionContext): Promise<Record<string, unknown> | undefined> {
    const type = `instance.${event}`;
    if (!this.url) throw new Error('PROVISIONER=webhook but PROVISIONER_WEBHOOK_URL is not set');
    const timestamp = new Date();
    const payload = JSON.stringify({
      type,
      timestamp: timestamp.toISOString(),
      data: { ...ctx.instance, expireTime: ctx.instance.expireTime?.toISOString() ?? null, order: ctx.order ?? null },
    });
    const msgId = `${ctx.jobId}:${event}`;
    const headers = {
      'content-type': 'application/json',
      'webhook-id': msgId,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': this.signer.sign(msgId, timestamp, payload),
    };
    const started = performance.now();
    let status: number | undefined;
    let text: string | undefined;
    let error: string | undefined;
    let json: Record<string, unknown> | undefined;
    try {
      const res = await fetch(this.url, { method: 'POST', headers, body: payload, signal: AbortSignal.timeout(this.timeoutMs) });
      status = res.status;
      text = await res.text();
      if (text) {
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          if (event === 'provision') error = 'answer is not JSON';
        }
      }
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = `network error: ${(err as Error).cause ? ((err as Error).cause as Error).message : (err as Error).message}`;
    }
    await recordCall(ctx.db, {
      direction: 'outbound',
      activity: `webhook.${event}`,
      orderId: ctx.instance.orderId,
      orderLineId: ctx.instance.orderLineId,
      instanceId: ctx.instance.instanceId,
      signatureVerdict: 'not_applicable',
      method: 'POST',
      url: this.url,
      requestHeaders: headers,
      requestBody: payload,
      responseStatus: status,
      responseBody: text,
      success: !error,
      durationMs: performance.now() - started,
      testFlag: ctx.instance.testFlag,
      error,
      jobId: ctx.jobId,
    });
    if (error) throw new Error(`webhook ${type} to ${this.url} failed: ${error}`);
    return json;
  }
}
