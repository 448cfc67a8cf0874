import type { PrismaClient } from '../db/client';
import type { Check } from './judge';
import { maskParams } from './secrets';

/**
 * Reading the debugger's tables: saved cases (debug_case), runs (debug_run: who, when, what started it) and each call's
 * verdict (debug_result). Plain Prisma reads, one function per question; the writes are in lib/debugger/actions.ts.
 * Ids are strings and times ISO strings in UTC, so a server component and the console API hand out the same shape.
 */

import type { RunTrigger } from './catalog';

export type { RunTrigger };

export interface CaseRow {
  id: string;
  name: string;
  activity: string;
  /** null: this app's production URL */
  targetUrl: string | null;
  /** a typed key is stored (encrypted); only its fingerprint is shown */
  keyFingerprint: string | null;
  params: Record<string, string>;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  last: { pass: boolean; resultCode: string | null; durationMs: number; at: string; runId: string } | null;
  /** the newest results first, at most 10: the case's pass/fail trend */
  trend: boolean[];
}

export interface StoredCase {
  id: string;
  name: string;
  activity: string;
  targetUrl: string | null;
  keyEnc: string | null;
  keyFingerprint: string | null;
  params: Record<string, string>;
}

/** Case and run ids are bigint serials; anything else is not found (and never reaches the database as a bad cast). */
const serial = (id: string): bigint | undefined => (/^\d{1,18}$/.test(id) ? BigInt(id) : undefined);

const STORED_SELECT = { id: true, name: true, activity: true, targetUrl: true, keyEnc: true, keyFingerprint: true, params: true } as const;
const toStored = (c: { id: bigint; params: unknown } & Omit<StoredCase, 'id' | 'params'>): StoredCase => ({
  ...c,
  id: c.id.toString(),
  params: c.params as Record<string, string>,
});

export async function listCases(prisma: PrismaClient): Promise<CaseRow[]> {
  const cases = await prisma.debugCase.findMany({
    orderBy: { id: 'asc' },
    omit: { keyEnc: true },
    include: { results: { orderBy: { id: 'desc' }, take: 10, select: { pass: true, resultCode: true, durationMs: true, createdAt: true, runId: true } } },
  });
  return cases.map(({ results, ...c }) => {
    const last = results[0];
    return {
      ...c,
      id: c.id.toString(),
      // a stored secret stays on the server (lib/debugger/secrets.ts)
      params: maskParams(c.activity, c.params as Record<string, string>),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      last: last ? { pass: last.pass, resultCode: last.resultCode, durationMs: last.durationMs, at: last.createdAt.toISOString(), runId: last.runId.toString() } : null,
      trend: results.map((r) => r.pass),
    };
  });
}

export async function getCase(prisma: PrismaClient, id: string): Promise<StoredCase | undefined> {
  const key = serial(id);
  const c = key === undefined ? null : await prisma.debugCase.findUnique({ where: { id: key }, select: STORED_SELECT });
  return c ? toStored(c) : undefined;
}

/** Every saved case in the order Run all replays them: the order they were saved (a purchase before its queries). */
export async function allCases(prisma: PrismaClient): Promise<StoredCase[]> {
  return (await prisma.debugCase.findMany({ orderBy: { id: 'asc' }, select: STORED_SELECT })).map(toStored);
}

/** {{lastInstanceId}}: the instance id of the newest successful newInstance the debugger sent to this URL. */
export async function lastInstanceId(prisma: PrismaClient, targetUrl: string): Promise<string | undefined> {
  const r = await prisma.debugResult.findFirst({ where: { targetUrl, instanceId: { not: null } }, orderBy: { id: 'desc' }, select: { instanceId: true } });
  return r?.instanceId ?? undefined;
}

export interface RunRow {
  id: string;
  trigger: RunTrigger;
  triggeredBy: string;
  startedAt: string;
  finishedAt: string | null;
  passed: number;
  failed: number;
}

export async function listRuns(prisma: PrismaClient, opts: { limit?: number; triggers?: RunTrigger[] } = {}): Promise<RunRow[]> {
  const runs = await prisma.debugRun.findMany({
    where: opts.triggers ? { trigger: { in: opts.triggers } } : {},
    orderBy: { id: 'desc' },
    take: Math.min(Math.max(Math.trunc(Number(opts.limit ?? 30)) || 30, 1), 200),
  });
  return runs.map((r) => ({
    ...r,
    id: r.id.toString(),
    trigger: r.trigger as RunTrigger,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  }));
}

export interface ResultRow {
  id: string;
  caseId: string | null;
  caseName: string | null;
  step: string | null;
  activity: string;
  targetUrl: string;
  pass: boolean;
  resultCode: string | null;
  httpStatus: number | null;
  durationMs: number;
  checks: Check[];
  requestUrl: string;
  requestBody: string;
  responseBody: string | null;
  error: string | null;
  createdAt: string;
}

export async function runResults(prisma: PrismaClient, runId: string): Promise<ResultRow[]> {
  const key = serial(runId);
  if (key === undefined) return [];
  const results = await prisma.debugResult.findMany({ where: { runId: key }, orderBy: { id: 'asc' }, omit: { runId: true, instanceId: true } });
  return results.map((r) => ({
    ...r,
    id: r.id.toString(),
    caseId: r.caseId?.toString() ?? null,
    checks: r.checks as unknown as Check[],
    createdAt: r.createdAt.toISOString(),
  }));
}
