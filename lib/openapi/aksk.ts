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
}

/** Returns the headers to send (X-Sdk-Date, host, Authorization and the given ones). */
export function signApiRequest(input: SignInput): { headers: Record<string, string> } {
  const u = new URL(input.url);
  const queryParams: Record<string, string> = {};
  for (const [k, v] of u.searchParams) queryParams[k] = v;
  const headers: Record<string, string> = { 'Content-Type': 'application/json;charset=UTF-8', ...input.headers };
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
