import type PgBoss from 'pg-boss';
import type { QueueName } from './queue';

/**
 * Wake on enqueue (issue 12). pg-boss 10 workers poll: an idle one fetches again only after its polling interval.
 * `boss.notifyWorker(id)` cuts a worker's wait short (node_modules/pg-boss/src/worker.js: it aborts the delay, or,
 * when the worker is fetching or running a batch, makes it skip the next one), so a job enqueued by this process is
 * fetched as soon as its transaction commits (lib/jobs/queue.ts registers the wake with lib/db/client.ts afterCommit).
 * It works within the process only: workers of other processes on the same database still find the job at their
 * next poll (JOB_POLL_SECONDS).
 */
interface Lane {
  id: string;
  /** running a batch: its worker fetches again only when the batch is done */
  busy: boolean;
}

interface QueueLanes {
  lanes: Lane[];
  /** round robin, so that a burst of commits wakes the workers in turn */
  next: number;
}

/**
 * Per pg-boss instance: a process may hold several (the tests start runtimes side by side). On globalThis, like the
 * runtime (lib/runtime.ts): Next bundles instrumentation.ts, whose runtime starts the workers, apart from the route
 * handlers that enqueue, each bundle with its own copy of this module.
 */
const REGISTRY_KEY = Symbol.for('koogallery.jobWorkers');
const registry: WeakMap<PgBoss, Map<QueueName, QueueLanes>> = ((globalThis as { [REGISTRY_KEY]?: WeakMap<PgBoss, Map<QueueName, QueueLanes>> })[REGISTRY_KEY] ??= new WeakMap());

/** Makes a worker wakeable on enqueue; the returned lane says when it is busy (lib/jobs/worker.ts). */
export function registerWorker(boss: PgBoss, queue: QueueName, id: string): Lane {
  let queues = registry.get(boss);
  if (!queues) registry.set(boss, (queues = new Map()));
  let q = queues.get(queue);
  if (!q) queues.set(queue, (q = { lanes: [], next: 0 }));
  const lane = { id, busy: false };
  q.lanes.push(lane);
  return lane;
}

/**
 * Wakes one worker of `queue` for a job just committed: the next idle one in turn, else (all of them are running a
 * batch) the next one, which then fetches again as soon as its batch is done instead of waiting out its interval.
 * Nothing when this process runs no worker of the queue.
 */
export function wakeWorkers(boss: PgBoss, queue: QueueName): void {
  const q = registry.get(boss)?.get(queue);
  if (!q?.lanes.length) return;
  const n = q.lanes.length;
  let chosen = q.lanes[q.next % n]!;
  for (let i = 0; i < n; i++) {
    const lane = q.lanes[(q.next + i) % n]!;
    if (!lane.busy) {
      chosen = lane;
      q.next = (q.next + i) % n;
      break;
    }
  }
  q.next = (q.next + 1) % n;
  boss.notifyWorker(chosen.id);
}
