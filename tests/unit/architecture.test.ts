import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The direction of dependencies (STYLE.md): app/ → components/ → lib/; emulator/, scripts/ and tests use lib/, never the
 * reverse. What the emulator and the console share lives in lib/marketplace/. This test reads every module under lib/
 * and fails naming each import that resolves into emulator/, app/ or components/.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FORBIDDEN = ['emulator', 'app', 'components'] as const;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.(ts|tsx|mts|cts|mjs|cjs|js)$/.test(e.name) ? [p] : [];
  });
}

// static `import … from 'x'`, `import 'x'`, `export … from 'x'`, dynamic `import('x')`, `require('x')`
const SPECIFIER = [
  /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
];

function importSpecifiers(source: string): string[] {
  return SPECIFIER.flatMap((re) => [...source.matchAll(re)].map((m) => m[1]!));
}

/** The top-level folder of the project an import lands in, or undefined for a package. */
function targetFolder(fromFile: string, specifier: string): string | undefined {
  let resolved: string;
  if (specifier.startsWith('@/')) resolved = path.join(root, specifier.slice(2));
  else if (specifier.startsWith('.')) resolved = path.resolve(path.dirname(fromFile), specifier);
  else return undefined;
  const rel = path.relative(root, resolved);
  if (rel.startsWith('..')) return undefined;
  return rel.split(path.sep)[0];
}

function forbiddenImports(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const spec of importSpecifiers(fs.readFileSync(file, 'utf8'))) {
      const folder = targetFolder(file, spec);
      if (folder && (FORBIDDEN as readonly string[]).includes(folder)) found.push(`${path.relative(root, file)} imports '${spec}' (${folder}/)`);
    }
  }
  return found;
}

describe('architecture', () => {
  it('finds every kind of import (self-check of the scanner)', () => {
    const src = [
      `import { a } from '../../emulator/a';`,
      `import type { B } from "@/app/b";`,
      `import '../components/c';`,
      `export { d } from './d';`,
      `export * from '../e';`,
      `const f = await import('../emulator/f');`,
      `const g = require("../emulator/g");`,
      `import {\n  h,\n  i,\n} from '../h';`,
    ].join('\n');
    expect(importSpecifiers(src).sort()).toEqual(['../../emulator/a', '@/app/b', '../components/c', './d', '../e', '../emulator/f', '../emulator/g', '../h'].sort());
  });

  it('lib/ imports nothing from emulator/, app/ or components/', () => {
    const files = sourceFiles(path.join(root, 'lib'));
    expect(files.length).toBeGreaterThan(50);
    expect(forbiddenImports(files)).toEqual([]);
  });
});
