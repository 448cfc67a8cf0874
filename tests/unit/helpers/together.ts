import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs `n` Node processes (TypeScript through tsx) that start the interesting part at the same moment: each runs
 * `setup`, says it is ready, waits for the go, then runs `race`, whose last expression's value it prints as JSON.
 * For "several processes at once on one DATA_DIR" tests. `imports` are module paths to import (name → path).
 * Resolves with each process's value.
 */
export async function runTogether<T>(n: number, code: { imports: Record<string, string>; setup?: string; race: string }): Promise<T[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-together-'));
  const go = path.join(work, 'go');
  const script = path.join(work, 'race.ts');
  const imports = Object.entries(code.imports).map(([names, file]) => `import { ${names} } from ${JSON.stringify(file)};`);
  fs.writeFileSync(
    script,
    [
      `import fs from 'node:fs';`,
      ...imports,
      code.setup ?? '',
      `fs.writeFileSync(${JSON.stringify(work)} + '/ready-' + process.pid, '');`,
      `while (!fs.existsSync(${JSON.stringify(go)}));`,
      `process.stdout.write(JSON.stringify(${code.race}));`,
    ].join('\n'),
  );
  const run = () =>
    new Promise<T>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('exit', (exit) => (exit === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`exit ${exit}`))));
    });
  const running = Array.from({ length: n }, run);
  while (fs.readdirSync(work).filter((f) => f.startsWith('ready-')).length < n) await new Promise((r) => setTimeout(r, 10));
  fs.writeFileSync(go, '');
  return Promise.all(running);
}
