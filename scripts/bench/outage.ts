import { randomUUID } from 'node:crypto';
import { injectFault, type EmulatorState } from '../../emulator/state';
import { sendProduceCall } from '../../lib/marketplace/call';
import { sleep } from '../../lib/marketplace/retries';
import { timeToProvisioned, waitProvisioned, type PurchaseTarget } from './provisioning';

/**
 * A Query Order outage (issue 12), against the running built app on PostgreSQL: Query Order answers 503 for `seconds`
 * (2 minutes) while `purchases` (300) purchases arrive, spread over it. Measured from the emulator's side: the Query
 * Order calls it received while the app's breaker was open, the most within any probe interval (goal: 1). Once it
 * answers again: how long the app's breaker takes to close (its next probe), a purchase made then until provisioned
 * (goal 5 s), the backlog until every purchase is provisioned (goal 60 s), and none lost or provisioned twice.
 */

export const OUTAGE_GOALS = { callsPerProbe: 1, freshMs: 5000, backlogMs: 60_000 };

export interface OutageReport {
  seconds: number;
  purchases: number;
  probeSeconds: number;
  /** from the first failure to the breaker seen open */
  openedAfterMs: number | null;
  /** Query Order calls the emulator received while the breaker was open, and the most within one probe interval */
  callsWhileOpen: number;
  maxCallsPerProbe: number;
  /** from Query Order answering again to the app's breaker closed */
  closedAfterMs: number | null;
  /** a purchase made when the breaker closed, until provisioned */
  freshMs: number | null;
  /** from the breaker closed to the last outage purchase provisioned */
  backlogMs: number | null;
  /** outage purchases never provisioned, and provisioned more than once (completed provisioning jobs per instance) */
  lost: number;
  doubled: number;
  failedJobs: number;
  goals: typeof OUTAGE_GOALS;
  pass: { calls: boolean; fresh: boolean; backlog: boolean; intact: boolean };
  error?: string;
}

interface Breaker {
  api: string;
  state: string;
}

async function queryOrderBreaker(appUrl: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${appUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
    const body = (await res.json()) as { breakers?: Breaker[] };
    return body.breakers?.find((b) => b.api === 'queryOrder')?.state;
  } catch {
    return undefined;
  }
}

