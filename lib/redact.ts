/**
 * What is never stored or logged in full (secrets; issue 6: by pattern, not by a list of exact names). One rule for
 * the call log, the server log and the debugger.
 *
 * A name is secret when, with its separators removed and lower-cased, it ends in a long secret word ("password",
 * "accessKeySecret", "x-api-key", "sessionToken"), or when its last word is a short one ("key", "sk", "pwd", "pass",
 * "sign", "auth": "MARKETPLACE_KEY", "huaweicloud_sk", "x-sign"). Words that merely contain one ("keyboard", "monkey",
 * "skuCode", "keyId", "passwordHint", "signatureVerdict") are kept.
 */
const LONG = /(password|passwd|passphrase|secret|token|apikey|accesskey|secretkey|privatekey|credentials?|authorization|cookie|signature)$/;
const SHORT = new Set(['key', 'sk', 'pwd', 'pass', 'sign', 'auth']);

/** Every secret name contains one of these: most names are decided by this one test. */
const CANDIDATE = /pass|pwd|secret|token|key|sk|sign|auth|credential|cookie/i;

export function isSecretName(name: string): boolean {
  if (!CANDIDATE.test(name)) return false;
  if (LONG.test(name.toLowerCase().replace(/[^a-z0-9]/g, ''))) return true;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words.length > 0 && SHORT.has(words[words.length - 1]!.toLowerCase());
}

/**
 * A buyer's contact details (Query Order's buyerInfo, the kit's users): stored as they arrived, but masked for viewers
 * (issue 9). With separators removed and lower-cased: email, mail, mobile, mobilephone, phone, telephone, tel.
 */
const PERSONAL = new Set(['email', 'mail', 'mobile', 'mobilephone', 'phone', 'phonenumber', 'telephone', 'tel']);
export function isPersonalName(name: string): boolean {
  return PERSONAL.has(name.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/**
 * A licence code (spec §9.1 `license`): the buyer's asset, like a licence key: whoever holds it can activate the
 * seller's software. Stored as it arrived (a failed call is re-invoked from the stored body), shown to support and
 * admins, who hand it over again when a buyer asks (lib/licences/actions.ts), masked for viewers (issue 10).
 */
const LICENCE_CODE = new Set(['license', 'licence', 'licensecode', 'licencecode']);
export function isLicenceCodeName(name: string): boolean {
  return LICENCE_CODE.has(name.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** What a viewer does not see in the call view: a buyer's contact details and licence codes. */
export function isViewerMaskedName(name: string): boolean {
  return isPersonalName(name) || isLicenceCodeName(name);
}

/**
 * A query (a V1 call's parameters, spec §4.4: mobilePhone, email) and the URL that carries it, with every
 * viewer-masked value (personal data, licence codes) as "***": for viewers, as their bodies are.
 */
export function maskPersonalQuery(query: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!query) return query;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) define(out, k, isViewerMaskedName(k) && typeof v === 'string' && v !== '' ? '***' : v);
  return out;
}

export function maskPersonalUrl(url: string): string {
  return url.replace(/([?&])([^=&#]*)=([^&#]*)/g, (whole, sep: string, k: string, v: string) => {
    let name = k;
    try {
      name = decodeURIComponent(k);
    } catch {
      // keep as received
    }
    return isViewerMaskedName(name) && v !== '' ? `${sep}${k}=***` : whole;
  });
}

/** Keeps a short prefix so two values can be told apart, never enough to use. */
export function mask(secret: string): string {
  if (secret.length <= 8) return '***';
  return secret.slice(0, 4) + '…' + '***';
}

/** Stored bodies are cut here (with a marker saying how much was dropped). */
export const MAX_STORED_BODY = 64 * 1024;

const MASK = '"***"';

/**
 * A body as it arrived, with the value of every secret-named field replaced by "***" (unless it is null or empty):
 * every other byte is kept, key order, spacing, duplicate keys and `__proto__` included. Works on the text in one
 * iterative pass, so it costs the same for any nesting, never builds the parsed value, and stops reading once `limit`
 * characters are written. Text that is not JSON passes through unchanged, except that a `"secretName": value` pair
 * found in it is masked all the same.
 */
export function redactBody(body: string | null | undefined, limit = MAX_STORED_BODY, isName: (name: string) => boolean = isSecretName): string | null {
  if (body === null || body === undefined) return null;
  const n = body.length;
  const parts: string[] = [];
  let written = 0; // characters in parts
  let copied = 0; // body[0, copied) is accounted for in parts
  let i = 0;
  let maskNext = false;
  const replace = (from: number, to: number) => {
    parts.push(body.slice(copied, from), MASK);
    written += from - copied + MASK.length;
    copied = to;
  };
  while (i < n && written + (i - copied) < limit) {
    const c = body.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(body, i);
      if (maskNext) {
        if (end - i > 2) replace(i, end);
        maskNext = false;
      } else {
        const after = skipSpace(body, end);
        if (body.charCodeAt(after) === 0x3a) {
          maskNext = isName(decodeKey(body.slice(i, end)));
          i = after + 1;
          continue;
        }
      }
      i = end;
    } else if (maskNext && c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) {
      maskNext = false;
      if (c === 0x7b || c === 0x5b) {
        const end = containerEnd(body, i);
        replace(i, end);
        i = end;
      } else if (body.startsWith('null', i)) {
        i += 4;
      } else {
        let end = i;
        while (end < n && !/[\s,}\]]/.test(body[end]!)) end++;
        replace(i, Math.max(end, i + 1));
        i = Math.max(end, i + 1);
      }
    } else {
      i++;
    }
  }
  const rest = written + (n - copied);
  if (rest <= limit) {
    parts.push(body.slice(copied));
    return parts.join('');
  }
  const kept = body.slice(copied, copied + Math.max(0, limit - written));
  parts.push(kept);
  return parts.join('') + `…[truncated ${rest - limit} chars]`;
}

