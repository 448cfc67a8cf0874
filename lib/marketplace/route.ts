import { clientAddress, headersObject, readBodyLimited } from '../http/body';
import { kitPrivateKey } from '../kit/rsa';
import { log } from '../log';
import { getRuntime } from '../runtime';
import { asciiJson, handleProduce, maxBodyBytes } from './produce';
import { internalError } from './resultCodes';

/**
 * The production URL's HTTP side, shared by `/api/produce` (the basic interfaces, spec §3.1) and
 * `/api/produce/produceAPI/v2/{name}` (the kit interfaces, spec §3.12): read the raw body within the family's limit,
 * hand it to handleProduce, answer. Always HTTP 200 with JSON, never a 5xx; another method than POST gets 405 with
 * a JSON answer (and is in the call log like any call).
 */
export async function answerProduce(req: Request, opts: { kit?: string } = {}): Promise<Response> {
  try {
    const rt = await getRuntime();
    const url = new URL(req.url);
    const out = await handleProduce(
      {
        method: req.method,
        url: url.pathname + url.search,
        query: Object.fromEntries(url.searchParams),
        headers: headersObject(req.headers),
        rawBody: await readBodyLimited(req, maxBodyBytes(opts.kit !== undefined)),
        clientAddress: clientAddress(req),
        kit: opts.kit,
      },
      {
        pool: rt.pool,
        boss: rt.boss,
        config: rt.config,
        encryptionKey: rt.secrets.encryptionKey,
        kitPrivateKey: () => kitPrivateKey(rt),
      },
    );
    return new Response(req.method === 'HEAD' ? null : out.body, { status: out.status, headers: out.headers });
  } catch (err) {
    // The runtime could not start (database down …): still a marketplace answer, and the cause in the log.
    log.error('production interface unavailable', { err, cause: (err as Error).stack });
    return new Response(asciiJson(internalError('service temporarily unavailable')), {
      status: 200,
      headers: { 'content-type': 'application/json;charset=UTF-8' },
    });
  }
}
