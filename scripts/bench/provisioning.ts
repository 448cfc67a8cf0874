import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { resultCodeOf, sendProduceCall } from '../../lib/marketplace/call';
import { pollQueryInstance, sleep } from '../../lib/marketplace/retries';

/**
 * Provisioning throughput (issue 12), against the running built app on PostgreSQL with the built-in provisioner: a
 * burst of purchases (signed newInstance with a fresh order each, `connections` at a time for `seconds`), then the
 * instances provisioned per second, read from the instance table (provisioned_at), and the time a purchase made
 * while a backlog drains waits for its instance, through queryInstance as the marketplace polls it. Goals: the backlog
 * the burst left provisioned at 100 a second or more once the purchases stop (while they arrive, answering them takes
 * most of the machine: that rate and the overall one are reported beside it), and that purchase within 5 s.
 */

export const PROVISIONING_GOALS = { perSecond: 100, probeMs: 5000 };

/** What the bench hands in: where the app is, and fresh orders registered in its emulator. */
export interface PurchaseTarget {
  produceUrl: string;
  key: string;
  freshOrder(): { orderId: string; orderLineId: string };
  /** the app's database, read to count provisioned instances */
  db: pg.Pool;
}

export interface ProbePurchase {
  /** during the burst, or right after it, when the backlog is at its largest */
  when: 'during the burst' | 'after the burst';
  /** instances still provisioning when it was made */
  backlog: number;
  /** from its newInstance to queryInstance answering 000000 with its appInfo */
  ms: number;
  ok: boolean;
}

export interface ProvisioningReport {
  seconds: number;
  connections: number;
  /** burst purchases answered 000004 */
  purchases: number;
  purchasesPerSecond: number;
  /** answers other than 000004, transport errors */
  unexpected: number;
  /** instances still provisioning when the burst ended */
  backlogAtEnd: number;
  provisioned: number;
  /** burst instances over the time from the first one provisioned to the last */
  provisionedPerSecond: number;
  /** while the burst was sent (the app answering it meanwhile), and after it, while the backlog drained */
  duringBurstPerSecond: number;
  drainPerSecond: number;
  /** from the end of the burst to the last instance provisioned */
  drainMs: number;
  probes: ProbePurchase[];
  goals: { perSecond: number; probeMs: number };
  pass: { throughput: boolean; probe: boolean };
  error?: string;
}

/** Buys a fresh order and waits until queryInstance answers it ready; the time from the purchase to then. */
export async function timeToProvisioned(t: PurchaseTarget, timeoutMs = 120_000): Promise<{ ms: number; ok: boolean; instanceId?: string }> {
  const started = performance.now();
  const r = await sendProduceCall({ url: t.produceUrl, key: t.key, body: { activity: 'newInstance', ...t.freshOrder(), businessId: randomUUID() } });
  const instanceId = (r.json as { instanceId?: unknown } | undefined)?.instanceId;
  if (typeof instanceId !== 'string') return { ms: Math.round(performance.now() - started), ok: false };
  const poll = await pollQueryInstance(t.produceUrl, t.key, instanceId, { timeoutMs, intervalMs: 100 });
  return { ms: Math.round(performance.now() - started), ok: poll.ok, instanceId };
}

// SQL: the bench reads the app's instance table to count and time provisionings
export async function provisioningCount(db: pg.Pool, ids?: string[]): Promise<number> {
  const { rows } = ids
    ? await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM instance WHERE status = 'provisioning' AND id = ANY($1)`, [ids])
    : await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM instance WHERE status = 'provisioning'`);
  return rows[0]!.n;
}

/** Waits until no instance (of `ids`, or at all) is provisioning; false on timeout. */
export async function waitProvisioned(db: pg.Pool, timeoutMs: number, ids?: string[]): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await provisioningCount(db, ids)) === 0) return true;
    await sleep(100);
  }
  return false;
}

