import type { ApiScope } from '../apikeys/scopes';
import { readBodyLimited } from '../http/body';
import { log } from '../log';
import { getRuntime, type Runtime } from '../runtime';
import { authenticateKey, isMachineError, type MachineError } from './auth';
import { TokenBuckets } from './bucket';

/**
 * The one wrapper of every machine API route under /api/v1 (issue 8), the console's consoleRoute in small: callers are
 * programs with an API key, not people with a session, so there is no language, no role and no cross-site rule
 * (proxy.ts lets /api/v1 through). In order:
 *  - 413 for a declared body over `maxBodyBytes`, before anything else (no work for a stranger beyond the headers);
 *  - 401 / 403 / 429 from the key check (lib/machine/auth.ts): no valid unrevoked key, no scope, over its rate limit;
 *  - only then the body, read up to `maxBodyBytes` (413 beyond it) and given to the handler as text;
 *  - the handler's value as 200 JSON, or its Response; any exception 500, its cause only in the server log.
 * Every error is `{ error: { key, message } }` in English.
 */
export interface MachineContext<P> {
  req: Request;
  runtime: Runtime;
  keyId: string;
  params: P;
  /** the body as text, at most maxBodyBytes */
  body: string;
}

export interface MachineOptions {
  scope: ApiScope;
  /** default 64 KiB */
  maxBodyBytes?: number;
}

export const MACHINE_ROUTE: unique symbol = Symbol.for('koogallery.machineRoute');

let buckets: TokenBuckets | undefined;
function bucketsFor(rt: Runtime): TokenBuckets {
  buckets ??= new TokenBuckets(rt.config.apiRateLimitPerSecond, rt.config.apiRateLimitBurst);
  return buckets;
}

export function machineError(e: MachineError): Response {
  const headers: Record<string, string> = e.retryAfterSeconds ? { 'retry-after': String(e.retryAfterSeconds) } : {};
  if (e.status === 401) headers['www-authenticate'] = 'Bearer';
  return Response.json({ error: { key: e.key, message: e.message } }, { status: e.status, headers });
}

const tooLarge = (max: number): MachineError => ({ status: 413, key: 'tooLarge', message: `The body is larger than ${max} bytes.` });

export function machineRoute<P extends Record<string, string> = Record<string, never>>(
  options: MachineOptions,
  handler: (ctx: MachineContext<P>) => Promise<unknown>,
) {
  const max = options.maxBodyBytes ?? 64 * 1024;
  const route = async (req: Request, ctx: { params?: Promise<P> } | undefined): Promise<Response> => {
    try {
      const declared = Number(req.headers.get('content-length') ?? 0);
      if (declared > max) return machineError(tooLarge(max));
      const runtime = await getRuntime();
      const auth = await authenticateKey(runtime, req.headers.get('authorization'), options.scope, bucketsFor(runtime));
      if (isMachineError(auth)) return machineError(auth);
      // the bytes up to the limit, whatever Content-Length said (lib/http/body.ts)
      const bytes = await readBodyLimited(req, max);
      if (bytes === undefined) return machineError(tooLarge(max));
      const body = bytes.toString('utf8');
      const params = ((await ctx?.params) ?? {}) as P;
      const result = await handler({ req, runtime, keyId: auth.keyId, params, body });
      return result instanceof Response ? result : Response.json(result ?? {});
    } catch (err) {
      if (req.signal?.aborted || (err as Error)?.message === 'aborted' || (err as { code?: string })?.code === 'ECONNRESET') {
        // the client hung up while sending: nothing to answer, nothing wrong here
        log.info('machine API client went away', { url: req.url });
        return machineError({ status: 400, key: 'aborted', message: 'The request was aborted by the client.' });
      }
      log.error('machine API fault', { url: req.url, err, cause: (err as Error)?.stack });
      return machineError({ status: 500, key: 'fault', message: 'The server failed; the cause is in its log.' });
    }
  };
  return Object.assign(route, { [MACHINE_ROUTE]: { scope: options.scope } });
}
