import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One client (issue 7): the console's views reach its API through the react-query hooks of lib/client/hooks, which
 * call lib/client/api.ts. A `fetch(` anywhere in the console's pages and components fails here; so does a hook file
 * that calls fetch itself instead of api().
 */
const ROOT = path.resolve(__dirname, '../../..');
const DIRS = ['app/(console)', 'app/(auth)', 'components', 'lib/client/hooks'];

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

describe('the console has one client', () => {
  const files = DIRS.flatMap(sources);

  it('reads the views', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files)('%s does not call fetch', (file) => {
    const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
    // refetch() and prefetch are react-query's; a bare or window. fetch is a request of its own
    expect(text).not.toMatch(/(?<![\w.]|re|pre)fetch\s*\(|window\.fetch|globalThis\.fetch/);
  });

  it('the hooks go through lib/client/api.ts (themselves, or through shared.ts, which does)', () => {
    expect(readFileSync(path.join(ROOT, 'lib/client/hooks/shared.ts'), 'utf8')).toMatch(/from '\.\.\/api'/);
    for (const file of sources('lib/client/hooks')) {
      expect(readFileSync(path.join(ROOT, file), 'utf8'), file).toMatch(/from '\.\.\/api'|from '\.\/shared'/);
    }
  });
});
