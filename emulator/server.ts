import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIdpHandler, isIdpPath } from './idp';
import { handleOpenApi } from './openapi';
import type { EmulatorState } from './state';

/** node:http adapter around handleOpenApi. */

export const MAX_BODY_BYTES = 1024 * 1024;

export interface EmulatorServer {
  /** e.g. http://127.0.0.1:3900 (no trailing slash) */
  url: string;
  port: number;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function startEmulatorServer(opts: { port?: number; host?: string; state: EmulatorState }): Promise<EmulatorServer> {
  const host = opts.host ?? '127.0.0.1';
  let idp: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | undefined;
  const server = http.createServer(async (req, res) => {
    // the tenant IdP (emulator/idp.ts) reads its own requests
    if (idp && isIdpPath(req.url ?? '/')) return idp(req, res);
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (e) {
      const tooLarge = e instanceof BodyTooLarge;
      res.writeHead(tooLarge ? 413 : 400, { 'Content-Type': 'application/json;charset=UTF-8', Connection: 'close' });
      res.end(JSON.stringify({ error_code: 'APIGW.0201', error_msg: tooLarge ? 'request body larger than 1 MB' : 'bad request' }));
      return;
    }
    const answer = await handleOpenApi(
      { method: req.method ?? 'GET', url: req.url ?? '/', headers: flatHeaders(req.headers), body: body.toString('utf8'), rawBody: body },
      opts.state,
    );
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      const url = `http://${shownHost}:${port}`;
      idp = createIdpHandler(opts.state.idp, url);
      resolve({
        url,
        port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
