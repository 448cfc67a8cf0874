import type { PrismaClient } from '../db/client';
import { dayInZone, DEFAULT_SELF_CHECK_TIMEZONE, formatWallTime, nextSlot, passingStreak, type SelfCheckSchedule } from './schedule';

/**
 * Reading the self-check's outcome (issue 12): its runs are the debugger's `debug_run` rows of trigger `scheduled`
 * (lib/selfcheck/run.ts). The Overview's card and the alert rule read them here. Ids are strings, times ISO in UTC.
 */

const SCHEDULED = 'scheduled';

export interface SelfCheckRun {
  runId: string;
  startedAt: string;
  finishedAt: string;
  passed: number;
  failed: number;
}

/**
 * The latest finished scheduled run, or null when none has finished yet. It passed when `failed` is 0. A run still
 * going (or whose process died mid-run, then retried as a new run) has no `finished_at` and is not it.
 */
export async function latestSelfCheck(prisma: PrismaClient): Promise<SelfCheckRun | null> {
  return (await latestSelfChecks(prisma, 1))[0] ?? null;
}

/** The latest `n` finished scheduled runs, newest first (the alert rule selfCheckFailed: so many failed in a row). */
export async function latestSelfChecks(prisma: PrismaClient, n: number): Promise<SelfCheckRun[]> {
  const rows = await prisma.debugRun.findMany({
    where: { trigger: SCHEDULED, finishedAt: { not: null } },
    orderBy: { startedAt: 'desc' },
    take: n,
    select: { id: true, startedAt: true, finishedAt: true, passed: true, failed: true },
  });
  return rows.map((r) => ({ runId: r.id.toString(), startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt!.toISOString(), passed: r.passed, failed: r.failed }));
}

/** How far back the streak looks: past it, the streak reads as this many days. */
export const STREAK_LOOKBACK_DAYS = 400;

/**
 * The days in a row, in the schedule's zone, whose scheduled runs all passed, counted back from the day of the latest
 * one (lib/selfcheck/schedule.ts passingStreak): a day with a failed run, or without a run, ends it.
 */
export async function selfCheckStreak(prisma: PrismaClient, timeZone: string, now = new Date()): Promise<number> {
  const runs = await prisma.debugRun.findMany({
    where: { trigger: SCHEDULED, finishedAt: { not: null }, startedAt: { gt: new Date(now.getTime() - STREAK_LOOKBACK_DAYS * 24 * 3600 * 1000) } },
    select: { startedAt: true, passed: true, failed: true },
  });
  const days = new Map<string, boolean>();
  for (const r of runs) {
    const day = dayInZone(r.startedAt, timeZone);
    days.set(day, (days.get(day) ?? true) && r.failed === 0 && r.passed > 0);
  }
  return passingStreak([...days].map(([day, passed]) => ({ day, passed })));
}

export interface SelfCheckSummary {
  /** null: SELF_CHECK_TIMES is off */
  schedule: { times: string[]; timeZone: string } | null;
  /** the next scheduled instant (ISO), null when off */
  next: string | null;
  latest: SelfCheckRun | null;
  /** days in a row it passed (selfCheckStreak) */
  streakDays: number;
  /** saved cases: with none, the self-check (and the marketplace's dial test) has nothing to replay */
  savedCases: number;
}

/** What the Overview's self-check card shows. */
export async function selfCheckSummary(prisma: PrismaClient, schedule: SelfCheckSchedule | null, now = new Date()): Promise<SelfCheckSummary> {
  const zone = schedule?.timeZone;
  const [latest, streakDays, savedCases] = await Promise.all([
    latestSelfCheck(prisma),
    // switched off: the runs from before are still counted, in the default zone
    selfCheckStreak(prisma, zone ?? DEFAULT_SELF_CHECK_TIMEZONE, now),
    prisma.debugCase.count(),
  ]);
  return {
    schedule: schedule && { times: schedule.times.map(formatWallTime), timeZone: schedule.timeZone },
    next: nextSlot(schedule, now)?.toISOString() ?? null,
    latest,
    streakDays,
    savedCases,
  };
}
