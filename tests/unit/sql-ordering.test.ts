import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A query that selects `id::text` (or `id::text AS id`) and orders by a bare `id` orders by the TEXT output column:
 * call 10 before call 9, keyset pages out of step with their bigint cursor. PostgreSQL resolves a bare ORDER BY name
 * to an output column first, so the ORDER BY must say `table.id` (or alias). This scans every SQL text in lib/.
 */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return f === 'generated' ? [] : files(p);
    return /\.(ts|tsx|mjs)$/.test(f) ? [p] : [];
  });
}

/** The SQL texts of a source file: template literals and quoted strings that contain SELECT. */
function sqlTexts(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/`([^`]*)`|'([^'\n]*)'/g)) {
    const text = m[1] ?? m[2] ?? '';
    if (/\bSELECT\b/.test(text) && /\bORDER BY\b/.test(text)) out.push(text);
  }
  return out;
}

function orderedByTextId(sql: string): boolean {
  // the id selected as text under its own name
  if (!/(^|[\s,(])id::text(\s+AS\s+id)?\s*(,|\s+FROM\b)/i.test(sql)) return false;
  // an ORDER BY whose list names a bare id (not t.id, not inside an aggregate's own ORDER BY over rows)
  for (const m of sql.matchAll(/ORDER BY ([^;)`]*?)(?=\bLIMIT\b|\bOFFSET\b|\)|$)/gis)) {
    const list = m[1] ?? '';
    if (list.split(',').some((item) => /^\s*id(\s+(ASC|DESC))?\s*$/i.test(item))) return true;
  }
  return false;
}

describe('SQL ordering by a text id', () => {
  it('detects the mistake', () => {
    expect(orderedByTextId('SELECT id::text, name FROM t ORDER BY id')).toBe(true);
    expect(orderedByTextId('SELECT id::text AS id, x FROM t WHERE a ORDER BY created_at DESC, id DESC LIMIT 5')).toBe(true);
    expect(orderedByTextId('SELECT id::text, name FROM t ORDER BY t.id')).toBe(false);
    expect(orderedByTextId('SELECT id, name FROM t ORDER BY id')).toBe(false);
    expect(orderedByTextId('SELECT id::text AS call_id FROM t ORDER BY id')).toBe(false);
  });

  it('is not made anywhere in lib/', () => {
    const root = path.resolve(__dirname, '../../lib');
    const offenders = files(root).flatMap((f) =>
      sqlTexts(readFileSync(f, 'utf8'))
        .filter(orderedByTextId)
        .map((sql) => `${path.relative(root, f)}: ${sql.replace(/\s+/g, ' ').slice(0, 160)}`),
    );
    expect(offenders).toEqual([]);
  });
});
