// The official Huawei Cloud APIG AK/SK signer (SDK-HMAC-SHA256), from @huaweicloud/huaweicloud-sdk-core.
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';

export interface SignInput {
  ak: string;
  sk: string;
  method: string;
  /** full URL; its query string is signed as queryParams (../shared/STACK.md: never inside the endpoint) */
  url: string;
  /** JSON body as an object: the signer hashes JSON.stringify(data), so exactly that string must be sent */
  data?: unknown;
  headers?: Record<string, string>;
}

/** Returns the headers to send (X-Sdk-Date, host, Authorization and the given ones) and the body string. */
export function signApiRequest(input: SignInput): { headers: Record<string, string>; body?: string } {
  const u = new URL(input.url);
  const queryParams: Record<string, string> = {};
  for (const [k, v] of u.searchParams) queryParams[k] = v;
  const headers: Record<string, string> = { 'Content-Type': 'application/json;charset=UTF-8', ...input.headers };
  const request = {
    method: input.method.toUpperCase(),
    endpoint: `${u.protocol}//${u.host}${u.pathname}`,
    queryParams,
    headers,
    data: input.data,
  };
  const credentials = new BasicCredentials().withAk(input.ak).withSk(input.sk);
  const signed = AKSKSigner.sign(request, credentials) as Record<string, string>;
  return { headers: signed, body: input.data === undefined ? undefined : JSON.stringify(input.data) };
}
