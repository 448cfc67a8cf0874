import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The embedded database: PGlite (PostgreSQL in WebAssembly) persisted under DATA_DIR, served on 127.0.0.1 by
 * PGLiteSocketServer so Prisma's pg adapter and pg-boss connect to it like to any PostgreSQL (../shared/STACK.md).
 */
export interface EmbeddedDatabase {
  url: string;
  close(): Promise<void>;
}

/** Sum of every pool that connects (app pool + pg-boss + migration client) must stay below this. */
export const EMBEDDED_MAX_CONNECTIONS = 24;

/** Starts PGlite on a worker thread (lib/db/pglite-worker.mjs); the thread ends with the process. */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const dir = path.join(dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(/*turbopackIgnore: true*/ process.cwd(), 'lib', 'db', 'pglite-worker.mjs');
  const worker = new Worker(file, { workerData: { dir, maxConnections: EMBEDDED_MAX_CONNECTIONS } });
  const conn = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { type: string; conn?: string; message?: string }) =>
      m.type === 'ready' ? resolve(m.conn!) : reject(new Error(`the embedded database did not start: ${m.message}`)),
    );
    worker.once('error', reject);
  });
  const port = Number(conn.split(':').pop());
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async close() {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        worker.once('message', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage('close');
      });
      await worker.terminate();
    },
  };
}

/** Creates the embedded database files if missing (run in a short-lived process: initdb peaks at ~870 MiB). */
export async function initEmbeddedDatabase(dataDir: string): Promise<boolean> {
  const dir = path.join(dataDir, 'pglite');
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return false;
  fs.mkdirSync(dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dir);
  await db.query('select 1');
  await db.close();
  return true;
}