/** Index just past the string literal starting at `start` (the end of the text for an unterminated one). */
function stringEnd(s: string, start: number): number {
  for (let i = start + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i + 1;
  }
  return s.length;
}

/** Index just past the object or array starting at `start`, strings skipped (the end of the text if unterminated). */
function containerEnd(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) i = stringEnd(s, i) - 1;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i + 1;
  }
  return s.length;
}

function skipSpace(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
  }
  return i;
}

function decodeKey(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

export function redactHeaders(headers: Record<string, string> | null | undefined): Record<string, string> | null {
  if (!headers) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    let value = v;
    if (/^authorization$/i.test(k) && v.startsWith('SDK-HMAC-SHA256')) {
      // keep which AK signed it (masked) and which headers, never the signature
      value = v.replace(/Access=([^,]+)/, (_, ak: string) => `Access=${mask(ak)}`).replace(/Signature=[0-9a-fA-F]+/, 'Signature=***');
    } else if (isSecretName(k)) value = mask(v);
    define(out, k, value);
  }
  return out;
}

/** The request signature is a one-time MAC, not a key; it is still shortened so it cannot be replayed from the log. */
export function redactQuery(query: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!query) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) define(out, k, (isSecretName(k) || /^authtoken$/i.test(k)) && typeof v === 'string' ? mask(v) : v);
  return out;
}

/** The same masking for the query string inside a stored URL (the path the call came to, or went to). */
export function redactUrl(url: string): string {
  return url.replace(/([?&])([^=&#]*)=([^&#]*)/g, (whole, sep: string, k: string, v: string) => {
    let name = k;
    let raw = v;
    try {
      name = decodeURIComponent(k);
      raw = decodeURIComponent(v);
    } catch {
      // keep as received
    }
    if (!isSecretName(name) && !/^authtoken$/i.test(name)) return whole;
    if (raw.endsWith('***')) return whole; // masked already (idempotent: the read side applies it again)
    return `${sep}${k}=${encodeURIComponent(mask(raw))}`;
  });
}

/** Sets a key as an own property, `__proto__` included (assignment would change the prototype and drop it). */
export function define(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
