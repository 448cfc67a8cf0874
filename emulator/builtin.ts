import type { StartEmulator } from '../lib/runtime';
import { startEmulatorServer } from './server';
import { createEmulatorState } from './state';

/**
 * The built-in marketplace emulator the app starts when no AK/SK is configured: its open APIs (Query Order, usage) on
 * 127.0.0.1, answering the debug mock orders, signed with the app's own emulator secret. Passed to the runtime by the
 * process entry (instrumentation.ts) and by the integration tests, since lib/ does not import emulator/.
 */
export const startBuiltinEmulator: StartEmulator = async ({ port, sk, marketplaceKey }) => {
  const credentials = { ak: 'emulator-ak', sk };
  const state = createEmulatorState({ credentials: [credentials], marketplaceKey });
  const server = await startEmulatorServer({ port, state });
  return { openApi: { base: server.url, ...credentials }, close: () => server.close() };
};
