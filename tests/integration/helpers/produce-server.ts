import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleProduce } from '../../../lib/marketplace/produce';
import { produceDeps } from '../../../lib/marketplace/route';
import type { Runtime } from '../../../lib/runtime';
import { afterAll, beforeAll } from 'vitest';
import { debuggerDeps } from '../../../lib/debugger/api';
import type { DebuggerDeps } from '../../../lib/debugger/runner';
import { startTestRuntime } from './runtime';

/**
 * The app's production interface on a real HTTP server (POST /api/produce, its V1 GET, and the kit's
 * /api/produce/produceAPI/v2/{name} and V1 /api/produce/produceAPI/{name} → handleProduce, as lib/marketplace/route.ts), for tests that call the app over the
 * network without a build. The runtime is given later, so that its PUBLIC_URL can name this server.
 */
export interface ProduceServer {
  url: string;
  productionUrl: string;
  attach(rt: Runtime): void;
  close(): Promise<void>;
}

export async function startProduceServer(): Promise<ProduceServer> {
  let rt: Runtime | undefined;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const u = new URL(req.url ?? '/', 'http://local');
    const kitPath = /^\/api\/produce\/produceAPI\/(v2\/)?([^/]+)$/.exec(u.pathname);
    const kit = kitPath?.[2];
    const method = req.method ?? 'GET';
    // POST to the production URL or a kit path (V2 or V1); a GET to the production URL is a V1 call
    const served = kit ? method === 'POST' : u.pathname === '/api/produce' && (method === 'POST' || method === 'GET');
    if (!served || !rt) {
      res.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const out = await handleProduce(
      {
        method,
        url: u.pathname + u.search,
        query: Object.fromEntries(u.searchParams),
        headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        clientAddress: req.socket.remoteAddress,
        kit,
        kitV1: kit !== undefined && !kitPath?.[1],
      },
      produceDeps(rt),
    );
    res.writeHead(out.status, out.headers).end(out.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    productionUrl: `${url}/api/produce`,
    attach: (r) => (rt = r),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * The app over HTTP for a test file: the production interface on a real server (startProduceServer), a runtime whose
 * PUBLIC_URL names it (so "this app" of the debugger and the players is that server), and the debugger's dependencies.
 * Started before the file's tests, closed after them; read the fields inside tests and hooks.
 */
export function useAppOverHttp(env: Record<string, string> = {}): { rt: Runtime; app: ProduceServer; deps: DebuggerDeps } {
  const ctx = {} as { rt: Runtime; app: ProduceServer; deps: DebuggerDeps };
  beforeAll(async () => {
    ctx.app = await startProduceServer();
    ctx.rt = await startTestRuntime({ PUBLIC_URL: ctx.app.url, ...env });
    ctx.app.attach(ctx.rt);
    ctx.deps = debuggerDeps(ctx.rt);
  });
  afterAll(async () => {
    await ctx.rt?.close();
    await ctx.app?.close();
  });
  return ctx;
}
