// Generates the Prisma client without the schema-engine binary, which cannot be downloaded here
// (../shared/STACK.md: generate never runs the engine).
import { spawnSync } from 'node:child_process';

const r = spawnSync('npx', ['prisma', 'generate'], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
process.exit(r.status ?? 1);
