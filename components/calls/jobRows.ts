import type { AttentionJob } from '@/lib/jobs/attention';
import { progressText, type JobsT } from '@/lib/jobs/words';

/**
 * What a job of the attention queue says, pure, for the Failures view. progressText's line ("attempt 6 of 9 failed,
 * next try in 2 min 10 s"), except for a job the reader has just retried that is due and not picked up yet: it says
 * "queued: attempt 7 of 9 starts now", never a next try that Retry now has made moot. `retriedAttempt` is the attempt
 * the job was at when Retry now answered; once another attempt has started, the job's own line speaks again.
 */
export function jobLine(t: JobsT, job: AttentionJob, now: number, retriedAttempt?: number): string {
  const due = job.state === 'failing' && !job.running && (!job.nextTry || Date.parse(job.nextTry) - now < 1000);
  if (due && retriedAttempt === job.attempt) return t('retryQueued', { n: job.attempt + 1, max: job.maxAttempts });
  return progressText(t, job, now);
}

/** How often the list refreshes: every second while an attempt runs or is due within 5 s (to show it in place), else every 5 s. */
export function jobsRefreshMs(jobs: readonly AttentionJob[], now: number): number {
  const soon = jobs.some((j) => j.state === 'failing' && (j.running || (j.nextTry !== null && Date.parse(j.nextTry) - now < 5_000)));
  return soon ? 1_000 : 5_000;
}

/** The first line of an error, at most `max` characters: the row shows it, the whole text opens below. */
export function errorHead(error: string, max = 80): string {
  const line = error.split('\n', 1)[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
