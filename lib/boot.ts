import { isEmbeddedDatabaseInUse } from './db/embedded';
import { log } from './log';
import { getRuntime } from './runtime';

/**
 * The line `npm start` prints once the app is ready: where to sign in. Plain text on stdout, like the first
 * administrator's password (lib/users/actions.ts), so an operator finds it among the JSON log lines.
 */
export function signInNotice(publicUrl: string): string {
  return `Sign in at ${publicUrl}/login\n`;
}

/** Server start (instrumentation.ts): create the runtime, and close it cleanly on SIGTERM / SIGINT. */
export async function boot(): Promise<void> {
  try {
    const rt = await getRuntime();
    process.stdout.write(signInNotice(rt.config.publicUrl));
    const stop = async (signal: string) => {
      log.info('shutting down', { signal });
      await rt.close();
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  } catch (err) {
    // Another process holds the embedded database: no retry helps while it runs, and a server that is up but cannot
    // answer is harder to notice than one that refuses to start. Exit, so `npm start`, systemd or a container shows it.
    if (isEmbeddedDatabaseInUse(err)) {
      log.error((err as Error).message);
      process.exit(1);
    }
    log.error('the app started without its database; requests will retry the start', { error: (err as Error).message });
  }
}
