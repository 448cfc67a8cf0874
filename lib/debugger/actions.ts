import type { PrismaClient } from '../db/client';
import { redactBody, redactUrl } from '../redact';
import type { Check } from './judge';
import type { RunTrigger, StoredCase } from './queries';
import type { Exchange } from './send';

/**
 * Writing the debugger's tables: saved cases, runs and their results. Plain Prisma writes; the reads are in
 * lib/debugger/queries.ts, and what the console does with them (send, save, run, audit) in lib/debugger/runner.ts.
 */

/** A case as it is written: a stored case without its id. */
export type CaseInput = Omit<StoredCase, 'id'>;

export async function insertCase(prisma: PrismaClient, c: CaseInput, by: string): Promise<string> {
  const { id } = await prisma.debugCase.create({ data: { ...c, createdBy: by }, select: { id: true } });
  return id.toString();
}

export async function updateCase(prisma: PrismaClient, id: string, c: CaseInput): Promise<boolean> {
  const { count } = await prisma.debugCase.updateMany({ where: { id: BigInt(id) }, data: c });
  return count === 1;
}

/** Its results stay, with the case's name (debug_result.case_id is set null). */
export async function deleteCase(prisma: PrismaClient, id: string): Promise<boolean> {
  const { count } = await prisma.debugCase.deleteMany({ where: { id: BigInt(id) } });
  return count === 1;
}

export async function startRun(prisma: PrismaClient, trigger: RunTrigger, by: string): Promise<string> {
  const { id } = await prisma.debugRun.create({ data: { trigger, triggeredBy: by }, select: { id: true } });
  return id.toString();
}

/** Closes a run with its counts, taken from its results (all of them written before: the run is over). */
export async function finishRun(prisma: PrismaClient, runId: string): Promise<{ passed: number; failed: number }> {
  const id = BigInt(runId);
  const [passed, failed] = await Promise.all([
    prisma.debugResult.count({ where: { runId: id, pass: true } }),
    prisma.debugResult.count({ where: { runId: id, pass: false } }),
  ]);
  return prisma.debugRun.update({ where: { id }, data: { finishedAt: new Date(), passed, failed }, select: { passed: true, failed: true } });
}

export interface ResultExtras {
  caseId?: string;
  caseName?: string;
  step?: string;
  /** a call that could not be sent (no key, no instance id yet …): recorded as a failure with this reason */
  error?: string;
}

/** Records one call: signature shortened in the URL, secret answer fields (passwords) masked, as in the call log. */
export async function addResult(prisma: PrismaClient, runId: string, x: Exchange, extras: ResultExtras = {}): Promise<void> {
  await prisma.debugResult.create({
    data: {
      runId: BigInt(runId),
      caseId: extras.caseId ? BigInt(extras.caseId) : null,
      caseName: extras.caseName ?? null,
      step: extras.step?.slice(0, 64) ?? null,
      activity: x.activity,
      targetUrl: x.target.url,
      pass: x.verdict.pass,
      resultCode: x.verdict.resultCode ?? null,
      httpStatus: x.response.status || null,
      durationMs: Math.round(x.response.durationMs),
      instanceId: x.instanceId ?? null,
      checks: x.verdict.checks as object[],
      requestUrl: redactUrl(x.request.url),
      requestBody: x.request.body,
      responseBody: x.response.status ? redactBody(x.response.body) : null,
      error: x.response.error ?? null,
    },
  });
}

/**
 * A result without a call: a case that could not even be sent (its key cannot be read, no instance id yet …), or a
 * lifecycle step that makes none (registering orders). Passes only when its one check does.
 */
export async function addUnsent(
  prisma: PrismaClient,
  runId: string,
  c: { activity: string; targetUrl: string; caseId?: string; caseName?: string; step?: string },
  check: Check,
): Promise<void> {
  await prisma.debugResult.create({
    data: {
      runId: BigInt(runId),
      caseId: c.caseId ? BigInt(c.caseId) : null,
      caseName: c.caseName ?? null,
      step: c.step ?? null,
      activity: c.activity,
      targetUrl: c.targetUrl,
      pass: check.status !== 'fail',
      durationMs: 0,
      checks: [check] as object[],
      requestUrl: c.targetUrl,
      requestBody: '',
      error: check.status === 'fail' ? check.reason : null,
    },
  });
}
