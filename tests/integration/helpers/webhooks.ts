import http from 'node:http';
import { Webhook } from 'standardwebhooks';

/** A delivery the receiver accepted: its webhook-id, type and data. */
export interface ReceivedEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

export interface WebhookReceiver {
  /** the URL to give as PROVISIONER_WEBHOOK_URL */
  url: string;
  /** accepted deliveries, in arrival order */
  received: ReceivedEvent[];
  /** why refused deliveries were refused (bad signatures) */
  rejected: string[];
  close(): Promise<void>;
}

/**
 * The seller's SaaS in tests: a real HTTP server checking Standard Webhooks signatures with `secret`. `answer` decides
 * each verified delivery's reply: a status and a body (default 200 `{}`; an `instance.provision` wants its appInfo),
 * sent after `delayMs` when given (a slow SaaS).
 */
export async function startWebhookReceiver(
  secret: string,
  answer: (event: ReceivedEvent) => { status: number; body?: unknown; delayMs?: number } = () => ({ status: 200, body: {} }),
): Promise<WebhookReceiver> {
  const verifier = new Webhook(secret);
  const received: ReceivedEvent[] = [];
  const rejected: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      let event: ReceivedEvent;
      try {
        const e = verifier.verify(body, req.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
        event = { id: String(req.headers['webhook-id']), type: e.type, data: e.data };
      } catch (err) {
        rejected.push((err as Error).message);
        res.writeHead(401).end();
        return;
      }
      const reply = answer(event);
      if (reply.status >= 200 && reply.status < 300) received.push(event);
      const send = () => {
        if (!res.destroyed) res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body === undefined ? '' : JSON.stringify(reply.body));
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`,
    received,
    rejected,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
