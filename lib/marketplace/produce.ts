import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { recordCall, reserveCallId } from '../calls/actions';
import { keysFor, type AppConfig } from '../config';
import { log } from '../log';
import { dispatch, READ_ONLY_ACTIVITIES } from './activities';
import { claimNonce } from './nonce';
import { authFailed, internalError, invalidParam, isSuccess, type ProduceResult } from './resultCodes';
import { acceptedInterfaceTypesOf } from './names';
import { isActivity, parseActivityRequest } from './schemas';
import { measureJson, parseJson, type JsonBounds, type JsonParse, type JsonShape } from '../http/json';
import { findNul } from '../http/nul';
import { bodySignHeader } from './signature';
import { SignatureFailureThrottle } from './throttle';
import { kitSignedHeaders, verifyKitRequest, verifyV2Request, type CandidateKey, type SignatureVerdict } from './verify';
import { applyKitChange } from '../kit/directory';
import { isKitInterface, KIT_INTERFACES, parseKitRequest } from '../kit/schemas';
import { handleProduceV1, keyOfCall } from './v1/produce';
import type { LicenceIssuer } from '../licences/inline';
import { v1KitKeys, verifyKitV1Request } from './v1/verify';

/** spec §3.1: requests over this size are refused with 000002 before anything else is done. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The kit interfaces (spec §3.12) carry a whole organisation tree in allOrgSync: 20,000 nodes (lib/kit/schemas.ts
 * MAX_ORGS) of up to 64 + 255 + 64 characters fit in 8 MiB; a 5,000-node tree is typically under 1 MiB.
 */
export const KIT_MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface ProduceInput {
  method: string;
  /** path and query, as received */
  url: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** the raw body, exactly as received: bytes, or their text (undefined when it was over MAX_BODY_BYTES) */
  rawBody: Buffer | string | undefined;
  clientAddress?: string;
  /**
   * The kit interface named by the path (`/produceAPI/v2/{name}`, spec §3.12): the call is of the kit family, signed
   * in headers with the kit key, its body a directory change. Absent for the basic interfaces.
   */
  kit?: string;
  /**
   * The kit call is of the V1 generation (`/produceAPI/{name}`, spec §4.11): signed with an `authToken` header over
   * the body's fields, answered with a Body-Sign.
   */
  kitV1?: boolean;
}

export interface ProduceDeps {
  pool: pg.Pool;
  boss: PgBoss;
  config: AppConfig;
  encryptionKey: string;
  now?: () => number;
  /** repeated signature failures (default: one per process) */
  throttle?: SignatureFailureThrottle;
  /** the app's kit RSA private key (PEM), for applicationSync's clientSecret (lib/kit/rsa.ts) */
  kitPrivateKey?: () => string;
  /** what produces V1 getLicense's licence (lib/licences/inline.ts) */
  licence?: LicenceIssuer;
}

export interface ProduceOutput {
  /** 200 always, but for an HTTP method other than POST (405, still with a JSON answer) */
  status: 200 | 405;
  headers: Record<string, string>;
  body: string;
  result: ProduceResult;
}

/** A manual re-invocation of a stored call whose signature was verified when it arrived (issue 3). */
export interface Reinvocation {
  of: bigint;
  by: string;
}

/** spec §3.3-3.10 bodies are flat or one level deep; these bounds leave room and cap the work done before anything else. */
export const BODY_BOUNDS: JsonBounds = { maxDepth: 32, maxKeys: 10_000 };
/** The kit's bodies are two levels deep, but allOrgSync lists up to 20,000 nodes of three fields. */
export const KIT_BODY_BOUNDS: JsonBounds = { maxDepth: 8, maxKeys: 100_000 };

/** The body size limit of a call of either family (the route reads at most this much). */
export function maxBodyBytes(kit: boolean): number {
  return kit ? KIT_MAX_BODY_BYTES : MAX_BODY_BYTES;
}

/** What is kept of a body from an address whose signatures keep failing (lib/marketplace/throttle.ts). */
const THROTTLED_BODY_BYTES = 1024;

const defaultThrottle = new SignatureFailureThrottle();

