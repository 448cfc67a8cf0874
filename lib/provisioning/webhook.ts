import { Webhook } from 'standardwebhooks';
import { recordCall } from '../calls/actions';
import type { AppInfo, DirectoryContext, DirectoryEvent, LicenceEvent, LifecycleEvent, ProvisionContext, Provisioner } from './types';

/**
 * Sends every lifecycle event to the seller's own SaaS as an HTTP POST signed with Standard Webhooks
 * (webhook-id, webhook-timestamp, webhook-signature). The webhook-id is the job id, stable across retries, so the
 * receiver can drop duplicates. For `instance.provision` the answer must carry the appInfo:
 * `{"appInfo": {"frontEndUrl": "...", "userName": "...", "password": "..."}}` (or those fields at the top level).
 * The joint-operation kit's directory events go the same way (onDirectoryEvent, lib/kit/events.ts), and so do the
 * licence codes' lifecycle events (onLicenceEvent, lib/licenceCodes/events.ts).
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

  /**
   * A kit directory event: `{type, timestamp, data: {...entity, instanceId, tenantId, timeStamp, sequence}}`, its
   * webhook-id `kit-event-<id>` the same on every retry.
   */
  async onDirectoryEvent(event: DirectoryEvent, ctx: DirectoryContext): Promise<void> {
    await this.post(
      event.type,
      `kit-event-${event.id}`,
      { ...event.data, instanceId: event.instanceId, tenantId: event.tenantId, timeStamp: event.timeStamp, sequence: event.sequence },
      { db: ctx.db, jobId: ctx.jobId, instanceId: event.instanceId, tenantId: event.tenantId, testFlag: event.testFlag, activity: `webhook.${event.type}` },
    );
  }

  /**
   * A licence code's lifecycle event: `{type, timestamp, data: {license, change, status, expireTime, productId,
   * orderId, orderLineId, changedAt}}`, its webhook-id `licence-change-<id>` the same on every retry.
   */
  async onLicenceEvent(event: LicenceEvent, ctx: DirectoryContext): Promise<void> {
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    await this.post(event.type, `licence-change-${event.id}`, event.data, {
      db: ctx.db,
      jobId: ctx.jobId,
      orderId: str(event.data.orderId),
      orderLineId: str(event.data.orderLineId),
      testFlag: event.testFlag,
      activity: `webhook.${event.type}`,
    });
  }

  private async send(event: 'provision' | LifecycleEvent, ctx: ProvisionContext): Promise<Record<string, unknown> | undefined> {
    return this.post(
      `instance.${event}`,
      `${ctx.jobId}:${event}`,
      { ...ctx.instance, expireTime: ctx.instance.expireTime?.toISOString() ?? null, order: ctx.order ?? null },
      {
        db: ctx.db,
        jobId: ctx.jobId,
        instanceId: ctx.instance.instanceId,
        orderId: ctx.instance.orderId,
        orderLineId: ctx.instance.orderLineId,
        testFlag: ctx.instance.testFlag,
        activity: `webhook.${event}`,
        needsJson: event === 'provision',
      },
    );
  }

  private async post(
    type: string,
    msgId: string,
    data: Record<string, unknown>,
    meta: { db: ProvisionContext['db']; jobId: string; activity: string; instanceId?: string; orderId?: string; orderLineId?: string; tenantId?: string; testFlag: boolean; needsJson?: boolean },
  ): Promise<Record<string, unknown> | undefined> {
    if (!this.url) throw new Error('PROVISIONER=webhook but PROVISIONER_WEBHOOK_URL is not set');
    const timestamp = new Date();
    const payload = JSON.stringify({ type, timestamp: timestamp.toISOString(), data });
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
          if (meta.needsJson) error = 'answer is not JSON';
        }
      }
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = `network error: ${(err as Error).cause ? ((err as Error).cause as Error).message : (err as Error).message}`;
    }
    await recordCall(meta.db, {
      direction: 'outbound',
      activity: meta.activity,
      orderId: meta.orderId,
      orderLineId: meta.orderLineId,
      instanceId: meta.instanceId,
      tenantId: meta.tenantId,
      signatureVerdict: 'not_applicable',
      method: 'POST',
      url: this.url,
      requestHeaders: headers,
      requestBody: payload,
      responseStatus: status,
      responseBody: text,
      success: !error,
      durationMs: performance.now() - started,
      testFlag: meta.testFlag,
      error,
      jobId: meta.jobId,
    });
    if (error) throw new Error(`webhook ${type} to ${this.url} failed: ${error}`);
    return json;
  }
}
