/**
 * U+0000 in console input. PostgreSQL refuses the NUL character in text and jsonb ("invalid byte sequence for
 * encoding UTF8: 0x00"), so a filter or a body holding one made routes answer 500. consoleRoute (lib/console/route.ts)
 * refuses it before any handler runs, naming the field.
 *
 * Bodies are untrusted: the walk is iterative (no recursion, whatever the nesting) and refuses nesting deeper than
 * MAX_JSON_DEPTH; no console body comes near it.
 */

const NUL = '\u0000';

/** Nesting a console body may have (the deepest, a debugger case's params, is three levels). */
export const MAX_JSON_DEPTH = 32;

export type NulFinding = { field: string } | { tooDeep: true };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** How a field is named in answers: `params.orderId`, `ids[1]`, `params["odd key"]`, U+0000 shown escaped. */
function member(path: string, key: string): string {
  return IDENTIFIER.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/** The first field (in document order) holding U+0000 in a key or a string value, or whether the value nests too deep. */
export function findNul(value: unknown, maxDepth = MAX_JSON_DEPTH): NulFinding | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes(NUL)) return { field: path || 'body' };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { tooDeep: true };
    const children: { v: unknown; path: string; depth: number }[] = [];
    if (Array.isArray(v)) {
      v.forEach((item, i) => children.push({ v: item, path: `${path}[${i}]`, depth: depth + 1 }));
    } else {
      for (const [k, item] of Object.entries(v)) {
        const p = member(path, k);
        // the key is looked at as a string of its own, just before its value
        children.push({ v: k, path: p, depth: depth + 1 }, { v: item, path: p, depth: depth + 1 });
      }
    }
    // pushed last first, so the first child is looked at next
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return undefined;
}

/** The first query (or path) parameter holding U+0000 in its name or value, by name (U+0000 shown escaped). */
export function findNulInParams(params: Iterable<[string, string]>): string | undefined {
  for (const [name, value] of params) {
    if (name.includes(NUL) || value.includes(NUL)) return JSON.stringify(name).slice(1, -1);
  }
  return undefined;
}
