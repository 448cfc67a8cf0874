import type PgBoss from 'pg-boss';
import { log } from '../log';
import { failProvision, runAlertDeliveryJob, runApplyOrder, runKitEvents, runLicenceEvents, runLicenceRefreshJob, runLicenceUploadJob, runLifecycle, runProvision, runSelfCheckJob, runUsagePushJob, type JobDeps, type JobOutcome } from './handlers';
import { deprioritize, QUEUES, type QueueName } from './queue';
import { registerWorker, wakeWorkers } from './wake';
import { circuitOf, onBreakerClosed, type BreakerApi, type CircuitOpenError } from '../openapi/breaker';

/**
 * Starts the workers. Each job's progress is mirrored in our `job` table (state, attempts, last error), which the
 * console reads; pg-boss keeps the queue itself.
 *
 * `concurrency` workers per queue (lib/jobs/sizing.ts), each taking a batch and running its jobs concurrently; a failed
 * job is failed on its own (pg-boss then schedules its retry) and the others complete. pg-boss 10 waits a polling
 * interval between fetches even when it found work: a worker whose batch was full fetches again at once instead (a
 * backlog drains at the database's pace, not a batch per interval), and a job enqueued in this process wakes a worker
 * when its transaction commits (lib/jobs/wake.ts). The polling interval is what an idle worker waits for jobs enqueued
 * by other processes.
 *
 * Provisioning is fetched newest first (lib/jobs/queue.ts firstAttemptPriority), so a purchase never waits behind a
 * backlog; with two workers or more, the first of them fetches oldest first (pg-boss's `priority: false`: by age
 * alone), so that the oldest purchases keep a share of the workers while new ones keep arriving.
 */
export async function startWorkers(
  boss: PgBoss,
  deps: JobDeps,
  opts: { pollingIntervalSeconds: number; concurrency?: number; batchSize?: number },
) {
  const handlers: Record<QueueName, (id: string, data: never) => Promise<JobOutcome | object>> = {
    [QUEUES.provision]: (id, data: { instanceId: string }) => runProvision(id, data, deps),
    [QUEUES.applyOrder]: (id, data) => runApplyOrder(id, data, deps),
    [QUEUES.lifecycle]: (id, data) => runLifecycle(id, data, deps),
    [QUEUES.usagePush]: (id) => runUsagePushJob(id, deps),
    [QUEUES.kitEvents]: (id, data: { instanceId: string; tenantId: string }) => runKitEvents(id, data, deps),
    [QUEUES.licenceEvents]: (id, data: { codeId: string }) => runLicenceEvents(id, data, deps),
    [QUEUES.licenceRefresh]: (id) => runLicenceRefreshJob(id, deps),
    [QUEUES.licenceUpload]: (id, data: { licenceRequestId: string }) => runLicenceUploadJob(id, data, deps),
    [QUEUES.alertDelivery]: (_id, data: { deliveryId?: unknown }) => runAlertDeliveryJob(data, deps),
    [QUEUES.selfCheck]: () => runSelfCheckJob(deps),
  };
  const batchSize = opts.batchSize ?? 5;
  const waiting = new WaitingJobs(deps.pool, boss);
  boss.once('stopped', onBreakerClosed((api) => waiting.release(api)));
  const ids: string[] = [];
  for (const [queue, handler] of Object.entries(handlers) as [QueueName, (id: string, data: never) => Promise<JobOutcome | object>][]) {
    // one usage push (it pushes several batches at once itself), one licence refresh and one self-check at a time per process is enough
    const workers = queue === QUEUES.usagePush || queue === QUEUES.licenceRefresh || queue === QUEUES.selfCheck ? 1 : (opts.concurrency ?? 1);
    for (let i = 0; i < workers; i++) {
      const oldestFirst = queue === QUEUES.provision && workers > 1 && i === 0;
      let lane: ReturnType<typeof registerWorker> | undefined;
      const id = await boss.work<Record<string, unknown>>(
        queue,
        { pollingIntervalSeconds: opts.pollingIntervalSeconds, batchSize, includeMetadata: true, priority: !oldestFirst },
        async (jobs) => {
          if (lane) lane.busy = true;
          try {
            await Promise.all(
              jobs.map((job) =>
                runTracked(queue, job as PgBoss.JobWithMetadata<Record<string, unknown>>, handler, deps, waiting).catch((err: Error) =>
                  boss
                    .fail(queue, job.id, { message: err.message })
                    .catch((failErr: Error) => log.error('could not mark the job failed', { queue, jobId: job.id, error: failErr.message })),
                ),
              ),
            );
          } finally {
            if (lane) lane.busy = false;
          }
          // a full batch: more are likely waiting, fetch again without the polling interval's wait
          if (jobs.length >= batchSize) boss.notifyWorker(id);
          // the jobs still active (the successful ones) are completed by pg-boss when this returns
        },
      );
      // the oldest-first worker is left out of the wake-ups: a job just enqueued is the newest
      if (!oldestFirst) lane = registerWorker(boss, queue, id);
      ids.push(id);
    }
  }
  return ids;
}

