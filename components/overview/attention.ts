import type { BadgeTone } from '@/components/ui';
import type { Attention } from '@/lib/overview';

export type AttentionKind = 'failedCalls' | 'failingJobs' | 'gaveUpJobs' | 'usageFailures' | 'failedInstances' | 'licencesAwaiting' | 'licencesRejected';
export type AttentionArea = 'calls' | 'jobs' | 'usage' | 'instances' | 'licences';

export interface AttentionLine {
  kind: AttentionKind;
  n: number;
  /** where the reader deals with it: failed calls and background jobs are all in the Failures view */
  href: string;
  area: AttentionArea;
  /** danger: lost unless someone acts (a refund, a job that gave up); warning: still moving or owed */
  tone: BadgeTone;
}

const FAILURES = '/calls?view=failures';

const LINES: { kind: AttentionKind; count: (a: Attention) => number; href: string; area: AttentionArea; tone: BadgeTone }[] = [
  { kind: 'failedCalls', count: (a) => a.failedCalls24h, href: FAILURES, area: 'calls', tone: 'danger' },
  { kind: 'gaveUpJobs', count: (a) => a.gaveUpJobs, href: FAILURES, area: 'jobs', tone: 'danger' },
  { kind: 'failingJobs', count: (a) => a.failingJobs, href: FAILURES, area: 'jobs', tone: 'warning' },
  // not billed unless someone re-pushes them (a rejection) or never (expired)
  { kind: 'usageFailures', count: (a) => a.usageFailures, href: FAILURES, area: 'usage', tone: 'danger' },
  { kind: 'failedInstances', count: (a) => a.failedInstances, href: '/instances?status=failed', area: 'instances', tone: 'danger' },
  { kind: 'licencesAwaiting', count: (a) => a.licencesAwaiting, href: '/licences?status=awaiting', area: 'licences', tone: 'warning' },
  { kind: 'licencesRejected', count: (a) => a.licencesRejected, href: '/licences?status=rejected', area: 'licences', tone: 'warning' },
];

/** The Overview's "Needs attention" lines: one for each kind of unresolved failure or owed work there is, failures first. */
export function attentionLines(a: Attention): AttentionLine[] {
  return LINES.flatMap(({ count, ...line }) => {
    const n = count(a);
    return n > 0 ? [{ ...line, n }] : [];
  });
}
