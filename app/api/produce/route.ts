import { clientAddress, headersObject, readBodyLimited } from '@/lib/http/body';
import { log } from '@/lib/log';
import { asciiJson, handleProduce, MAX_BODY_BYTES } from '@/lib/marketplace/produce';
import { internalError } from '@/lib/marketplace/resultCodes';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The production URL a seller registers in the marketplace (spec §3.1): read the raw body, hand it to the
 * production interface, answer. Always HTTP 200 with JSON, never a 5xx; another method than POST gets 405 with a
 * JSON answer (and is in the call log like any call).
 */
async function answer(req: Request): Promise<Response> {
  try {
    const rt = await getRuntime();
    const url = new URL(req.url);
    const out = await handleProduce(
      {
        method: req.method,
        url: url.pathname + url.search,
        query: Object.fromEntries(url.searchParams),
        headers: headersObject(req.headers),
        rawBody: await readBodyLimited(req, MAX_BODY_BYTES),
        clientAddress: clientAddress(req),
      },
      { pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey },
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

export { answer as POST, answer as GET, answer as HEAD, answer as PUT, answer as PATCH, answer as DELETE, answer as OPTIONS };
