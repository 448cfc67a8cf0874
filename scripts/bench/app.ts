import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../tests/integration/harness/net';
import { buildState } from '../build-state.mjs';

/**
 * The app under test as a child process (`npx next start`), in its own process group so that stopping it also stops
 * the `next-server` process npx starts. Only process groups started here are ever signalled.
 */

export interface AppProcess {
  url: string;
  port: number;
  pid: number;
  logFile: string;
  /** SIGTERM to the group, SIGKILL after `graceMs`; safe to call twice */
  stop(graceMs?: number): Promise<void>;
  /** synchronous last resort (process exit): SIGKILL to the group */
  kill(): void;
  exited(): boolean;
}

export function tailFile(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * `next build` only when there is no build at all (others may be editing the sources; a rebuild is their call).
 * Returns a warning when sources are newer than the build, since the bench then measures the older build.
 */
export function ensureBuild(root: string): string | undefined {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) {
    console.log('[bench] no .next/BUILD_ID: running next build…');
    const r = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
    return undefined;
  }
  const { built, changed } = buildState(root);
  return changed > built
    ? `sources changed after the last build (${new Date(built).toISOString()}): the bench measures that build; run \`npx next build\` to measure the current sources`
    : undefined;
}

/**
 * The embedded database's first initdb (peaks near 870 MiB) in a short-lived process, as scripts/prestart.mjs does
 * before `npm start`, so the app under test opens an existing database.
 */
export function initEmbeddedDatabase(root: string, dataDir: string): void {
  const r = spawnSync('npx', ['tsx', path.join(root, 'scripts/bench/init-embedded.ts'), dataDir], { cwd: root, encoding: 'utf8', env: process.env });
  if (r.status !== 0) throw new Error(`embedded database initdb failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
}

export async function startApp(opts: { root: string; env: NodeJS.ProcessEnv; logFile: string; port?: number }): Promise<AppProcess> {
  const port = opts.port ?? (await freePort());
  const out = fs.openSync(opts.logFile, 'a');
  const child: ChildProcess = spawn('npx', ['next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: opts.root,
    env: { ...opts.env, PORT: String(port) },
    detached: true, // own process group: npx + next-server stop together
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const pid = child.pid!;
  let exitCode: number | null | undefined;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    exitCode = code ?? (signal ? -1 : 0);
    resolve();
  }));
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  const kill = () => signalGroup('SIGKILL');
  process.once('exit', kill);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid,
    logFile: opts.logFile,
    exited: () => exitCode !== undefined,
    kill,
    async stop(graceMs = 15_000) {
      process.removeListener('exit', kill);
      if (exitCode === undefined) signalGroup('SIGTERM');
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
      if ((await Promise.race([exitedPromise, timer])) === 'timeout') signalGroup('SIGKILL');
      // next-server may outlive npx: make sure nothing of the group is left
      await new Promise((r) => setTimeout(r, 200));
      signalGroup('SIGKILL');
    },
  };
}

/** Polls GET /api/health until 200 (the runtime is up and the database answers). */
export async function waitForHealth(app: AppProcess, timeoutMs = 180_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (app.exited()) throw new Error(`the app exited before it was healthy; log tail:\n${tailFile(app.logFile)}`);
    try {
      const res = await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(5000) });
      const text = await res.text();
      if (res.status === 200) return JSON.parse(text);
      last = `HTTP ${res.status} ${text.slice(0, 300)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`/api/health not 200 within ${timeoutMs} ms (last: ${last}); log tail:\n${tailFile(app.logFile)}`);
}
