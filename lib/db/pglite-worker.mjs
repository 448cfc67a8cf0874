// The embedded database on its own thread: PGlite (PostgreSQL in WebAssembly) and its socket server, so that the
// database uses the second core instead of competing with request handling on the main thread.
// Loaded by lib/db/embedded.ts with node:worker_threads; plain ESM so that Node runs it without any bundler.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ensureDatabaseFiles } from './pglite-files.mjs';
import { AtomicQueryQueue } from './pglite-queue.mjs';

try {
  // the first start creates the files here when scripts/prestart.mjs did not (tests, `next start` alone)
  await ensureDatabaseFiles(workerData.dir);
  const db = await PGlite.create(workerData.dir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: workerData.maxConnections });
  // replaces the stock queue, which interleaves concurrent connections (see pglite-queue.mjs)
  server.queryQueue = new AtomicQueryQueue(db);
  await server.start();
  parentPort.postMessage({ type: 'ready', conn: server.getServerConn() });
  parentPort.on('message', async (m) => {
    if (m === 'close') {
      await server.stop();
      await db.close();
      parentPort.postMessage({ type: 'closed' });
    }
  });
} catch (err) {
  parentPort.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
