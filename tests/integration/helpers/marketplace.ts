import { afterAll, beforeAll } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../../emulator/server';
import { createEmulatorState, type EmulatorState } from '../../../emulator/state';
import type { Runtime } from '../../../lib/runtime';
import { startTestRuntime } from './runtime';

/**
 * A test file's marketplace: an emulator on its own server (orders to register, faults to inject) and a runtime that
 * calls it with AK/SK, started before the file's tests and closed after them. Read `rt` and `emulator` inside tests.
 */
export function useEmulatedMarketplace(env: Record<string, string> = {}): { state: EmulatorState; rt: Runtime; emulator: EmulatorServer } {
  const credentials = { ak: 'it-ak', sk: 'it-sk' };
  const state = createEmulatorState({ credentials: [credentials] });
  const ctx = { state, rt: undefined as unknown as Runtime, emulator: undefined as unknown as EmulatorServer };
  beforeAll(async () => {
    ctx.emulator = await startEmulatorServer({ state });
    ctx.rt = await startTestRuntime({ MARKETPLACE_API_BASE: ctx.emulator.url, HUAWEICLOUD_AK: credentials.ak, HUAWEICLOUD_SK: credentials.sk, ...env });
  });
  afterAll(async () => {
    await ctx.rt?.close();
    await ctx.emulator?.close();
  });
  return ctx;
}
