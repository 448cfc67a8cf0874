import { describe, expect, it } from 'vitest';
import { firstAttemptPriority, FIRST_ATTEMPT_PRIORITY, QUEUES, RETRY_PRIORITY } from '../../../lib/jobs/queue';
import { POOL_SIZE, workerSizing } from '../../../lib/jobs/sizing';

describe('workerSizing', () => {
  it('keeps a queue’s jobs in flight within half the pool on PostgreSQL, one worker on the embedded database', () => {
    const pg = workerSizing('postgresql');
    expect(pg.concurrency * pg.batchSize).toBeLessThanOrEqual(POOL_SIZE.postgresql / 2);
    expect(pg.concurrency).toBeGreaterThan(1);
    expect(workerSizing('embedded')).toEqual({ concurrency: 1, batchSize: 5 });
  });

  it('takes JOB_CONCURRENCY and JOB_BATCH_SIZE as given', () => {
    expect(workerSizing('postgresql', { concurrency: 6, batchSize: 3 })).toEqual({ concurrency: 6, batchSize: 3 });
    expect(workerSizing('embedded', { concurrency: 2 })).toEqual({ concurrency: 2, batchSize: 5 });
    // a larger batch on PostgreSQL: fewer workers, the same half of the pool
    expect(workerSizing('postgresql', { batchSize: 10 })).toEqual({ concurrency: 1, batchSize: 10 });
  });
});

describe('firstAttemptPriority', () => {
  it('puts a later purchase ahead of an earlier one, and every first attempt ahead of the retries', () => {
    const t = Date.UTC(2026, 11, 3, 12, 0, 0);
    expect(firstAttemptPriority(QUEUES.provision, t + 1000)).toBeGreaterThan(firstAttemptPriority(QUEUES.provision, t));
    expect(firstAttemptPriority(QUEUES.provision, t)).toBeGreaterThan(RETRY_PRIORITY);
    // pg-boss's priority is an int4
    expect(firstAttemptPriority(QUEUES.provision, Date.UTC(2090, 0, 1))).toBeLessThan(2 ** 31);
  });

  it('keeps the other queues in pg-boss’s order (oldest first)', () => {
    expect(firstAttemptPriority(QUEUES.lifecycle, Date.UTC(2026, 11, 3))).toBe(FIRST_ATTEMPT_PRIORITY);
  });
});
