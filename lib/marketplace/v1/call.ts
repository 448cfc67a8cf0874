import { postSigned, PRODUCE_TIMEOUT_MS, shellQuote, type ProduceCallResult } from '../call';
import { v1AuthToken, verifyBodySign } from '../signature';
import { utc17 } from '../time';

/**
 * One V1 call as the marketplace sends it (spec §4.1, §4.2): a GET, every value URL-encoded (Base64's `+`, `/`, `=` as
 * `%2B`, `%2F`, `%3D`, a comma list's `,` as `%2C`), `timeStamp` UTC yyyyMMddHHmmssSSS, and `authToken` last, over the
 * decoded values keyed with Key + timeStamp. Shared by the tests and, later, the emulator and the debugger.
 */
export function buildV1Request(opts: {
  /** the production URL, e.g. http://127.0.0.1:3000/api/produce */
  url: string;
  key: string;
  /** every parameter but timeStamp and authToken, in the order sent */
  params: Record<string, string>;
  /** default now */
  timeStamp?: string;
  /** replace the computed authToken */
  authToken?: string;
  omit?: ('timeStamp' | 'authToken')[];
}): { url: string; params: Record<string, string>; curl: string } {
  const signed: Record<string, string> = { ...opts.params, timeStamp: opts.timeStamp ?? utc17(new Date()) };
  const sent: Record<string, string> = { ...signed, authToken: opts.authToken ?? v1AuthToken(opts.key, signed) };
  for (const k of opts.omit ?? []) delete sent[k];
  const query = Object.entries(sent)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const url = `${opts.url}${opts.url.includes('?') ? '&' : '?'}${query}`;
  return { url, params: sent, curl: `curl ${shellQuote(url)} -H 'Accept:application/json'` };
}

/** One V1 call sent (spec §4.1): a GET, the answer read within the marketplace's 5 s. Never throws. */
export async function sendV1Call(opts: { url: string; key: string; params: Record<string, string>; timeoutMs?: number }): Promise<ProduceCallResult> {
  const req = buildV1Request({ url: opts.url, key: opts.key, params: opts.params });
  return postSigned({ url: req.url, body: '', method: 'GET', curl: req.curl }, opts.timeoutMs ?? PRODUCE_TIMEOUT_MS);
}

export interface BodySignCheck {
  present: boolean;
  valid: boolean;
  /** in words, for a verdict */
  detail: string;
}

/**
 * The marketplace's check of a V1 answer (spec §4.3): a `Body-Sign: sign_type="HMAC-SHA256", signature= "…"` header
 * whose signature is Base64(HMAC-SHA256(Key, the body as received)). The spacing around `=` is read loosely.
 */
export function checkBodySign(key: string, r: Pick<ProduceCallResult, 'headers' | 'rawBody'>): BodySignCheck {
  const header = r.headers['body-sign'];
  if (!header) return { present: false, valid: false, detail: 'no Body-Sign header: the marketplace refuses a V1 answer without one' };
  const verdict = verifyBodySign(key, header, r.rawBody);
  if (verdict === 'malformed') return { present: true, valid: false, detail: 'Body-Sign is not sign_type="HMAC-SHA256", signature= "…"' };
  const valid = verdict === 'valid';
  return { present: true, valid, detail: valid ? 'Body-Sign valid' : 'Body-Sign does not match the body with the Key' };
}
