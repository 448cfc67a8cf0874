import type { TestProject } from 'vitest/node';
import { startPostgres } from './harness/postgres';

/**
 * vitest globalSetup of the `integration` project: one throw-away PostgreSQL server for the whole run
 * (STYLE.md habit 11), unless TEST_DATABASE_URL already names one. Tests read the URL with
 * `inject('databaseUrl')` (or process.env.TEST_DATABASE_URL) and make their own databases with
 * `createDatabase(url, name)` from ./harness/postgres.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const existing = process.env.TEST_DATABASE_URL;
  if (existing) {
    project.provide('databaseUrl', existing);
    return;
  }
  const server = await startPostgres();
  process.env.TEST_DATABASE_URL = server.url;
  project.provide('databaseUrl', server.url);
  return async () => {
    delete process.env.TEST_DATABASE_URL;
    await server.stop();
  };
}
