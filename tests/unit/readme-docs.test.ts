import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEmulatorState, handleOpenApi } from '../../emulator/openapi';
import { activityHandlers } from '../../lib/marketplace/activities';
import { ACTIVITY_NAMES } from '../../lib/marketplace/names';
import { activitySchemas } from '../../lib/marketplace/schemas';
import { QUERY_ORDER_PATH, USAGE_PUSH_PATH } from '../../lib/openapi/types';

/**
 * Keeps the README's reference tables true (issue 7): the emulator's control routes are driven as documented and
 * every route the emulator answers must be in the table; every activity the production interface accepts has a row
 * naming exactly the fields its zod schema requires and allows.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The text under a `###` heading, up to the next heading of level 2 or 3. */
function section(heading: string): string {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.trim() === `### ${heading}`);
  if (start < 0) throw new Error(`README has no "### ${heading}" section`);
  const end = lines.findIndex((l, i) => i > start && /^#{2,3} /.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** A table row's cells; a `|` inside backticks does not split. */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let code = false;
  for (const ch of line.trim().replace(/^\||\|$/g, '')) {
    if (ch === '`') code = !code;
    if (ch === '|' && !code) {
      out.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  out.push(cell.trim());
  return out;
}

interface Table {
  header: string[];
  rows: string[][];
}

function tables(text: string): Table[] {
  const found: Table[] = [];
  let block: string[] = [];
  for (const line of [...text.split('\n'), '']) {
    if (line.trim().startsWith('|')) {
      block.push(line);
      continue;
    }
    if (block.length >= 2) found.push({ header: cells(block[0]!), rows: block.slice(2).map(cells) });
    block = [];
  }
  return found;
}

function tableWith(text: string, header: string[]): Table {
  const t = tables(text).find((x) => header.every((h, i) => x.header[i] === h));
  if (!t) throw new Error(`no table headed ${header.join(' | ')}`);
  return t;
}

const codes = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

describe('README: the emulator control API', () => {
  const text = section('The marketplace emulator');
  const table = tableWith(text, ['route', 'takes', 'answers']);
  const documented = table.rows.map((row) => {
    const m = /^(GET|POST|PUT|PATCH|DELETE) (\/\S+)$/.exec(codes(row[0]!)[0] ?? '');
    if (!m) throw new Error(`route cell "${row[0]}" is not "\`METHOD /path\`"`);
    return { method: m[1]!, template: m[2]!, takes: row[1]!, pattern: new RegExp(`^${m[2]!.replace(/\{[^}]+\}/g, '[^/]+')}$`) };
  });

  async function ask(method: string, url: string, body = '') {
    const res = await handleOpenApi({ method, url, headers: {}, body }, createEmulatorState());
    const json = JSON.parse(res.body) as { error?: unknown };
    return { status: res.status, json, unknown: res.status === 404 && typeof json.error === 'string' && json.error.startsWith('no control route') };
  }

  it('documents the open APIs the emulator stands in for', () => {
    expect(text).toContain(QUERY_ORDER_PATH);
    expect(text).toContain(USAGE_PUSH_PATH);
  });

  it('every documented route is one the emulator handles', async () => {
    expect(documented.length).toBeGreaterThan(0);
    for (const r of documented) {
      const url = r.template.replace(/\{[^}]+\}/g, 'MOCKPERIODYEARNEW');
      const answer = await ask(r.method, url, r.method === 'POST' ? '{}' : '');
      expect({ route: `${r.method} ${r.template}`, unknown: answer.unknown }).toEqual({ route: `${r.method} ${r.template}`, unknown: false });
      expect(answer.status, `${r.method} ${url}`).toBeLessThan(500);
    }
  });

  it('a route not in the table is answered "no control route" (so the check above means something)', async () => {
    for (const [method, url] of [['PATCH', '/emulator/orders'], ['GET', '/emulator/nothing'], ['PUT', '/emulator/faults']] as const) {
      expect((await ask(method, url)).unknown, `${method} ${url}`).toBe(true);
    }
  });

  it('every route the emulator handles is in the table', async () => {
    // candidate paths: every '/emulator…' literal in the control API's source; a prefix ('/emulator/orders/') gets a segment
    const source = ['emulator/control.ts', 'emulator/openapi.ts'].map((f) => fs.readFileSync(path.join(root, f), 'utf8')).join('\n');
    const literals = [...source.matchAll(/['"`](?:[A-Z]+ )?(\/emulator[^'"`\s]*)['"`]/g)].map((m) => m[1]!);
    const candidates = [...new Set(literals.map((p) => (p.endsWith('/') ? `${p}probe-id` : p)))];
    expect(candidates.length).toBeGreaterThan(5);
    const handled: string[] = [];
    for (const p of candidates) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        if (!(await ask(method, p, method === 'POST' ? '{}' : '')).unknown) handled.push(`${method} ${p}`);
      }
    }
    const undocumented = handled.filter((h) => {
      const [method, p] = h.split(' ') as [string, string];
      return !documented.some((r) => r.method === method && r.pattern.test(p));
    });
    expect(undocumented).toEqual([]);
  });

  it('names every query parameter the control API reads', () => {
    const source = fs.readFileSync(path.join(root, 'emulator/control.ts'), 'utf8');
    const params = [...source.matchAll(/query\.get\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
    for (const p of params) expect(documented.some((r) => codes(r.takes).includes(p)), `query parameter ${p}`).toBe(true);
  });

  it('its curl examples work', async () => {
    const curls = text.split('\n').filter((l) => l.trim().startsWith('curl '));
    expect(curls.length).toBeGreaterThanOrEqual(2);
    for (const line of curls) {
      const m = /-X (\w+) \$E(\S+)/.exec(line);
      if (!m) throw new Error(`curl example without "-X METHOD $E/path": ${line}`);
      const body = /-d '([^']*)'/.exec(line)?.[1] ?? '';
      const answer = await ask(m[1]!, m[2]!, body);
      expect({ line, status: answer.status }).toEqual({ line, status: m[1] === 'POST' ? 201 : 200 });
    }
  });
});

/** The fields a zod object requires and allows; a nested object's fields as `parent.child`. */
function fieldsOf(schema: z.ZodObject, prefix = '', parentOptional = false): { required: string[]; optional: string[] } {
  const out = { required: [] as string[], optional: [] as string[] };
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    if (!prefix && key === 'activity') continue;
    const optional = parentOptional || field.safeParse(undefined).success;
    if (field instanceof z.ZodObject) {
      const inner = fieldsOf(field, `${prefix}${key}.`, optional);
      out.required.push(...inner.required);
      out.optional.push(...inner.optional);
    } else (optional ? out.optional : out.required).push(`${prefix}${key}`);
  }
  return out;
}

describe('README: the fields of each activity', () => {
  const text = section('Fields of each activity');
  const table = tableWith(text, ['activity', 'required', 'optional']);
  const rows = new Map(table.rows.map((r) => [codes(r[0]!)[0] ?? r[0]!, r]));
  const activities = Object.keys(activitySchemas) as (keyof typeof activitySchemas)[];

  it('the list checked is the app’s: schemas, names and handlers agree', () => {
    expect([...activities].sort()).toEqual([...ACTIVITY_NAMES].sort());
    expect(Object.keys(activityHandlers).sort()).toEqual([...ACTIVITY_NAMES].sort());
  });

  it.each(activities)('%s has a row naming exactly its required and optional fields', (activity) => {
    const row = rows.get(activity);
    expect(row, `README row for ${activity}`).toBeDefined();
    const { required, optional } = fieldsOf(activitySchemas[activity] as unknown as z.ZodObject);
    expect(codes(row![1]!).sort()).toEqual(required.sort());
    // testFlag, optional everywhere, is described once above the table
    expect(codes(row![2]!).sort()).toEqual(optional.filter((f) => f !== 'testFlag').sort());
    if (optional.includes('testFlag')) expect(text).toContain('optional `testFlag`');
  });

  it('has no row for an activity the app does not accept', () => {
    expect([...rows.keys()].filter((a) => !(activities as string[]).includes(a))).toEqual([]);
  });
});
