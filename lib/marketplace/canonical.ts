/**
 * Canonical JSON for signing: keys sorted by natural (code unit) order, compact, as Huawei's demo produces
 * with TreeMap + Jackson (spec §3.2, §3.12). Nested objects are sorted too; arrays keep their order; nulls inside
 * objects are dropped as Jackson does.
 *
 * Written with an explicit stack, not recursion (JSON.stringify itself overflows the call stack at a few thousand
 * levels), so no input can exhaust the stack; callers still bound the size first (lib/http/json.ts). Every key is
 * kept, `__proto__` included. Values are what JSON.parse produces (no toJSON, no undefined, no functions).
 */
export function sortedCompactJson(value: unknown): string {
  const out: string[] = [];
  // each frame: the closing bracket still to write, or a value to write (with its separator before it)
  type Frame = { close: string } | { value: unknown; prefix: string };
  const stack: Frame[] = [{ value, prefix: '' }];
  while (stack.length) {
    const f = stack.pop()!;
    if ('close' in f) {
      out.push(f.close);
      continue;
    }
    out.push(f.prefix);
    const v = f.value;
    if (Array.isArray(v)) {
      out.push('[');
      stack.push({ close: ']' });
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i] === undefined ? null : v[i], prefix: i > 0 ? ',' : '' });
    } else if (v !== null && typeof v === 'object') {
      out.push('{');
      stack.push({ close: '}' });
      const keys = Object.keys(v)
        .filter((k) => (v as Record<string, unknown>)[k] !== null && (v as Record<string, unknown>)[k] !== undefined)
        .sort();
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push({ value: (v as Record<string, unknown>)[keys[i]!], prefix: (i > 0 ? ',' : '') + JSON.stringify(keys[i]) + ':' });
      }
    } else {
      out.push(JSON.stringify(v) ?? 'null');
    }
  }
  return out.join('');
}