export async function benchProvisioning(t: PurchaseTarget, opts: { seconds: number; connections: number; log?: (s: string) => void }): Promise<ProvisioningReport> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const report: ProvisioningReport = {
    seconds: opts.seconds,
    connections: opts.connections,
    purchases: 0,
    purchasesPerSecond: 0,
    unexpected: 0,
    backlogAtEnd: 0,
    provisioned: 0,
    provisionedPerSecond: 0,
    duringBurstPerSecond: 0,
    drainPerSecond: 0,
    drainMs: 0,
    probes: [],
    goals: PROVISIONING_GOALS,
    pass: { throughput: false, probe: false },
  };
  try {
    if (!(await waitProvisioned(t.db, 300_000))) throw new Error('the earlier parts left instances provisioning for 5 minutes');
    log(`[bench] provisioning: a burst of purchases at ${opts.connections} connections for ${opts.seconds} s…`);
    const ids: string[] = [];
    const started = Date.now();
    const end = started + opts.seconds * 1000;
    const sender = async () => {
      while (Date.now() < end) {
        const r = await sendProduceCall({ url: t.produceUrl, key: t.key, body: { activity: 'newInstance', ...t.freshOrder(), businessId: randomUUID() } });
        const id = (r.json as { instanceId?: unknown } | undefined)?.instanceId;
        if (resultCodeOf(r) === '000004' && typeof id === 'string') ids.push(id);
        else report.unexpected++;
      }
    };
    // one purchase timed every 5 s while the burst goes on
    const probesDuring = (async () => {
      for (let at = started + 5000; at < end - 1000; at += 5000) {
        await sleep(at - Date.now());
        const backlog = await provisioningCount(t.db);
        const p = await timeToProvisioned(t);
        report.probes.push({ when: 'during the burst', backlog, ms: p.ms, ok: p.ok });
      }
    })();
    await Promise.all(Array.from({ length: opts.connections }, sender));
    const burstEnded = Date.now();
    report.purchases = ids.length;
    report.purchasesPerSecond = ids.length / ((burstEnded - started) / 1000);
    report.backlogAtEnd = await provisioningCount(t.db, ids);
    log(`[bench] provisioning: ${ids.length} purchases (${report.purchasesPerSecond.toFixed(1)}/s), ${report.backlogAtEnd} still provisioning; a purchase now…`);
    const after = await timeToProvisioned(t);
    report.probes.push({ when: 'after the burst', backlog: report.backlogAtEnd, ms: after.ms, ok: after.ok });
    await probesDuring;
    if (!(await waitProvisioned(t.db, 600_000, ids))) throw new Error(`${await provisioningCount(t.db, ids)} burst instances still provisioning 10 minutes after the burst`);
    const { rows } = await t.db.query<{ n: number; first: Date; last: Date }>(
      `SELECT count(*)::int AS n, min(provisioned_at) AS first, max(provisioned_at) AS last FROM instance WHERE id = ANY($1) AND status = 'active'`,
      [ids],
    );
    const r = rows[0]!;
    report.provisioned = r.n;
    report.provisionedPerSecond = r.n / Math.max(0.001, (r.last.getTime() - r.first.getTime()) / 1000);
    report.drainMs = Math.max(0, r.last.getTime() - burstEnded);
    report.duringBurstPerSecond = (ids.length - report.backlogAtEnd) / ((burstEnded - started) / 1000);
    report.drainPerSecond = report.drainMs > 0 ? report.backlogAtEnd / (report.drainMs / 1000) : 0;
    report.pass = {
      throughput: report.drainPerSecond >= PROVISIONING_GOALS.perSecond && report.provisioned === ids.length,
      probe: after.ok && after.ms <= PROVISIONING_GOALS.probeMs,
    };
    log(`[bench] provisioning: ${report.drainPerSecond.toFixed(1)} provisioned/s after the burst (${report.duringBurstPerSecond.toFixed(1)}/s during it); the purchase after it waited ${after.ms} ms`);
  } catch (err) {
    report.error = (err as Error).message;
  }
  return report;
}

export function provisioningMarkdown(r: ProvisioningReport): string {
  const lines = [
    '### Provisioning throughput (PostgreSQL, built-in provisioner)',
    '',
    `A burst of ${r.purchases} purchases (${r.purchasesPerSecond.toFixed(1)}/s, ${r.connections} connections, ${r.seconds} s; ${r.unexpected} unexpected answers), ` +
      `${r.backlogAtEnd} still provisioning when it ended, the last provisioned ${(r.drainMs / 1000).toFixed(1)} s after it.`,
    '',
    '| purchase timed | backlog then | to provisioned ms |',
    '|---|---:|---:|',
    ...r.probes.map((p) => `| ${p.when} | ${p.backlog} | ${p.ok ? p.ms : `not ready (${p.ms})`} |`),
    '',
    `- ${r.pass.throughput ? 'PASS' : 'FAIL'}: the backlog provisioned at ${r.goals.perSecond} a second or more: ${r.drainPerSecond.toFixed(1)}/s after the burst ` +
      `(${r.provisioned} of ${r.purchases} provisioned; ${r.duringBurstPerSecond.toFixed(1)}/s while the burst was answered, ${r.provisionedPerSecond.toFixed(1)}/s from the first to the last)`,
    `- ${r.pass.probe ? 'PASS' : 'FAIL'}: a purchase made during the backlog provisioned within ${r.goals.probeMs / 1000} s: ${r.probes.find((p) => p.when === 'after the burst')?.ms ?? '—'} ms`,
  ];
  if (r.error) lines.push(`- ERROR: ${r.error}`);
  return lines.join('\n');
}
