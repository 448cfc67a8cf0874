/**
 * How much of the database a process gives its job workers (issue 12). One pool per process is shared by the
 * production interfaces, the console and the jobs; the jobs of one queue get at most half of it, so that the
 * interfaces, which must answer within 5 s (spec §7.1), still find a connection while a backlog drains.
 *
 * Each job holds a connection only for its statements, one at a time (no transaction spans a call to the marketplace or
 * the provisioner), so the jobs in flight (workers × batch) bound the connections they hold.
 */
export type DatabaseKind = 'embedded' | 'postgresql';

/**
 * Connections per process. PGlite runs one session whatever the number of connections (lib/db/pglite-queue.mjs keeps
 * them apart); a few let it work while others wait on I/O.
 */
export const POOL_SIZE: Record<DatabaseKind, number> = { postgresql: 20, embedded: 4 };

export interface WorkerSizing {
  /** workers per queue (pg-boss `work` loops), each fetching its own batches */
  concurrency: number;
  /** jobs per fetch, run side by side; a worker fetches again when its whole batch is done */
  batchSize: number;
}

const BATCH_SIZE = 5;

/**
 * JOB_CONCURRENCY and JOB_BATCH_SIZE when set; otherwise half the pool's connections in flight on PostgreSQL (2 workers
 * of 5), and one worker of 5 on the embedded database, whose one session more workers would only queue on (and the
 * produce calls behind them).
 */
export function workerSizing(kind: DatabaseKind, set: { concurrency?: number; batchSize?: number } = {}): WorkerSizing {
  const batchSize = set.batchSize ?? BATCH_SIZE;
  const concurrency = set.concurrency ?? (kind === 'embedded' ? 1 : Math.max(1, Math.floor(POOL_SIZE[kind] / 2 / batchSize)));
  return { concurrency, batchSize };
}