export async function benchOutage(
  t: PurchaseTarget & { appUrl: string; state: EmulatorState },
  opts: { seconds: number; purchases: number; probeSeconds: number; log?: (s: string) => void },
): Promise<OutageReport> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const report: OutageReport = {
    seconds: opts.seconds,
    purchases: opts.purchases,
    probeSeconds: opts.probeSeconds,
    openedAfterMs: null,
    callsWhileOpen: 0,
    maxCallsPerProbe: 0,
    closedAfterMs: null,
    freshMs: null,
    backlogMs: null,
    lost: 0,
    doubled: 0,
    failedJobs: 0,
    goals: OUTAGE_GOALS,
    pass: { calls: false, fresh: false, backlog: false, intact: false },
  };
  // every Query Order request the emulator receives, answered or refused by the fault (its call list is capped)
  const calls: number[] = [];
  const push = t.state.calls.push.bind(t.state.calls);
  t.state.calls.push = (...recorded) => {
    for (const c of recorded) if (c.api === 'orderQuery') calls.push(Date.now());
    return push(...recorded);
  };
  let fault: ReturnType<typeof injectFault> | undefined;
  try {
    if (!(await waitProvisioned(t.db, 300_000))) throw new Error('the earlier parts left instances provisioning for 5 minutes');
    log(`[bench] outage: Query Order answers 503 for ${opts.seconds} s while ${opts.purchases} purchases arrive…`);
    fault = injectFault(t.state, { api: 'orderQuery', status: 503, count: 1_000_000_000 });
    const started = Date.now();
    const end = started + opts.seconds * 1000;
    let openedAt: number | null = null;
    const watch = (async () => {
      while (Date.now() < end && openedAt === null) {
        const s = await queryOrderBreaker(t.appUrl);
        if (s && s !== 'closed') openedAt = Date.now();
        else await sleep(200);
      }
    })();
    const ids: string[] = [];
    let refused = 0;
    const every = (opts.seconds * 1000 * 0.9) / opts.purchases;
    for (let i = 0; i < opts.purchases; i++) {
      await sleep(started + i * every - Date.now());
      const r = await sendProduceCall({ url: t.produceUrl, key: t.key, body: { activity: 'newInstance', ...t.freshOrder(), businessId: randomUUID() } });
      const id = (r.json as { instanceId?: unknown } | undefined)?.instanceId;
      if (typeof id === 'string') ids.push(id);
      else refused++;
    }
    await watch;
    await sleep(end - Date.now());
    // the API is back
    t.state.faults.splice(t.state.faults.indexOf(fault), 1);
    fault = undefined;
    const back = Date.now();
    if (refused) throw new Error(`${refused} purchases were not answered with an instanceId during the outage`);
    if (openedAt === null) throw new Error('the queryOrder breaker never opened');
    report.openedAfterMs = openedAt - started;
    const open = calls.filter((c) => c >= openedAt! && c < back);
    report.callsWhileOpen = open.length;
    const probeMs = opts.probeSeconds * 1000;
    report.maxCallsPerProbe = Math.max(0, ...open.map((c) => open.filter((d) => d >= c && d < c + probeMs).length));
    log(`[bench] outage: ${open.length} Query Order calls while open (at most ${report.maxCallsPerProbe} per ${opts.probeSeconds} s); waiting for the breaker to close…`);

    for (let deadline = back + probeMs + 30_000; Date.now() < deadline; await sleep(100)) {
      if ((await queryOrderBreaker(t.appUrl)) === 'closed') {
        report.closedAfterMs = Date.now() - back;
        break;
      }
    }
    if (report.closedAfterMs === null) throw new Error(`the queryOrder breaker did not close within ${opts.probeSeconds + 30} s of the API answering again`);
    const closed = Date.now();
    const fresh = timeToProvisioned(t);
    const drained = waitProvisioned(t.db, 300_000, ids).then((ok) => (ok ? Date.now() - closed : null));
    const f = await fresh;
    report.freshMs = f.ok ? f.ms : null;
    report.backlogMs = await drained;

    // SQL: the bench reads the app's instance and job tables to check nothing was lost or doubled
    const { rows } = await t.db.query<{ lost: number; doubled: number; failed: number }>(
      `SELECT (SELECT count(*)::int FROM instance WHERE id = ANY($1) AND status <> 'active') AS lost,
              (SELECT count(*)::int FROM (SELECT instance_id FROM job WHERE queue = 'provision' AND state = 'completed' AND instance_id = ANY($1)
                                          GROUP BY instance_id HAVING count(*) > 1) d) AS doubled,
              (SELECT count(*)::int FROM job WHERE queue = 'provision' AND state = 'failed' AND instance_id = ANY($1)) AS failed`,
      [ids],
    );
    report.lost = rows[0]!.lost + (opts.purchases - ids.length);
    report.doubled = rows[0]!.doubled;
    report.failedJobs = rows[0]!.failed;
    report.pass = {
      calls: report.maxCallsPerProbe <= OUTAGE_GOALS.callsPerProbe,
      fresh: report.freshMs !== null && report.freshMs <= OUTAGE_GOALS.freshMs,
      backlog: report.backlogMs !== null && report.backlogMs <= OUTAGE_GOALS.backlogMs,
      intact: report.lost === 0 && report.doubled === 0 && report.failedJobs === 0,
    };
    log(`[bench] outage: breaker closed ${report.closedAfterMs} ms after the API came back; fresh purchase ${report.freshMs} ms, backlog ${report.backlogMs} ms`);
  } catch (err) {
    report.error = (err as Error).message;
  } finally {
    if (fault) t.state.faults.splice(t.state.faults.indexOf(fault), 1);
    t.state.calls.push = push;
  }
  return report;
}

export function outageMarkdown(r: OutageReport): string {
  const s = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
  const lines = [
    '### A Query Order outage (PostgreSQL)',
    '',
    `Query Order answered 503 for ${r.seconds} s while ${r.purchases} purchases arrived; breaker probe interval ${r.probeSeconds} s, ` +
      `open ${s(r.openedAfterMs)} after the outage began; closed ${s(r.closedAfterMs)} after the API answered again.`,
    '',
    `- ${r.pass.calls ? 'PASS' : 'FAIL'}: at most ${r.goals.callsPerProbe} Query Order call per probe interval while open: ${r.maxCallsPerProbe} (${r.callsWhileOpen} calls while open)`,
    `- ${r.pass.fresh ? 'PASS' : 'FAIL'}: a purchase made once the breaker closed provisioned within ${r.goals.freshMs / 1000} s: ${s(r.freshMs)}`,
    `- ${r.pass.backlog ? 'PASS' : 'FAIL'}: the outage's purchases provisioned within ${r.goals.backlogMs / 1000} s of the breaker closing: ${s(r.backlogMs)}`,
    `- ${r.pass.intact ? 'PASS' : 'FAIL'}: nothing lost or doubled: ${r.lost} lost, ${r.doubled} provisioned twice, ${r.failedJobs} jobs given up`,
  ];
  if (r.error) lines.push(`- ERROR: ${r.error}`);
  return lines.join('\n');
}
