import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { EMBEDDED_DATABASE_IN_USE, lockEmbeddedDatabase } from './embedded-lock.mjs';
import { ensureDatabaseFiles } from './pglite-files.mjs';

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

/**
 * Starts PGlite on a worker thread (lib/db/pglite-worker.mjs); the thread ends with the process. Takes the embedded
 * database's lock first and holds it until close() or the end of the process: a second process on the same DATA_DIR
 * gets an error with code EMBEDDED_DATABASE_IN_USE saying which process holds it (lib/db/embedded-lock.mjs).
 */
export async function startEmbeddedDatabase(dataDir: string, info: { port?: number } = {}): Promise<EmbeddedDatabase> {
  const dir = path.join(dataDir, 'pglite');
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = lockEmbeddedDatabase(dir, info);
  const file = path.join(/*turbopackIgnore: true*/ process.cwd(), 'lib', 'db', 'pglite-worker.mjs');
  const worker = new Worker(file, { workerData: { dir, maxConnections: EMBEDDED_MAX_CONNECTIONS } });
  let conn: string;
  try {
    conn = await new Promise<string>((resolve, reject) => {
      worker.once('message', (m: { type: string; conn?: string; message?: string }) =>
        m.type === 'ready' ? resolve(m.conn!) : reject(new Error(`the embedded database did not start: ${m.message}`)),
      );
      worker.once('error', reject);
    });
  } catch (err) {
    await worker.terminate();
    lock.release();
    throw err;
  }
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
      lock.release(); // only once nothing writes the files any more
    },
  };
}

/** Whether `err` is the refusal to start because another process holds the embedded database. */
export function isEmbeddedDatabaseInUse(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === EMBEDDED_DATABASE_IN_USE;
}

/**
 * Creates the embedded database files if missing, under its lock (run in a short-lived process: initdb peaks at
 * ~870 MiB). Throws like startEmbeddedDatabase when another process holds the database.
 */
export async function initEmbeddedDatabase(dataDir: string): Promise<boolean> {
  const dir = path.join(dataDir, 'pglite');
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = lockEmbeddedDatabase(dir);
  try {
    return await ensureDatabaseFiles(dir);
  } finally {
    lock.release();
  }
}
