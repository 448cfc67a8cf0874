import { afterAll, beforeAll } from 'vitest';
import { debuggerDeps } from '../../../lib/debugger/api';
import type { DebuggerDeps } from '../../../lib/debugger/runner';
import type { Runtime } from '../../../lib/runtime';
import { startProduceServer } from './produce-server';
import { startTestRuntime } from './runtime';

/**
 * The debugger's tests' setup: the app's production interface on a real HTTP server, a runtime whose PUBLIC_URL names
 * it (so the debugger's "this app" is that server), and the debugger's dependencies. Started before the file's tests,
 * closed after them; read the fields inside tests and hooks.
 */
export function useDebuggerTarget(env: Record<string, string> = {}): { rt: Runtime; app: Awaited<ReturnType<typeof startProduceServer>>; deps: DebuggerDeps } {
  const ctx = {} as { rt: Runtime; app: Awaited<ReturnType<typeof startProduceServer>>; deps: DebuggerDeps };
  beforeAll(async () => {
    ctx.app = await startProduceServer();
    ctx.rt = await startTestRuntime({ PUBLIC_URL: ctx.app.url, ...env });
    ctx.app.attach(ctx.rt);
    ctx.deps = debuggerDeps(ctx.rt);
  });
  afterAll(async () => {
    await ctx.rt?.close();
    await ctx.app?.close();
  });
  return ctx;
}
