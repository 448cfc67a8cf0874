import { clientAddress, headersObject, readBodyLimited } from '../http/body';
import { kitPrivateKey } from '../kit/rsa';
import { log } from '../log';
import { config, keysFor } from '../config';
import { getRuntime, type Runtime } from '../runtime';
import { asciiJson, handleProduce, maxBodyBytes, type ProduceDeps } from './produce';
import { internalError } from './resultCodes';
import { bodySignHeader } from './signature';

/**
 * The production URL's HTTP side, shared by `/api/produce` (the basic interfaces, spec §3.1) and
 * `/api/produce/produceAPI/v2/{name}` and `/api/produce/produceAPI/{name}` (the kit interfaces V2 and V1, spec §3.12, §4.11): read the raw body within the family's limit,
 * hand it to handleProduce, answer. Always HTTP 200 with JSON, never a 5xx; another method than POST gets 405 with
 * a JSON answer (and is in the call log like any call). A GET to `/api/produce` is a V1 call (spec §4.1), answered by
 * handleProduceV1 (always 200, with a Body-Sign).
 */
export async function answerProduce(req: Request, opts: { kit?: string; kitV1?: boolean } = {}): Promise<Response> {
  const v1 = (req.method === 'GET' && opts.kit === undefined) || opts.kitV1 === true;
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
        kitV1: opts.kitV1,
      },
      produceDeps(rt),
    );
    return new Response(req.method === 'HEAD' ? null : out.body, { status: out.status, headers: out.headers });
  } catch (err) {
    // The runtime could not start (database down …): still a marketplace answer, and the cause in the log.
    log.error('production interface unavailable', { err, cause: (err as Error).stack });
    const body = asciiJson(internalError('service temporarily unavailable'));
    const headers: Record<string, string> = { 'content-type': 'application/json;charset=UTF-8' };
    // spec §4.3: a V1 answer without Body-Sign is refused by the marketplace, this one too
    const key = v1 ? v1KeyOrUndefined() : undefined;
    if (key) headers['Body-Sign'] = bodySignHeader(key, body);
    return new Response(body, { status: 200, headers });
  }
}

/** What the production interface needs of the running process: shared by the route and the console's re-invocation. */
export function produceDeps(rt: Runtime): ProduceDeps {
  return {
    pool: rt.pool,
    boss: rt.boss,
    config: rt.config,
    encryptionKey: rt.secrets.encryptionKey,
    kitPrivateKey: () => kitPrivateKey(rt),
    licence: { provisioner: rt.provisioner, signingKey: rt.secrets.licenceSigningKey },
  };
}

function v1KeyOrUndefined(): string | undefined {
  try {
    return keysFor(config(), 'v1')[0]?.key;
  } catch {
    return undefined;
  }
}
