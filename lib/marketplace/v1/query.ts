/**
 * spec §4.1: a V1 call's parameters, from its query string, with the work bounded before anything is verified: the
 * query's length and its number of parameters are capped, each value URL-decoded once (no recursion), a repeated
 * parameter refused (the marketplace never sends one, and which copy it signed would be a guess).
 */

/** saasExtendParams (2,048 Base64 characters, up to 3 × that URL-encoded) plus every other field fits well within this. */
export const MAX_QUERY_CHARS = 16 * 1024;
/** newInstance has 27 documented parameters; unknown ones are signed too (spec §4.2), so leave room. */
export const MAX_PARAMS = 64;

export type V1QueryOutcome = { ok: true; params: Record<string, string> } | { ok: false; message: string };

/** Parses the query of `url` (path and query, as received). */
export function parseV1Query(url: string): V1QueryOutcome {
  const q = url.indexOf('?');
  const search = q < 0 ? '' : url.slice(q + 1).split('#')[0]!;
  if (search.length > MAX_QUERY_CHARS) return { ok: false, message: `query string is longer than ${MAX_QUERY_CHARS} characters` };
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  let count = 0;
  for (const part of search.split('&')) {
    if (part === '') continue;
    if (++count > MAX_PARAMS) return { ok: false, message: `query has more than ${MAX_PARAMS} parameters` };
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    const value = decode(eq < 0 ? '' : part.slice(eq + 1));
    if (name === undefined) return { ok: false, message: `a parameter name is not URL-encoded correctly` };
    if (value === undefined) return { ok: false, message: `${name.slice(0, 40)} is not URL-encoded correctly` };
    if (name === '') return { ok: false, message: 'a parameter has no name' };
    if (Object.hasOwn(params, name)) return { ok: false, message: `${name.slice(0, 40)} is given more than once` };
    params[name] = value;
  }
  return { ok: true, params: { ...params } };
}

/** application/x-www-form-urlencoded decoding, as the marketplace's servlet containers do it: '+' is a space. */
function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