/**
 * The production interface, transport-free: verify (spec §3.2), parse (§3.3-3.10), dispatch, answer, record.
 * Always HTTP 200 with a result code; an unexpected fault becomes 000005 with a reference, its cause logged under it.
 * A re-invocation takes the same path but for the signature and nonce, which were checked when the call first came.
 *
 * Work before authentication is bounded (issue 6): the raw body's HMAC is checked before anything is parsed; the
 * sorted-body fallback parses only a body within BODY_BOUNDS, and is skipped for addresses that keep failing.
 *
 * The kit interfaces (spec §3.12, `input.kit`) take the same path with their own envelope: the signature from the
 * x-sign / x-timestamp / x-nonce headers over the sorted body first (the documented variant, so the body is parsed
 * first, within KIT_BODY_BOUNDS), the kit keys, no Body-Sign, and a directory change (lib/kit/directory.ts) instead
 * of an activity.
 */
export async function handleProduce(input: ProduceInput, deps: ProduceDeps, reinvocation?: Reinvocation): Promise<ProduceOutput> {
  // spec §4.1: a GET to the production URL is a V1 call (authToken in the query, Body-Sign on every answer)
  if (input.method === 'GET' && input.kit === undefined) return handleProduceV1(input, deps, reinvocation);
  const started = performance.now();
  const now = deps.now?.() ?? Date.now();
  const throttle = deps.throttle ?? defaultThrottle;
  const throttled = !reinvocation && throttle.isThrottled(input.clientAddress, now);
  const kit = input.kit !== undefined;
  const bounds = kit ? KIT_BODY_BOUNDS : BODY_BOUNDS;
  const maxBytes = maxBodyBytes(kit);

  // the body's bytes (what is signed), read as text only when needed, and parsed at most once and only within bounds
  // (`shape` says why not when it is not)
  const bytes = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
  let text: string | undefined = typeof input.rawBody === 'string' ? input.rawBody : undefined;
  const bodyText = () => (text ??= bytes?.toString('utf8'));
  let shape: JsonShape | undefined;
  let parsedJson: JsonParse | undefined;
  const parse = (): JsonParse | undefined => {
    if (parsedJson || bytes === undefined) return parsedJson;
    shape = measureJson(bodyText()!, bounds);
    if (shape.ok) parsedJson = parseJson(bodyText()!);
    return parsedJson;
  };
  const bodyObject = (): Record<string, unknown> | undefined => {
    const v = parsedJson?.ok ? parsedJson.value : undefined;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  };
  let verdict: SignatureVerdict | undefined;
  let signatureDetail: string | undefined;
  // spec §4.11: a V1 kit answer carries a Body-Sign, refusals too (the first V1 kit key until one matched)
  const kitV1Keys = kit && input.kitV1 ? v1KitKeys(deps.config) : undefined;
  let signingKey: string | undefined = kitV1Keys?.[0]?.key;
  let callId: bigint | undefined;
  let errorReference: string | undefined;
  let outcome: ProduceResult;

  const parseAndDispatch = async (): Promise<ProduceResult> => {
    const parsed = parse();
    if (shape && !shape.ok) return invalidParam(shape.message);
    if (!parsed!.ok) return invalidParam(parsed!.message);
    const body = bodyObject();
    if (!body) return invalidParam('request body must be a JSON object');
    const nul = findNul(body, bounds.maxDepth + 1);
    if (nul) return invalidParam('field' in nul ? `${nul.field} must not contain the character U+0000` : `request body is nested deeper than ${bounds.maxDepth} levels`);
    if (kit) {
      const change = parseKitRequest(input.kit as never, body, { v1: kitV1Keys !== undefined });
      if (!change.ok) return invalidParam(change.message);
      return await applyKitChange(change.request, {
        pool: deps.pool,
        boss: deps.boss,
        encryptionKey: deps.encryptionKey,
        kitPrivateKey: deps.kitPrivateKey ?? noKitKey,
      });
    }
    const req = parseActivityRequest(body);
    if (!req.ok) return invalidParam(req.message);
    return await dispatch(req.request, { pool: deps.pool, boss: deps.boss, encryptionKey: deps.encryptionKey, callId, publicUrl: deps.config.publicUrl });
  };

  const methodAllowed = input.method === 'POST';
  try {
    outcome = await (async (): Promise<ProduceResult> => {
      if (!methodAllowed) return invalidParam(`HTTP method ${input.method.slice(0, 16)} is not supported: the production interface takes POST`);
      if (bytes === undefined) return invalidParam(`request body is larger than ${maxBytes} bytes`);
      if (kit && !isKitInterface(input.kit)) {
        return invalidParam(`interface "${input.kit!.slice(0, 40)}" is not a kit interface (expected one of ${KIT_INTERFACES.join(', ')})`);
      }
      if (reinvocation && kit) {
        verdict = 'valid';
        signatureDetail = `${kitV1Keys ? 'V1, ' : ''}re-invocation of call ${reinvocation.of}`;
        if (kitV1Keys) signingKey = (await keyOfCall(deps.pool, reinvocation.of, kitV1Keys))?.key ?? signingKey;
        return await parseAndDispatch();
      }
      if (kitV1Keys) {
        // spec §4.11: the authToken is over the body's fields, so the body is parsed (within bounds) before the check
        const token = input.headers.authtoken;
        const small = !throttled || bytes.length <= MAX_BODY_BYTES;
        if (token && small) parse();
        const v = verifyKitV1Request({ token, body: bodyObject(), keys: kitV1Keys, now, windowMs: deps.config.v1TimestampWindowSeconds * 1000 });
        verdict = v.verdict;
        signatureDetail = v.detail ?? 'V1 kit authToken';
        if (v.key) signingKey = v.key.key;
        if (!v.ok) {
          throttle.recordFailure(input.clientAddress, now);
          return authFailed(v.message);
        }
        return await parseAndDispatch();
      }
      if (kit) {
        // spec §3.12: the documented variant signs the sorted body, so it is parsed (within bounds) before the check
        const signed = kitSignedHeaders(input.headers);
        // parsed only once the headers pass the cheap checks, and, for an address whose signatures keep failing, only
        // within the basic interfaces' size (work before authentication stays bounded, issue 6)
        const parsedBody = () => (throttled && bytes.length > MAX_BODY_BYTES ? undefined : okValue(parse()));
        const v = verifyKitRequest({ rawBody: bytes, parsedBody, signed, keys: keysFor(deps.config, 'kit'), now });
        verdict = v.verdict;
        signatureDetail = v.detail;
        if (!v.ok) {
          throttle.recordFailure(input.clientAddress, now);
          return authFailed(v.message);
        }
        const claim = await claimNonce(deps.pool, signed.nonce!, false);
        if (!claim.fresh) {
          verdict = 'replayed';
          return authFailed('authentication failed: nonce has already been used (replayed request)');
        }
        return await parseAndDispatch();
      }
      if (reinvocation) {
        verdict = 'valid';
        signatureDetail = `re-invocation of call ${reinvocation.of}`;
        parse();
        if (writesSomething(activityOf(bodyObject()))) callId = await reserveCallId(deps.pool);
        return await parseAndDispatch();
      }
      // spec §2: a key is bound per interface type: orderNotify is signed with the general interfaces' key, the
      // licence-code activities (spec §9.1) with the licence key, the rest with the basic one. The activity is not
      // read before the signature is checked, so every key set is tried, and the activity is then held to its own.
      // (The licence variant of the signature, spec §3.2 CN:zh-cn_topic_0070649248, is the same HMAC construction
      // with the hex in lower case: verifyV2Request compares case-insensitively.)
      const keys = uniqueKeys([...keysFor(deps.config, 'basic'), ...keysFor(deps.config, 'general'), ...keysFor(deps.config, 'license')]);
      const v = verifyV2Request({
        rawBody: bytes,
        parsedBody: () => (throttle.allowsFallback(input.clientAddress, now) ? okValue(parse()) : undefined),
        query: input.query,
        keys,
        now,
      });
      verdict = v.verdict;
      signatureDetail = v.detail;
      if (!v.ok) {
        throttle.recordFailure(input.clientAddress, now);
        return authFailed(v.message);
      }
      parse();
      const activity = activityOf(bodyObject());
      // getLicenseAsync (spec §9.2) is accepted with the basic or the licence key (names.ts says why); the detail
      // records which one matched
      const types = acceptedInterfaceTypesOf(activity);
      const matched = types.find((type) => keysFor(deps.config, type).some((k) => k.key === v.key.key));
      if (!matched) {
        const type = types.join(' or ');
        verdict = 'invalid';
        signatureDetail = `${v.detail}; ${activity ?? 'the call'} needs the ${type} key`;
        return authFailed(`authentication failed: ${activity ?? 'this call'} must be signed with the key bound to the ${type} interfaces`);
      }
      if (types.length > 1) signatureDetail = `${v.detail}; accepted as the ${matched} key`;
      signingKey = v.key.key;
      // a call that changes something reserves its call-log id here, for the jobs it enqueues to link to
      const claim = await claimNonce(deps.pool, input.query.nonce!, writesSomething(activity));
      if (!claim.fresh) {
        verdict = 'replayed';
        return authFailed('authentication failed: nonce has already been used (replayed request)');
      }
      callId = claim.callId;
      return await parseAndDispatch();
    })();
  } catch (err) {
    // the caller learns a reference, never the cause (PostgreSQL's or V8's words); the log has both
    errorReference = randomBytes(6).toString('hex');
    log.error('production interface fault', { reference: errorReference, err, cause: (err as Error).stack });
    outcome = internalError(`internal error, reference ${errorReference}`);
  }

  const responseBody = asciiJson(outcome);
  const headers: Record<string, string> = { 'content-type': 'application/json;charset=UTF-8' };
  if (!methodAllowed) headers.allow = 'POST';
  // spec §3.1 / §13.3: harmless if ignored, required by one requirements page
  if (signingKey) headers['Body-Sign'] = bodySignHeader(signingKey, responseBody);

  // what the log shows of the body's fields: parsed for that only when the address is not being throttled
  if (!throttled) parse();
  const body = bodyObject();
  const str = (k: string) => (typeof body?.[k] === 'string' ? (body[k] as string) : undefined);
  const activity = kit ? input.kit : activityOf(body);
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
    requestBody: bytes === undefined ? `[body over ${maxBytes} bytes not stored]` : throttled ? throttledBody(bytes) : bodyText(),
    responseStatus: methodAllowed ? 200 : 405,
    responseBody,
    resultCode: outcome.resultCode,
    resultMsg: outcome.resultMsg,
    success: isSuccess(outcome.resultCode, activity),
    durationMs: performance.now() - started,
    testFlag: body?.testFlag === '1' || body?.testFlag === 1,
    clientAddress: input.clientAddress,
    error: errorReference ? `fault, reference ${errorReference} (cause in the server log)` : undefined,
    reinvokedFrom: reinvocation?.of,
    triggeredBy: reinvocation?.by,
    tenantId: kit ? str('tenantId') : undefined,
    appId: kit ? str('appId') : undefined,
  });
  return { status: methodAllowed ? 200 : 405, headers, body: responseBody, result: outcome };
}

