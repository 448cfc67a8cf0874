/**
 * Runs once when the server starts (never during `next build`): opens the database, migrates it, starts the job
 * workers and, without AK/SK, the built-in marketplace emulator — so the first marketplace call finds it all ready.
 * The emulator is registered here, outside lib/, because lib/ never imports emulator/ (lib/runtime.ts StartEmulator).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const [{ registerEmulator }, { startBuiltinEmulator }, { boot }] = await Promise.all([
      import('./lib/runtime'),
      import('./emulator/builtin'),
      import('./lib/boot'),
    ]);
    registerEmulator(startBuiltinEmulator);
    await boot();
  }
}
