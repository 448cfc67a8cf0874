/**
 * Canonical JSON for signing: keys sorted by natural (code unit) order, compact, as Huawei's demo produces
 * with TreeMap + Jackson (spec §3.2, §3.12). Nested objects are sorted too; arrays keep their order.
 */
export function sortedCompactJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value));
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      // Jackson as configured by the demo drops nulls
      if (v === null || v === undefined) continue;
      out[key] = sortKeysDeep(v);
    }
    return out;
  }
  return value;
}
