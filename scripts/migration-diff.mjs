#!/usr/bin/env node
// Offline replacement for `prisma migrate diff` / `prisma migrate dev --create-only`.
//
// The Prisma CLI's native schema engine cannot be downloaded here (see ../shared/STACK.md), so this
// script drives the WebAssembly build of the same engine (@prisma/schema-engine-wasm, pinned to the
// version the installed Prisma CLI embeds) with an in-memory PGlite as shadow database
// (pglite-prisma-adapter's connectToShadowDb). It passes the engine the same parameters as the CLI's
// `migrate diff --from-migrations prisma/migrations --to-schema prisma/schema.prisma --script`.
//
//   node scripts/migration-diff.mjs                 print the SQL from the migrations folder to the schema
//   node scripts/migration-diff.mjs --check         same, exit 1 when it is not empty (for CI)
//   node scripts/migration-diff.mjs --from-empty    print the SQL from an empty database to the schema
//   node scripts/migration-diff.mjs --create <name> write prisma/migrations/<UTC yyyyMMddHHmmss>_<name>/migration.sql
//   --schema <file> / --migrations <dir>            use other paths than prisma/schema.prisma / prisma/migrations
//
// Exit codes: 0 ok (or no difference with --check), 1 difference with --check, 2 error.

import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let schemaPath = path.join(root, 'prisma', 'schema.prisma');
let migrationsDir = path.join(root, 'prisma', 'migrations');
const EMPTY = '-- This is an empty migration.';

