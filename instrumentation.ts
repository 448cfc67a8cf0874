/**
 * Runs once when the server starts (never during `next build`): opens the database, migrates it, starts the job
 * workers and, without AK/SK, the built-in marketplace emulator — so the first marketplace call finds it all ready.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { boot } = await import('./lib/boot');
    await boot();
  }
}
