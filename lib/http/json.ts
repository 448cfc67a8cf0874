/**
 * JSON from a caller not yet trusted. `JSON.parse` itself is safe, but what is done afterwards (sorting, walking,
 * storing) costs in proportion to the shape, so the shape is measured first in one iterative pass over the text,
 * stopping as soon as a bound is crossed: a 1 MB body of 83,000 keys is refused after reading its first 10,000 keys,
 * and a body nested 5,000 levels deep after 32. Nothing here recurses.
 */
export interface JsonBounds {
  /** deepest nesting of objects and arrays */
  maxDepth: number;
  /** object keys in the whole document */
  maxKeys: number;
}

export type JsonShape = { ok: true; depth: number; keys: number } | { ok: false; problem: 'depth' | 'keys'; message: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/**
 * Depth and key count of a JSON text, without parsing it. Counts a colon outside a string as a key, so it is exact for
 * valid JSON and a harmless over-estimate for invalid JSON (which the parser then refuses anyway).
 */
export function measureJson(text: string, bounds: JsonBounds): JsonShape {
  let depth = 0;
  let deepest = 0;
  let keys = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // skip the string: find the closing quote that is not escaped
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > bounds.maxDepth) {
          return { ok: false, problem: 'depth', message: `request body is nested deeper than ${bounds.maxDepth} levels` };
        }
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === COLON) {
      if (++keys > bounds.maxKeys) return { ok: false, problem: 'keys', message: `request body has more than ${bounds.maxKeys} keys` };
    }
  }
  return { ok: true, depth: deepest, keys };
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Parses JSON that `measureJson` has bounded. The error names where the text went wrong, never the parser's own
 * wording (which quotes the input and differs between Node versions).
 */
export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    return { ok: false, message: `request body is not valid JSON${at ? ` (at character ${at})` : ''}` };
  }
}
