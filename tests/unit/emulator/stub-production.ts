import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sortedCompactJson } from '../../../lib/marketplace/canonical';
import { hexEquals, v2Signature } from '../../../lib/marketplace/signature';

/**
 * A tiny production server standing in for the app in player tests: it checks every call the way the spec
 * requires (spec §3.1, §3.2) and hands the parsed body to `handle`. A bad signature gets 000001 like Huawei's demo.
 */
export interface ReceivedCall {
  body: Record<string, unknown>;
  rawBody: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
}

export type StubAnswer = { status?: number; json?: unknown; raw?: string; delayMs?: number };

export async function startStubProduction(key: string, handle: (call: ReceivedCall) => StubAnswer | Promise<StubAnswer>) {
  const received: ReceivedCall[] = [];
  const problems: string[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', 'http://stub');
    const query = Object.fromEntries(u.searchParams);
    const send = (status: number, text: string) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(text);
    };
    const problem = checkRequest(key, req, rawBody, query);
    if (problem) {
      problems.push(problem);
      send(200, JSON.stringify({ resultCode: '000001', resultMsg: problem }));
      return;
    }
    const call: ReceivedCall = { body: JSON.parse(rawBody) as Record<string, unknown>, rawBody, query, headers: req.headers };
    received.push(call);
    const answer = await handle(call);
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (res.destroyed) return;
    send(answer.status ?? 200, answer.raw ?? JSON.stringify(answer.json));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/produce`,
    received,
    problems,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function checkRequest(key: string, req: http.IncomingMessage, rawBody: string, q: Record<string, string>): string | undefined {
  if (req.method !== 'POST') return `method ${req.method}`;
  if (req.headers['content-type'] !== 'application/json;charset=utf8') return `content-type ${req.headers['content-type']}`;
  if (req.headers.accept !== 'application/json') return `accept ${req.headers.accept}`;
  const { signature, timestamp, nonce } = q;
  if (!signature || !timestamp || !nonce) return 'missing signature/timestamp/nonce';
  if (!/^[0-9A-F]{64}$/.test(nonce)) return 'nonce is not 64 uppercase hex';
  if (!/^\d{13}$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > 60_000) return 'timestamp outside 60 s';
  if (!hexEquals(v2Signature(key, rawBody, nonce, timestamp), signature)) return 'signature mismatch';
  if (sortedCompactJson(JSON.parse(rawBody)) !== rawBody) return 'body is not sorted compact JSON';
  return undefined;
}