function usage(message) {
  if (message) console.error(message);
  console.error(
    'usage: node scripts/migration-diff.mjs [--check] [--from-empty] [--create <name>] [--schema <file>] [--migrations <dir>]',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { check: false, fromEmpty: false, create: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--from-empty') opts.fromEmpty = true;
    else if (a === '--create') {
      opts.create = argv[++i];
      if (!opts.create) usage('--create needs a name');
    } else if (a.startsWith('--create=')) opts.create = a.slice('--create='.length);
    else if (a === '--schema' || a === '--migrations') {
      const value = argv[++i];
      if (!value) usage(`${a} needs a path`);
      if (a === '--schema') schemaPath = path.resolve(value);
      else migrationsDir = path.resolve(value);
    } else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument: ${a}`);
  }
  if (opts.create !== null) {
    if (opts.fromEmpty) usage('--create cannot be combined with --from-empty');
    if (!/^[A-Za-z0-9_]+$/.test(opts.create)) usage('migration name: letters, digits and _ only');
  }
  return opts;
}

// The engine version must match the CLI's, or the generated SQL may differ from what `prisma migrate` would write.
const wasmDir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));

function checkVersions() {
  const wasmPkg = JSON.parse(readFileSync(path.join(wasmDir, 'package.json'), 'utf8'));
  const enginesVersion = require('@prisma/engines-version/package.json').version;
  if (wasmPkg.version !== enginesVersion) {
    console.error(
      `warning: @prisma/schema-engine-wasm ${wasmPkg.version} differs from @prisma/engines-version ${enginesVersion} ` +
        '(the engine embedded by the installed Prisma CLI); install the matching version.',
    );
  }
}

// The package's entry does `import * as wasm from "./schema_engine_bg.wasm"` (ESM wasm integration), which
// Node 20 does not support without a flag: instantiate the module by hand, as the entry would.
async function loadSchemaEngine() {
  const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmFile = path.join(wasmDir, 'schema_engine_bg.wasm');
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmFile), { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return bg;
}

// Same shape as the CLI's loader: every sub-directory, its migration.sql (or the read error), sorted by name.
async function readMigrationsList(baseDir) {
  const lockfilePath = 'migration_lock.toml';
  const lockContent = await fs.readFile(path.join(baseDir, lockfilePath), 'utf8').catch(() => null);
  const entries = await fs.readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const content = await fs
      .readFile(path.join(baseDir, entry.name, 'migration.sql'), 'utf8')
      .then((value) => ({ tag: 'ok', value }))
      .catch((err) => ({ tag: 'error', value: err.message }));
    migrationDirectories.push({ path: entry.name, migrationFile: { path: 'migration.sql', content } });
  }
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return { baseDir, lockfile: { path: lockfilePath, content: lockContent }, migrationDirectories, shadowDbInitScript: '' };
}

// pglite-prisma-adapter 0.7.2's executeScript calls `client.exec(script)` without awaiting it: a migration that
// fails on the shadow database would go unnoticed (and its error become an unhandled rejection). Wrap the
// factory so that the adapters it returns await the script and report its error to the engine.
function awaitingScripts(factory) {
  const patch = (adapter) => {
    const client = adapter.client;
    if (!client || typeof client.exec !== 'function') throw new Error('pglite-prisma-adapter: unexpected adapter shape');
    adapter.executeScript = async (script) => {
      try {
        await client.exec(script);
      } catch (err) {
        adapter.onError(err); // rethrows as DriverAdapterError for database errors
      }
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  };
}

function timestamp(date = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return (
    `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}` +
    `${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`
  );
}

function isEmptyScript(sql) {
  return sql.trim() === '' || sql.trim() === EMPTY;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  checkVersions();

  const [{ SchemaEngine }, { PGlite }, { PrismaPGlite }, { bindMigrationAwareSqlAdapterFactory }] = await Promise.all([
    loadSchemaEngine(),
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
    import('@prisma/driver-adapter-utils'),
  ]);

  const schema = { path: schemaPath, content: await fs.readFile(schemaPath, 'utf8') };
  const schemas = { files: [schema] };
  const from = opts.fromEmpty ? { tag: 'empty' } : { tag: 'migrations', ...(await readMigrationsList(migrationsDir)) };
  const to = { tag: 'schemaDatamodel', ...schemas };

  // The engine applies the migrations to the shadow database, which pglite-prisma-adapter creates as a fresh
  // in-memory PGlite (connectToShadowDb). The main database is created only if the engine asks for it (a diff
  // never does, and each PGlite costs an initdb).
  let mainDb = null;
  const shadowFactory = new PrismaPGlite(null); // connectToShadowDb() ignores the client and makes its own
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(
    awaitingScripts({
      provider: shadowFactory.provider,
      adapterName: shadowFactory.adapterName,
      connect: () => new PrismaPGlite((mainDb ??= new PGlite())).connect(),
      connectToShadowDb: () => shadowFactory.connectToShadowDb(),
    }),
  );
  const debug = process.env.DEBUG ? (msg) => console.error('[schema-engine]', msg) : () => {};
  const engine = await SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, debug, adapterFactory);

  let result;
  try {
    result = await engine.diff({
      from,
      to,
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
  } finally {
    engine.free();
    await mainDb?.close().catch(() => {});
  }

  const sql = result.stdout ?? '';

  if (opts.create !== null) {
    if (isEmptyScript(sql)) {
      console.error('No difference between the migrations folder and prisma/schema.prisma: no migration created.');
      return 1;
    }
    const dirName = `${timestamp()}_${opts.create}`;
    const dir = path.join(migrationsDir, dirName);
    await fs.mkdir(dir, { recursive: false });
    await fs.writeFile(path.join(dir, 'migration.sql'), sql);
    const lockPath = path.join(migrationsDir, 'migration_lock.toml');
    await fs.access(lockPath).catch(() =>
      fs.writeFile(
        lockPath,
        '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
      ),
    );
    console.error(`Created ${path.relative(root, path.join(dir, 'migration.sql'))}`);
    return 0;
  }

  process.stdout.write(sql.endsWith('\n') || sql === '' ? sql : `${sql}\n`);
  if (opts.check && !isEmptyScript(sql)) {
    console.error(
      opts.fromEmpty
        ? 'The schema is not empty.'
        : 'prisma/migrations does not match prisma/schema.prisma: the SQL above is missing (node scripts/migration-diff.mjs --create <name>).',
    );
    return 1;
  }
  return 0;
}

// Any stray rejection (e.g. from a driver) means the result cannot be trusted.
process.on('unhandledRejection', (err) => {
  console.error(`migration-diff failed: unhandled rejection: ${err?.message ?? String(err)}`);
  process.exit(2);
});

// Exit explicitly: the wasm engine keeps a timer alive for seconds after free().
main().then(
  (code) => process.exit(code),
  (err) => {
    const message = err?.message ?? String(err);
    console.error(`migration-diff failed: ${message}`);
    if (process.env.DEBUG && err?.stack) console.error(err.stack);
    process.exit(2);
  },
);
