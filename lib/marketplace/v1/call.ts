import { v1AuthToken } from '../signature';
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
}): { url: string; params: Record<string, string> } {
  const signed: Record<string, string> = { ...opts.params, timeStamp: opts.timeStamp ?? utc17(new Date()) };
  const sent: Record<string, string> = { ...signed, authToken: opts.authToken ?? v1AuthToken(opts.key, signed) };
  for (const k of opts.omit ?? []) delete sent[k];
  const query = Object.entries(sent)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return { url: `${opts.url}${opts.url.includes('?') ? '&' : '?'}${query}`, params: sent };
}
