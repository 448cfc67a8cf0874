import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { recordCall, reserveCallId } from '../calls/record';
import { keysFor, type AppConfig } from '../config';
import { log } from '../log';
import { dispatch, READ_ONLY_ACTIVITIES } from './activities';
import { claimNonce } from './nonce';
import { authFailed, internalError, invalidParam, isSuccess, type ProduceResult } from './resultCodes';
import { isActivity, parseActivityRequest } from './schemas';
import { bodySignHeader } from './signature';
import { verifyV2Request, type SignatureVerdict } from './verify';

/** spec §3.1: requests over this size are refused with 000002 before anything else is done. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ProduceInput {
  method: string;
  /** path and query, as received */
  url: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** the raw body, exactly as received (undefined when it was over MAX_BODY_BYTES) */
  rawBody: string | undefined;
  clientAddress?: string;
}

export interface ProduceDeps {
  pool: pg.Pool;
  boss: PgBoss;
  config: AppConfig;
  encryptionKey: string;
  now?: () => number;
}

export interface ProduceOutput {
  status: 200;
  headers: Record<string, string>;
  body: string;
  result: ProduceResult;
}

/** A manual re-invocation of a stored call whose signature was verified when it arrived (issue 3). */
export interface Reinvocation {
  of: bigint;
  by: string;
}

/**
 * The production interface, transport-free: verify (spec §3.2), parse (§3.3-3.10), dispatch, answer, record.
 * Always HTTP 200 with a result code; an unexpected fault becomes 000005 and is logged with its cause.
 * A re-invocation takes the same path but for the signature and nonce, which were checked when the call first came.
 */
export async function handleProduce(input: ProduceInput, deps: ProduceDeps, reinvocation?: Reinvocation): Promise<ProduceOutput> {
  const started = performance.now();
  const now = deps.now?.() ?? Date.now();
  let parsed: unknown;
  let jsonError: string | undefined;
  if (input.rawBody !== undefined) {
    try {
      parsed = JSON.parse(input.rawBody);
    } catch (err) {
      jsonError = (err as Error).message;
    }
  }
  const body = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  const activity = typeof body?.activity === 'string' ? body.activity : undefined;
  let verdict: SignatureVerdict | undefined;
  let signatureDetail: string | undefined;
  let signingKey: string | undefined;
  let callId: bigint | undefined;
  let outcome: ProduceResult;

  const parseAndDispatch = async (): Promise<ProduceResult> => {
    if (jsonError !== undefined) return invalidParam(`request body is not valid JSON: ${jsonError}`);
    if (!body) return invalidParam('request body must be a JSON object');
    const req = parseActivityRequest(body);
    if (!req.ok) return invalidParam(req.message);
    return await dispatch(req.request, { pool: deps.pool, boss: deps.boss, encryptionKey: deps.encryptionKey, callId });
  };

  try {
    outcome = await (async (): Promise<ProduceResult> => {
      if (input.rawBody === undefined) return invalidParam(`request body is larger than ${MAX_BODY_BYTES} bytes`);
      const writes = isActivity(activity) && !READ_ONLY_ACTIVITIES.has(activity);
      if (reinvocation) {
        verdict = 'valid';
        signatureDetail = `re-invocation of call ${reinvocation.of}`;
        if (writes) callId = await reserveCallId(deps.pool);
        return await parseAndDispatch();
      }
      // spec §2: orderNotify is signed with the key bound to the general interfaces, the rest with the basic one
      const keys = keysFor(deps.config, activity === 'orderNotify' ? 'general' : 'basic');
      const v = verifyV2Request({ rawBody: input.rawBody, parsedBody: body, query: input.query, keys, now });
      verdict = v.verdict;
      signatureDetail = v.detail;
      if (!v.ok) return authFailed(v.message);
      signingKey = v.key.key;
      // a call that changes something reserves its call-log id here, for the jobs it enqueues to link to
      const claim = await claimNonce(deps.pool, input.query.nonce!, writes);
      if (!claim.fresh) {
        verdict = 'replayed';
        return authFailed('authentication failed: nonce has already been used (replayed request)');
      }
      callId = claim.callId;
      return await parseAndDispatch();
    })();
  } catch (err) {
    log.error('production interface fault', { activity, err, cause: (err as Error).stack });
    outcome = internalError(`other inner error: ${(err as Error).message}`.slice(0, 255));
  }

  const responseBody = asciiJson(outcome);
  const headers: Record<string, string> = { 'content-type': 'application/json;charset=UTF-8' };
  // spec §3.1 / §13.3: harmless if ignored, required by one requirements page
  if (signingKey) headers['Body-Sign'] = bodySignHeader(signingKey, responseBody);

  const str = (k: string) => (typeof body?.[k] === 'string' ? (body[k] as string) : undefined);
  const instanceId = str('instanceId') ?? (typeof outcome.instanceId === 'string' ? outcome.instanceId : undefined);
  await recordCall(deps.pool, {
    id: callId,
    direction: 'inbound',
    activity: activity ?? null,
    orderId: str('orderId'),
    orderLineId: str('orderLineId'),
    instanceId,
    signatureVerdict: verdict ?? null,
    signatureDetail,
    method: input.method,
    url: input.url,
    query: input.query,
    requestHeaders: input.headers,
    requestBody: input.rawBody ?? `[body over ${MAX_BODY_BYTES} bytes not stored]`,
    responseStatus: 200,
    responseBody,
    resultCode: outcome.resultCode,
    resultMsg: outcome.resultMsg,
    success: isSuccess(outcome.resultCode, activity),
    durationMs: performance.now() - started,
    testFlag: body?.testFlag === '1' || body?.testFlag === 1,
    clientAddress: input.clientAddress,
    reinvokedFrom: reinvocation?.of,
    triggeredBy: reinvocation?.by,
  });
  return { status: 200, headers, body: responseBody, result: outcome };
}

/** JSON with every non-ASCII character escaped as \uXXXX (spec §3.4 memo, §12.11): valid JSON, safe for any reader. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
