import { randomBytes } from 'node:crypto';
import { recordCall, reserveCallId } from '../../calls/actions';
import { keysFor } from '../../config';
import type { Queryable } from '../../db/client';
import { log } from '../../log';
import { asciiJson, type ProduceDeps, type ProduceInput, type ProduceOutput, type Reinvocation } from '../produce';
import { authFailed, internalError, invalidParam, isSuccess, type ProduceResult } from '../resultCodes';
import { bodySignHeader } from '../signature';
import type { CandidateKey, SignatureVerdict } from '../verify';
import { dispatchV1, V1_READ_ONLY } from './activities';
import { MAX_QUERY_CHARS, parseV1Query } from './query';
import { isV1Activity, parseV1Request } from './schemas';
import { v1CandidateKeys, verifyV1Request } from './verify';

/** What the call log keeps of a URL over the query limit. */
const STORED_URL_CHARS = 2048;

/**
 * The V1 production interface (spec §4), transport-free like handleProduce: `GET` with every parameter in the query,
 * verified by its authToken (§4.2), parsed field by field (§4.4-4.10), dispatched to the V1 adapters over the V2
 * domain functions, answered, recorded. Every answer is HTTP 200 JSON with a `Body-Sign` header over the exact bytes
 * sent (§4.3), refusals too whenever a key is configured (signed with the key whose authToken matched, else the first
 * V1 key); a fault is 000005 with a reference, its cause in the server log. V1 carries no nonce: every activity is
 * idempotent like its V2 twin, so a replay inside the timestamp window changes nothing.
 */
export async function handleProduceV1(input: ProduceInput, deps: ProduceDeps, reinvocation?: Reinvocation): Promise<ProduceOutput> {
  const started = performance.now();
  const now = deps.now?.() ?? Date.now();
  const keys = v1CandidateKeys(keysFor(deps.config, 'v1'));
  let signingKey = keys[0]?.key;
  let verdict: SignatureVerdict | undefined;
  let signatureDetail: string | undefined;
  let params: Record<string, string> | undefined;
  let callId: bigint | undefined;
  let errorReference: string | undefined;
  let outcome: ProduceResult;
  try {
    outcome = await (async (): Promise<ProduceResult> => {
      // bounded before anything is verified: the query's length and parameter count (lib/marketplace/v1/query.ts)
      const q = parseV1Query(input.url);
      if (!q.ok) {
        signatureDetail = 'V1 authToken not checked: the query is out of bounds';
        return invalidParam(q.message);
      }
      params = q.params;
      if (reinvocation) {
        // verified when it first came (its authToken is kept masked): answered with the key that matched then
        verdict = 'valid';
        signatureDetail = `V1, re-invocation of call ${reinvocation.of}`;
        const matched = await keyOfCall(deps.pool, reinvocation.of, keys);
        if (matched) signingKey = matched.key;
      } else {
        const v = verifyV1Request({ params, keys, now, windowMs: deps.config.v1TimestampWindowSeconds * 1000 });
        verdict = v.verdict;
        signatureDetail = v.detail ?? 'V1 authToken';
        if (v.key) signingKey = v.key.key;
        if (!v.ok) return authFailed(v.message);
      }
      const req = parseV1Request(params);
      if (!req.ok) return invalidParam(req.message);
      // a call that changes something reserves its call-log id here, for the jobs it enqueues to link to
      if (!V1_READ_ONLY.has(req.request.activity)) callId = await reserveCallId(deps.pool);
      return await dispatchV1(req.request, {
        pool: deps.pool,
        boss: deps.boss,
        encryptionKey: deps.encryptionKey,
        callId,
        publicUrl: deps.config.publicUrl,
        key: signingKey!,
        encryptType: deps.config.v1EncryptType,
        timeStamp: params.timeStamp,
        licence: deps.licence,
      });
    })();
  } catch (err) {
    errorReference = randomBytes(6).toString('hex');
    log.error('production interface fault (V1)', { reference: errorReference, err, cause: (err as Error).stack });
    outcome = internalError(`internal error, reference ${errorReference}`);
  }

  // spec §4.3: serialise once, sign those bytes, send those bytes
  const responseBody = asciiJson(outcome);
  const headers: Record<string, string> = { 'content-type': 'application/json;charset=UTF-8' };
  if (signingKey) headers['Body-Sign'] = bodySignHeader(signingKey, responseBody);

  const p = params ?? {};
  const activity = p.activity ? p.activity.slice(0, 64) : undefined;
  const instanceId = p.instanceId ?? (typeof outcome.instanceId === 'string' ? outcome.instanceId : undefined);
  await recordCall(deps.pool, {
    id: callId,
    direction: 'inbound',
    activity: activity ?? null,
    orderId: p.orderId,
    instanceId,
    signatureVerdict: verdict ?? null,
    signatureDetail,
    method: input.method,
    url: input.url.length > MAX_QUERY_CHARS ? `${input.url.slice(0, STORED_URL_CHARS)}…[${input.url.length} characters]` : input.url,
    query: params ?? {},
    requestHeaders: input.headers,
    // a GET has no body (a V1 call's fields are its query); what one sent anyway is not read
    requestBody: bodyNote(input.rawBody),
    responseStatus: 200,
    responseBody,
    resultCode: outcome.resultCode,
    resultMsg: outcome.resultMsg,
    success: isSuccess(outcome.resultCode, isV1Activity(activity) ? activity : undefined),
    durationMs: performance.now() - started,
    testFlag: p.testFlag === '1',
    clientAddress: input.clientAddress,
    error: errorReference ? `fault, reference ${errorReference} (cause in the server log)` : undefined,
    reinvokedFrom: reinvocation?.of,
    triggeredBy: reinvocation?.by,
  });
  return { status: 200, headers, body: responseBody, result: outcome };
}

/** The candidate key whose label the original call's signature_detail names (`V1 authToken, <label>, …`). */
export async function keyOfCall(pool: Queryable, callId: bigint, keys: CandidateKey[]): Promise<CandidateKey | undefined> {
  const { rows } = await pool.query<{ signature_detail: string | null }>('SELECT signature_detail FROM call WHERE id = $1', [callId.toString()]);
  const detail = rows[0]?.signature_detail ?? '';
  return keys.find((k) => detail.startsWith(`V1 authToken, ${k.label},`));
}

function bodyNote(raw: ProduceInput['rawBody']): string {
  const n = raw === undefined ? undefined : typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  return n === 0 ? '' : `[a GET body${n === undefined ? '' : ` of ${n} bytes`}, not read]`;
}