function noKitKey(): never {
  throw new Error('no kit RSA private key was given to the production interface (ProduceDeps.kitPrivateKey)');
}

/** The start of a body from an address being throttled: only that much is read as text and kept. */
function throttledBody(bytes: Buffer): string {
  if (bytes.length <= THROTTLED_BODY_BYTES) return bytes.toString('utf8');
  return `${bytes.subarray(0, THROTTLED_BODY_BYTES).toString('utf8')}…[${bytes.length} bytes; the sender's signatures keep failing, so only the first ${THROTTLED_BODY_BYTES} are kept]`;
}

function okValue(p: JsonParse | undefined): unknown {
  return p?.ok ? p.value : undefined;
}

function activityOf(body: Record<string, unknown> | undefined): string | undefined {
  return typeof body?.activity === 'string' ? body.activity : undefined;
}

function writesSomething(activity: string | undefined): boolean {
  return isActivity(activity) && !READ_ONLY_ACTIVITIES.has(activity);
}

function uniqueKeys(keys: CandidateKey[]): CandidateKey[] {
  return keys.filter((k, i) => keys.findIndex((o) => o.key === k.key) === i);
}

/** JSON with every non-ASCII character escaped as \uXXXX (spec §3.4 memo, §12.11): valid JSON, safe for any reader. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