// SQL: the job's bookkeeping as atomic increments and a set-once COALESCE, one statement each
async function runTracked(
  queue: QueueName,
  job: PgBoss.JobWithMetadata<Record<string, unknown>>,
  handler: (id: string, data: never) => Promise<JobOutcome | object>,
  deps: JobDeps,
  waiting: WaitingJobs,
): Promise<void> {
  await deps.pool.query(`UPDATE job SET state = 'active', attempts = attempts + 1, updated_at = now() WHERE id = $1`, [job.id]);
  try {
    const outcome = await handler(job.id, job.data as never);
    await deps.pool.query(
      `UPDATE job SET state = 'completed', last_error = NULL, completed_at = now(), updated_at = now() WHERE id = $1`,
      [job.id],
    );
    log.info('job completed', { queue, jobId: job.id, outcome });
  } catch (err) {
    // an API whose breaker is open was not called: the job waits for it, and the attempt does not count
    const circuit = circuitOf(err);
    if (circuit && (await waitForCircuit(queue, job, circuit, deps))) {
      waiting.add(circuit.api, queue, job.id);
      return;
    }
    const message = (err as Error).message;
    const final = job.retryCount >= job.retryLimit;
    await deps.pool.query(`UPDATE job SET state = $2, last_error = $3, first_failed_at = COALESCE(first_failed_at, now()), updated_at = now() WHERE id = $1`, [
      job.id,
      final ? 'failed' : 'retry',
      message.slice(0, 4000),
    ]);
    if (final && queue === QUEUES.provision) {
      await failProvision(String(job.data.instanceId), message, deps);
    }
    // its retry goes behind every first attempt (lib/jobs/queue.ts FIRST_ATTEMPT_PRIORITY)
    if (!final) await deprioritize(deps.pool, queue, job.id).catch((e: Error) => log.warn('could not lower a retried job', { queue, jobId: job.id, error: e.message }));
    log.warn('job failed', { queue, jobId: job.id, attempt: job.retryCount + 1, final, error: message });
    throw err; // the worker fails this job alone; pg-boss schedules the retry
  }
}

/**
 * A job whose API's circuit is open (lib/openapi/breaker.ts): back in pg-boss's queue until the breaker lets a probe
 * through, as if this fetch had not happened: `started_on` cleared so that the next fetch does not count a retry
 * (pg-boss counts one when it fetches a job that has started before), the attempt taken back in our `job` row, and no
 * failure recorded. Not active any more, so pg-boss does not complete it when the batch returns.
 */
// SQL: keyed updates of pg-boss's job row (its partition by name) and ours
async function waitForCircuit(queue: QueueName, job: PgBoss.JobWithMetadata<Record<string, unknown>>, err: CircuitOpenError, deps: JobDeps): Promise<boolean> {
  const retryAt = new Date(err.retryAt);
  try {
    await deps.pool.query(
      `UPDATE pgboss.job SET state = 'retry', start_after = $3, started_on = CASE WHEN retry_count = 0 THEN NULL ELSE started_on END,
              retry_count = CASE WHEN retry_count = 0 THEN 0 ELSE retry_count - 1 END
        WHERE name = $1 AND id = $2 AND state = 'active'`,
      [queue, job.id, retryAt],
    );
  } catch (e) {
    // a singleton queue already holds a job like it waiting (the usage push): this one fails as any attempt does
    log.warn('could not put a job back to wait for its circuit', { queue, jobId: job.id, error: (e as Error).message });
    return false;
  }
  await deps.pool.query(
    `UPDATE job SET state = 'retry', attempts = GREATEST(attempts - 1, 0), last_error = $2, updated_at = now() WHERE id = $1`,
    [job.id, `waiting: ${err.message} (not counted as an attempt)`.slice(0, 4000)],
  );
  log.info('job waits for an open circuit', { queue, jobId: job.id, api: err.api, retryAt: retryAt.toISOString() });
  return true;
}

/**
 * The jobs this process put back to wait for an open circuit, released when the circuit closes: they were put back until
 * the next probe could go, or, when fetched while a probe was in flight, a whole probe interval later (lib/openapi/
 * breaker.ts acquire), so without this a backlog would wait up to BREAKER_PROBE_SECONDS after the API answered again.
 * Made due now and the queue's workers woken; a job another process put back waits for its own process's breaker.
 */
class WaitingJobs {
  private readonly byApi = new Map<BreakerApi, Map<string, QueueName>>();

  constructor(
    private readonly pool: JobDeps['pool'],
    private readonly boss: PgBoss,
  ) {}

  add(api: BreakerApi, queue: QueueName, jobId: string): void {
    let jobs = this.byApi.get(api);
    if (!jobs) this.byApi.set(api, (jobs = new Map()));
    jobs.set(jobId, queue);
  }

  release(api: BreakerApi): void {
    const jobs = this.byApi.get(api);
    if (!jobs?.size || this.pool.ending) return;
    this.byApi.delete(api);
    const byQueue = new Map<QueueName, string[]>();
    for (const [id, queue] of jobs) {
      const ids = byQueue.get(queue);
      if (ids) ids.push(id);
      else byQueue.set(queue, [id]);
    }
    for (const [queue, ids] of byQueue) {
      // SQL: a keyed update of pg-boss's job rows (the name prunes to the queue's partition); only those still waiting
      this.pool
        .query(`UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'retry' AND start_after > now()`, [queue, ids])
        .then((r) => {
          if (r.rowCount) wakeWorkers(this.boss, queue);
          log.info('jobs waiting for a circuit released', { api, queue, released: r.rowCount });
        })
        .catch((err: Error) => log.warn('could not release the jobs waiting for a circuit', { api, queue, error: err.message }));
    }
  }
}
