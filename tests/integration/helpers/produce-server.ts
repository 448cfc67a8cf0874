import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleProduce } from '../../../lib/marketplace/produce';
import { produceDeps } from '../../../lib/marketplace/route';
import type { Runtime } from '../../../lib/runtime';

/**
 * The app's production interface on a real HTTP server (POST /api/produce, its V1 GET, and the kit's
 * /api/produce/produceAPI/v2/{name} and V1 /api/produce/produceAPI/{name} → handleProduce, as lib/marketplace/route.ts), for tests that call the app over the
 * network without a build. The runtime is given later, so that its PUBLIC_URL can name this server.
 */
export async function startProduceServer(): Promise<{ url: string; productionUrl: string; attach(rt: Runtime): void; close(): Promise<void> }> {
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
