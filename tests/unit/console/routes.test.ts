import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('next-auth', () => ({ getServerSession: async () => null }));
vi.mock('../../../lib/auth/options', () => ({ authOptions: {}, secureCookies: () => false }));
vi.mock('../../../lib/runtime', () => ({ getRuntime: async () => ({}) }));

const { CONSOLE_ROUTE } = await import('../../../lib/console/route');
type Info = import('../../../lib/console/route').ConsoleRouteInfo;

/**
 * Every console API route is made by the one wrapper (lib/console/route.ts, issue 7): the walk imports each route.ts
 * under app/api/console and fails for an exported HTTP method consoleRoute did not make, and for a state-changing one
 * that names no audit action, unless ALLOWED_UNAUDITED says why.
 */
const ROOT = path.resolve(__dirname, '../../../app/api/console');
const METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `METHOD path` (relative to app/api/console) → why it writes no audit entry */
const ALLOWED_UNAUDITED: Record<string, string> = {};

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === 'route.ts' ? [path.join(dir, e.name)] : [],
  );
}

const files = routeFiles(ROOT);

describe('console API routes', () => {
  it('finds the routes', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  it.each(files.map((f) => [path.relative(ROOT, path.dirname(f)) || '.', f]))('%s uses consoleRoute, audited when it changes state', async (rel, file) => {
    const mod = (await import(file)) as Record<string, unknown>;
    const exported = METHODS.filter((m) => m in mod);
    expect(exported.length, `${rel} exports no HTTP method`).toBeGreaterThan(0);
    for (const m of exported) {
      const handler = mod[m] as Record<symbol, Info | undefined>;
      expect(typeof handler, `${m} ${rel}`).toBe('function');
      const info = handler[CONSOLE_ROUTE];
      expect(info, `${m} ${rel} is not made by consoleRoute (lib/console/route.ts)`).toMatchObject({ role: expect.anything() });
      if (STATE_CHANGING.has(m) && !ALLOWED_UNAUDITED[`${m} ${rel}`]) {
        expect(info!.audit, `${m} ${rel} names no audit action`).toBeTruthy();
      }
    }
  });

  it('allows unaudited state changes only for routes that exist', () => {
    for (const key of Object.keys(ALLOWED_UNAUDITED)) {
      const [m, rel] = key.split(' ');
      expect(files.map((f) => path.relative(ROOT, path.dirname(f))), key).toContain(rel);
      expect(STATE_CHANGING.has(m!), key).toBe(true);
    }
  });
});

/**
 * The README's "Console API" table is the reference a seller's engineers read: each row names a route, method and
 * role; the walk fails when a route is missing there, listed but gone, or listed with another role.
 */
describe('the README documents every console API route with its role', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Console API'), readme.indexOf('## Configuration'));
  const documented = new Map(
    [...section.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) \/api\/console\/([^`]*)` \| ([a-z ]+) \|/gm)].map((m) => [`${m[1]} ${m[2]}`, m[3]!.trim()]),
  );

  it('every route and only those, with the role the wrapper checks', async () => {
    const actual = new Map<string, string>();
    for (const file of files) {
      const rel = path.relative(ROOT, path.dirname(file)).split(path.sep).join('/').replace(/\[(\w+)\]/g, '{$1}');
      const mod = (await import(file)) as Record<string, Record<symbol, Info | undefined>>;
      for (const m of METHODS.filter((x) => x in mod)) {
        const role = mod[m]![CONSOLE_ROUTE]!.role;
        actual.set(`${m} ${rel}`, typeof role === 'function' ? 'by action' : role);
      }
    }
    expect(documented.size).toBeGreaterThan(20);
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(actual));
  });
});
