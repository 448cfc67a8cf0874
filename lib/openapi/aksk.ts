// The official Huawei Cloud APIG AK/SK signer (SDK-HMAC-SHA256), from @huaweicloud/huaweicloud-sdk-core.
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';

export interface SignInput {
  ak: string;
  sk: string;
  method: string;
  /** full URL; its query string is signed as queryParams (../shared/STACK.md: never inside the endpoint) */
  url: string;
  /**
   * The exact bytes to send, a JSON text. The SDK signer hashes JSON.stringify(request.data), not a string it is
   * given, so the body is handed to it parsed; that re-serialises to the same bytes only when `body` already is what
   * JSON.stringify writes (compact, no duplicate keys, no integer-like keys out of order). A body that would not is
   * refused here rather than sent with a signature the gateway cannot match.
   */
  body?: string;
  headers?: Record<string, string>;
  /**
   * A multipart/form-data body (the licence upload, spec §9.2), signed as the SDK signs one (read from
   * @huaweicloud/huaweicloud-sdk-core 3.1.47, ../notes: BasicCredentials.processAuthRequest and AKSKSigner.sign): a
   * request whose content type is not JSON gets `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`, which the signer takes as
   * the payload hash (so the body is not covered: the form's own sha256 field binds the file) and signs as a header;
   * a lower-case `content-type` holding multipart/form-data is left out of the signed headers, since its boundary is
   * only known when the form is written. The caller sends the form's own `content-type` (with the boundary) beside
   * the returned headers. `body` must then be absent.
   */
  multipart?: boolean;
}

/** The payload hash the SDK signer puts in a non-JSON request (and the gateway then expects): the literal text. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** Returns the headers to send (X-Sdk-Date, host, Authorization and the given ones; a multipart request's without content-type). */
export function signApiRequest(input: SignInput): { headers: Record<string, string> } {
  const u = new URL(input.url);
  const queryParams: Record<string, string> = {};
  for (const [k, v] of u.searchParams) queryParams[k] = v;
  const headers: Record<string, string> = input.multipart
    ? { 'content-type': 'multipart/form-data', 'X-Sdk-Content-Sha256': UNSIGNED_PAYLOAD, ...input.headers }
    : { 'Content-Type': 'application/json;charset=UTF-8', ...input.headers };
  if (input.multipart && input.body !== undefined) throw new Error('a multipart request is signed without its body (UNSIGNED-PAYLOAD): give no body');
  let data: unknown;
  if (input.body !== undefined) {
    data = JSON.parse(input.body);
    if (JSON.stringify(data) !== input.body) throw new Error('the body is not byte-identical to JSON.stringify(JSON.parse(body)): the AK/SK signature would not cover it');
  }
  const request = {
    method: input.method.toUpperCase(),
    endpoint: `${u.protocol}//${u.host}${u.pathname}`,
    queryParams,
    headers,
    data,
  };
  const credentials = new BasicCredentials().withAk(input.ak).withSk(input.sk);
  return { headers: AKSKSigner.sign(request, credentials) as Record<string, string> };
}
