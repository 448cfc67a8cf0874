import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Every environment variable lib/config.ts reads has a row in the README's configuration table, and in .env.example. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');

describe('README: the configuration table', () => {
  const source = read('lib/config.ts');
  const names = [...new Set([...source.matchAll(/\b(?:str|int|count)\(env, '([A-Z0-9_]+)'/g)].map((m) => m[1]!))];
  const readme = read('README.md');
  const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));
  const documented = new Set([...table.matchAll(/^\|([^|]+)\|/gm)].flatMap((m) => [...m[1]!.matchAll(/`([A-Z0-9_]+)`/g)].map((x) => x[1]!)));

  it('names every variable the app reads', () => {
    expect(names.length).toBeGreaterThan(15);
    expect(names.filter((n) => !documented.has(n))).toEqual([]);
  });

  it('the sign-on discovery path is among them, and in .env.example', () => {
    expect(names).toContain('KIT_OIDC_DISCOVERY_PATH');
    expect(read('.env.example')).toContain('KIT_OIDC_DISCOVERY_PATH');
  });
});
