import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { recordCall } from '../calls/actions';
import { checkFileName, checkFileSize, failed } from '../licences/validation';
import type { LicenceUpload } from '../openapi/licence';
import { UPLOAD_CHARACTERS_MAX } from '../openapi/types';
import type { AppInfo, DirectoryContext, DirectoryEvent, LicenceEvent, LicenceRequestEvent, LifecycleEvent, ProvisionContext, Provisioner } from './types';
import { breakerFor } from '../openapi/breaker';

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

  /**
   * An online licence (spec §9.2): `licence.requested` `{type, timestamp, data: {eventId, instanceId, orderId,
   * orderLineId, productId, skuCode, linearValue, deviceFingerprint, effectiveTime, expireTime, testFlag}}`, its
   * webhook-id `licence-request-<id>` the same on every retry; the answer is the licence (parseLicenceAnswer). The
   * call log keeps the answer's type, size and SHA-256, not the licence.
   */
  async requestLicence(event: LicenceRequestEvent, ctx: DirectoryContext): Promise<LicenceUpload> {
    const { id, ...data } = event;
    let parsed: ReturnType<typeof parseLicenceAnswer> | undefined;
    await this.post('licence.requested', event.activity === 'getLicense' ? `licence-${id}` : `licence-request-${id}`, data, {
      db: ctx.db,
      jobId: ctx.jobId,
      timeoutMs: ctx.timeoutMs,
      instanceId: event.instanceId,
      orderId: event.orderId,
      orderLineId: event.orderLineId,
      testFlag: event.testFlag,
      activity: 'webhook.licence.requested',
      needsJson: true,
      answer: (json) => {
        parsed = parseLicenceAnswer(json);
        return { error: parsed.ok ? undefined : `answer to licence.requested: ${parsed.error}`, logged: parsed.ok ? describeLicence(parsed.licence) : undefined };
      },
    });
    if (!parsed?.ok) throw new Error('unreachable: an invalid answer throws in post');
    return parsed.licence;
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
    meta: {
      db: ProvisionContext['db'];
      jobId?: string;
      activity: string;
      timeoutMs?: number;
      instanceId?: string;
      orderId?: string;
      orderLineId?: string;
      tenantId?: string;
      testFlag: boolean;
      needsJson?: boolean;
      /** judges a 2xx JSON answer: why it is not acceptable, and what the log keeps of it instead of the text */
      answer?: (json: Record<string, unknown> | undefined) => { error?: string; logged?: string };
    },
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
    // the seller's SaaS down: an open breaker refuses before anything is sent (lib/openapi/breaker.ts)
    const breaker = breakerFor('webhook');
    breaker.acquire();
    const started = performance.now();
    let status: number | undefined;
    let text: string | undefined;
    let error: string | undefined;
    let json: Record<string, unknown> | undefined;
    try {
      const res = await fetch(this.url, { method: 'POST', headers, body: payload, signal: AbortSignal.timeout(meta.timeoutMs ?? this.timeoutMs) });
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
      else if (meta.answer && !error) {
        const judged = meta.answer(json);
        error = judged.error;
        if (judged.logged !== undefined) text = judged.logged;
      }
    } catch (err) {
      error = `network error: ${(err as Error).cause ? ((err as Error).cause as Error).message : (err as Error).message}`;
    }
    // no answer, 5xx or 429: the SaaS is down or overwhelmed; any other answer (a refusal included) is the SaaS up
    if (status === undefined || status >= 500 || status === 429) breaker.failed(error ?? `HTTP ${status}`);
    else breaker.succeeded();
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

/**
 * The seller's answer to `licence.requested` (spec §9.2 upload types): `{"type":"CHARACTERS","characters":"…"}` (at
 * most 1024 characters, the upload's limit) or `{"type":"FILE","fileName":"…","contentBase64":"…"}` (a file name as
 * the console takes one, at most 255 characters; content at most 1 MiB, not empty). Anything else is refused, naming
 * the field.
 */
const licenceAnswerSchema = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('CHARACTERS'),
      characters: z
        .string({ error: 'characters must be a string' })
        .min(1, { error: 'characters must not be empty' })
        .max(UPLOAD_CHARACTERS_MAX, { error: `characters is longer than ${UPLOAD_CHARACTERS_MAX} characters` }),
    }),
    z.object({
      type: z.literal('FILE'),
      fileName: z.string({ error: 'fileName must be a string' }),
      contentBase64: z.string({ error: 'contentBase64 must be a string' }).regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'contentBase64 is not base64' }),
    }),
  ],
  { error: 'type must be CHARACTERS or FILE' },
);

export function parseLicenceAnswer(json: unknown): { ok: true; licence: LicenceUpload } | { ok: false; error: string } {
  const p = licenceAnswerSchema.safeParse(json);
  if (!p.success) return { ok: false, error: p.error.issues[0]?.message ?? 'not a licence' };
  if (p.data.type === 'CHARACTERS') return { ok: true, licence: { type: 'CHARACTERS', characters: p.data.characters } };
  const name = checkFileName(p.data.fileName);
  if (failed(name)) return { ok: false, error: 'fileName must be a file name of at most 255 characters' };
  const content = Buffer.from(p.data.contentBase64, 'base64');
  if (failed(checkFileSize(content.length))) return { ok: false, error: 'contentBase64 must hold 1 byte to 1 MiB' };
  return { ok: true, licence: { type: 'FILE', fileName: name.value, content } };
}

/** What the call log keeps of a licence answer. */
function describeLicence(l: LicenceUpload): string {
  const bytes = l.type === 'FILE' ? l.content : Buffer.from(l.characters, 'utf8');
  return JSON.stringify({
    type: l.type,
    ...(l.type === 'FILE' ? { fileName: l.fileName } : {}),
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    note: 'the licence itself is not kept in the call log',
  });
}
