import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from './runtime';
import { freePort } from '../harness/net';

/** A `next start` child process of the built app, for tests across HTTP and across processes. */
export interface AppProcess {
  url: string;
  port: number;
  proc: ChildProcess;
  output(): string;
  /** SIGKILL: no clean shutdown, as in a crash */
  kill(): Promise<void>;
  stop(): Promise<void>;
}


const ROOT = path.resolve(__dirname, '../../..');

/** An app process just spawned, not yet healthy: for tests that expect it to refuse to start, or kill it while it starts. */
export interface LaunchedApp extends AppProcess {
  /** resolves once /api/health answers 200; rejects with the output when the process exits first or after 60 s */
  healthy(): Promise<void>;
  /** resolves with the exit code (null when a signal ended it) */
  exited(): Promise<number | null>;
}

export async function launchApp(env: Record<string, string>): Promise<LaunchedApp> {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    throw new Error('no build of the app: run `npm run build` before the integration tests (npm test does)');
  }
  const port = await freePort();
  const proc = spawn(path.join(ROOT, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'warn',
      // as in startTestRuntime (tests/integration/helpers/runtime.ts): the breaker has its own tests
      BREAKER_FAILURES: '1000',
      ...env,
      PORT: String(port),
    } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const ended = () => proc.exitCode !== null || proc.signalCode !== null;
  const exited = () => new Promise<number | null>((r) => (ended() ? r(proc.exitCode) : proc.once('exit', (code) => r(code))));
  return {
    url,
    port,
    proc,
    output: () => out,
    exited,
    async healthy() {
      const end = Date.now() + 60_000;
      for (;;) {
        if (ended()) throw new Error(`app exited with ${proc.exitCode ?? proc.signalCode}:\n${out}`);
        try {
          const r = await fetch(`${url}/api/health`);
          if (r.status === 200) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > end) {
          proc.kill('SIGKILL');
          throw new Error(`app did not become healthy:\n${out}`);
        }
        await sleep(200);
      }
    },
    async kill() {
      proc.kill('SIGKILL');
      await exited();
    },
    async stop() {
      proc.kill('SIGTERM');
      await Promise.race([exited(), sleep(10_000).then(() => proc.kill('SIGKILL'))]);
    },
  };
}

export async function startApp(env: Record<string, string>): Promise<AppProcess> {
  const app = await launchApp(env);
  await app.healthy();
  return app;
}
