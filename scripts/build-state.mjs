// When the build is older than the sources: shared by `npm start` (scripts/prestart.mjs) and `npm run bench`.
import fs from 'node:fs';
import path from 'node:path';

/** What a `next build` is made from. */
export const SOURCES = ['app', 'components', 'lib', 'emulator', 'prisma', 'next.config.js', 'package.json', 'instrumentation.ts', 'postcss.config.mjs', 'proxy.ts'];

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of fs.readdirSync(p)) if (e !== 'generated') m = Math.max(m, newest(path.join(p, e)));
  return m;
}

/** mtime of the build (0 without one) and of the newest source file. */
export function buildState(root) {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  return {
    built: fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0,
    changed: Math.max(...SOURCES.map((s) => newest(path.join(root, s)))),
  };
}
