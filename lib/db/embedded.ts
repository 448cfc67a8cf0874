import fs from 'node:fs';
import path from 'node:path';

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

export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const dir = path.join(dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(dir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: EMBEDDED_MAX_CONNECTIONS });
  await server.start();
  const conn = server.getServerConn();
  const port = Number(conn.split(':').pop());
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async close() {
      await server.stop();
      await db.close();
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
