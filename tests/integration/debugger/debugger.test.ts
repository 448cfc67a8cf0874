import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser } from '../../../lib/auth/users';
import { debugLifecycle, debugSend, removeCase, runAllCases, runOneCase, saveCase, type DebuggerDeps, type LifecycleStepView } from '../../../lib/debugger/runner';
import { debuggerDeps } from '../../../lib/debugger/api';
import { listCases, listRuns, runResults } from '../../../lib/debugger/queries';
import { isRefusal } from '../../../lib/refusal';
import type { Runtime } from '../../../lib/runtime';
import { decryptAtRest } from '../../../lib/secrets';
import { startProduceServer } from '../helpers/produce-server';
import { startTestRuntime } from '../helpers/runtime';

const support: ConsoleUser = { id: randomUUID(), email: 'support@it.test', name: null, role: 'support', locale: 'en' };

let rt: Runtime;
let app: Awaited<ReturnType<typeof startProduceServer>>;
let junk: http.Server;
let junkUrl: string;
let deps: DebuggerDeps;

beforeAll(async () => {
  app = await startProduceServer();
  rt = await startTestRuntime({ PUBLIC_URL: app.url });
  app.attach(rt);
  deps = debuggerDeps(rt);
  // a production URL that is broken: HTTP 500 with an HTML page, or a slow answer
  junk = http.createServer((req, res) => {
    if (req.url?.startsWith('/slow')) setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 6000);
    else res.writeHead(500, { 'content-type': 'text/html' }).end('<html>Internal error</html>');
  });
  await new Promise<void>((r) => junk.listen(0, '127.0.0.1', r));
  junkUrl = `http://127.0.0.1:${(junk.address() as AddressInfo).port}`;
});

afterAll(async () => {
  junk?.closeAllConnections();
  await new Promise<void>((r) => (junk ? junk.close(() => r()) : r()));
  await rt?.close();
  await app?.close();
});

const failingChecks = (checks: { id: string; status: string; reason: string }[]) => checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.reason}`);

describe('interface debugger against the app (real PostgreSQL, real HTTP)', () => {
  it('saves cases, runs them all twice: both pass twice, with history rows and a trend', async () => {
    const buy = await saveCase(deps, support, {
      name: 'buy yearly',
      activity: 'newInstance',
      params: { orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId: '{{uuid}}' },
    });
    const query = await saveCase(deps, support, { name: 'query it', activity: 'queryInstance', params: { instanceId: '{{lastInstanceId}}' } });
    expect(isRefusal(buy) || isRefusal(query)).toBe(false);
    const invalid = await saveCase(deps, support, { name: '', activity: 'queryInstance', params: { instanceId: '' } });
    expect(invalid).toMatchObject({ kind: 'invalid', fields: { instanceId: { key: 'debugger.err.required' }, name: { key: 'debugger.gen.required' } } });
    expect(await listCases(rt.prisma)).toHaveLength(2);

    for (let round = 1; round <= 2; round++) {
      const run = await runAllCases(deps, support, { pollIntervalMs: 300 });
      expect(run.results.map((r) => [r.caseName, r.pass, r.resultCode, failingChecks(r.checks)]), `round ${round}`).toEqual([
        ['buy yearly', true, expect.stringMatching(/^00000[04]$/), []],
        ['query it', true, '000000', []],
      ]);
      expect(run).toMatchObject({ passed: 2, failed: 0 });
    }
    const history = await listRuns(rt.prisma, { triggers: ['run_all'] });
    expect(history.map((r) => [r.trigger, r.passed, r.failed, r.triggeredBy])).toEqual([
      ['run_all', 2, 0, support.email],
      ['run_all', 2, 0, support.email],
    ]);
    const cases = await listCases(rt.prisma);
    expect(cases.map((c) => [c.name, c.last?.pass, c.trend])).toEqual([
      ['buy yearly', true, [true, true]],
      ['query it', true, [true, true]],
    ]);
    const { rows: audits } = await rt.pool.query(`SELECT action FROM audit_log WHERE action LIKE 'debug.%' ORDER BY id`);
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['debug.case.create', 'debug.run_all']));
  }, 60_000);

  it('sends a signed newInstance with testFlag=1 to this app: passing verdict, recorded, audited, in the call log', async () => {
    const out = await debugSend(deps, support, {
      activity: 'newInstance',
      params: { orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId: '{{uuid}}' },
    });
    expect(isRefusal(out)).toBe(false);
    if (isRefusal(out)) return;
    const x = out.exchange;
    expect(x.target).toEqual({ url: app.productionUrl, keyLabel: 'MARKETPLACE_KEY', own: true });
    expect(failingChecks(x.verdict.checks)).toEqual([]);
    expect(x.verdict.pass).toBe(true);
    expect(['000000', '000004']).toContain(x.verdict.resultCode);
    expect(x.instanceId).toEqual(expect.any(String));
    // the app's Body-Sign header was verified with the same key
    expect(x.verdict.checks.find((c) => c.id === 'bodySign')).toMatchObject({ status: 'pass' });

    const results = await runResults(rt.prisma, out.runId);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ activity: 'newInstance', pass: true, targetUrl: app.productionUrl });
    expect(results[0]!.requestUrl).not.toContain(new URL(x.request.url).searchParams.get('signature')!);
    const { rows: calls } = await rt.pool.query(`SELECT test_flag, signature_verdict FROM call WHERE direction = 'inbound' AND activity = 'newInstance' AND order_id = 'MOCKPERIODYEARNEW'`);
    expect(calls).toContainEqual({ test_flag: true, signature_verdict: 'valid' });
    const { rows: audits } = await rt.pool.query(`SELECT action, user_email FROM audit_log WHERE action = 'debug.send'`);
    expect(audits).toContainEqual({ action: 'debug.send', user_email: support.email });
  });

  it('refuses bad input naming the field, and sends nothing', async () => {
    const before = await rt.pool.query('SELECT count(*)::int AS n FROM debug_run');
    const out = await debugSend(deps, support, { activity: 'refreshInstance', params: { scene: 'RENEW', instanceId: 'i', orderId: 'o', orderLineId: 'l', expireTime: 'tomorrow' }, url: 'ftp://x' });
    expect(out).toMatchObject({ kind: 'invalid', fields: { scene: { key: 'debugger.err.enum' }, expireTime: { key: 'debugger.err.time' }, url: { key: 'debugger.gen.scheme' } } });
    expect(isRefusal(await debugSend(deps, support, { activity: 'dance', params: {} }))).toBe(true);
    const after = await rt.pool.query('SELECT count(*)::int AS n FROM debug_run');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('a failing target gives a failed verdict with the right reasons: HTTP 500 junk, a timeout, a wrong key', async () => {
    const junkOut = await debugSend(deps, support, { activity: 'queryInstance', params: { instanceId: 'x' }, url: `${junkUrl}/produce`, key: 'junk-key' });
    expect(!isRefusal(junkOut) && junkOut.exchange.verdict.pass).toBe(false);
    expect(!isRefusal(junkOut) && failingChecks(junkOut.exchange.verdict.checks)).toEqual(['http200:statusNot200', 'json:notJson']);

    const slow = await debugSend(deps, support, { activity: 'queryInstance', params: { instanceId: 'x' }, url: `${junkUrl}/slow`, key: 'junk-key' });
    expect(!isRefusal(slow) && failingChecks(slow.exchange.verdict.checks)).toEqual(['answer:timeout']);

    const wrongKey = await debugSend(deps, support, { activity: 'queryInstance', params: { instanceId: 'x' }, key: 'not-the-key' });
    expect(!isRefusal(wrongKey) && wrongKey.exchange.target.keyLabel).toMatch(/^typed key /);
    expect(!isRefusal(wrongKey) && failingChecks(wrongKey.exchange.verdict.checks)).toEqual(['success:codeFailure']);
    expect(!isRefusal(wrongKey) && wrongKey.exchange.verdict.resultCode).toBe('000001');
  }, 20_000);

  it('a case with a typed key keeps it encrypted; edits and deletes are audited; one case runs alone', async () => {
    const saved = await saveCase(deps, support, { name: 'foreign', activity: 'orderNotify', params: { orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001' }, url: `${junkUrl}/p`, key: 'foreign-secret-key' });
    expect(isRefusal(saved)).toBe(false);
    const id = isRefusal(saved) ? '' : saved.id;
    const { rows } = await rt.pool.query(`SELECT key_enc, key_fingerprint, params::text FROM debug_case WHERE id = $1`, [id]);
    expect(rows[0].key_enc).not.toContain('foreign-secret-key');
    expect(decryptAtRest(rt.secrets.encryptionKey, rows[0].key_enc)).toBe('foreign-secret-key');
    expect(JSON.stringify(await listCases(rt.prisma))).not.toContain('foreign-secret-key');
    const { rows: auditRows } = await rt.pool.query(`SELECT detail::text FROM audit_log WHERE target = $1`, [`debug case ${id}`]);
    expect(auditRows.map((r) => r.detail).join()).not.toContain('foreign-secret-key');

    // edit: no key given keeps it; the URL moves to this app
    const edited = await saveCase(deps, support, { name: 'notify here', activity: 'orderNotify', params: { orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001' }, url: '' }, id);
    expect(isRefusal(edited)).toBe(false);
    const kept = await rt.pool.query(`SELECT key_enc IS NOT NULL AS has_key, target_url FROM debug_case WHERE id = $1`, [id]);
    expect(kept.rows[0]).toEqual({ has_key: true, target_url: null });
    // run with the stored (wrong for this app) key: refused by the app with 000001
    const wrong = await runOneCase(deps, support, id);
    if (isRefusal(wrong)) throw wrong;
    expect(wrong.results.map((r) => [r.pass, r.resultCode])).toEqual([[false, '000001']]);
    // forget the key: the configured one signs, and it passes
    await saveCase(deps, support, { name: 'notify here', activity: 'orderNotify', params: { orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001' }, key: '' }, id);
    const right = await runOneCase(deps, support, id);
    if (isRefusal(right)) throw right;
    expect(right.results.map((r) => [r.pass, r.resultCode, failingChecks(r.checks)])).toEqual([[true, '000000', []]]);

    expect(await removeCase(deps, support, id)).toEqual({ deleted: id });
    expect(await removeCase(deps, support, id)).toMatchObject({ kind: 'notFound' });
    const { rows: trail } = await rt.pool.query(`SELECT action FROM audit_log WHERE target = $1 ORDER BY id`, [`debug case ${id}`]);
    expect(trail.map((r) => r.action)).toEqual(['debug.case.create', 'debug.case.update', 'debug.case.run', 'debug.case.update', 'debug.case.run', 'debug.case.delete']);
    // the results outlive the case, by name
    const results = await runResults(rt.prisma, right.runId);
    expect(results[0]).toMatchObject({ caseId: null, caseName: 'notify here' });
  }, 30_000);

  it('runs a whole lifecycle against this app: every step passes', async () => {
    const steps: LifecycleStepView[] = [];
    const out = await debugLifecycle(deps, support, {}, (s) => steps.push(s), { poll: { timeoutMs: 30_000, intervalMs: 300 } });
    expect(out).toMatchObject({ pass: true, failed: 0 });
    expect(steps.map((s) => [s.name, s.pass])).toEqual([
      ['register orders', true],
      ['newInstance', true],
      ['queryInstance (until ready)', true],
      ['newInstance (repeat: same instanceId)', true],
      ['refreshInstance (RENEWAL)', true],
      ['updateInstanceStatus FREEZE', true],
      ['updateInstanceStatus UNFREEZE', true],
      ['upgradeInstance', true],
      // the kit syncs of the new instance (spec §3.12 triggers), before its release
      ['tenantSync (add)', true],
      ['applicationSync (add)', true],
      ['allOrgSync (3 organisations)', true],
      ['authSync (add: test account)', true],
      ['singleOrgSync (add: department edit)', true],
      ['releaseInstance', true],
      ['releaseInstance (repeat)', true],
    ]);
    for (const s of steps.slice(1)) expect(s.exchange?.verdict.pass, s.name).toBe(true);
    const results = await runResults(rt.prisma, isRefusal(out) ? '' : out.runId);
    expect(results.map((r) => r.step)).toEqual(steps.map((s) => s.name));
  }, 60_000);

  it('a lifecycle whose page went away still records every step, finishes its run and is audited', async () => {
    const out = await debugLifecycle(
      deps,
      support,
      {},
      () => {
        throw new TypeError('Invalid state: Controller is already closed');
      },
      { poll: { timeoutMs: 30_000, intervalMs: 300 } },
    );
    expect(out).toMatchObject({ pass: true, failed: 0, passed: 15 });
    const runId = isRefusal(out) ? '' : out.runId;
    expect(await runResults(rt.prisma, runId)).toHaveLength(15);
    const { rows } = await rt.pool.query(`SELECT 1 FROM debug_run WHERE id = $1 AND finished_at IS NOT NULL`, [runId]);
    expect(rows).toHaveLength(1);
    const audited = await rt.pool.query(`SELECT 1 FROM audit_log WHERE action = 'debug.lifecycle' AND detail->>'runId' = $1`, [runId]);
    expect(audited.rows).toHaveLength(1);
  }, 60_000);
  it('signs with the configured key only for this app: another URL needs a typed key (send, case, lifecycle)', async () => {
    let received = 0;
    const catcher = http.createServer((req, res) => {
      received++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"resultCode":"000000","resultMsg":"ok"}');
    });
    await new Promise<void>((r) => catcher.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(catcher.address() as AddressInfo).port}/api/produce`;
    try {
      const sent = await debugSend(deps, support, { activity: 'releaseInstance', params: { instanceId: 'anything' }, url });
      expect(sent).toMatchObject({ kind: 'invalid', fields: { key: { key: 'debugger.gen.keyRequired' } } });
      const life = await debugLifecycle(deps, support, { url }, () => undefined);
      expect(life).toMatchObject({ kind: 'invalid', fields: { key: { key: 'debugger.gen.keyRequired' } } });
      const saved = await saveCase(deps, support, { name: 'elsewhere', activity: 'queryInstance', params: { instanceId: 'x' }, url });
      expect(saved).toMatchObject({ kind: 'invalid', fields: { key: { key: 'debugger.gen.keyRequired' } } });
      expect(received).toBe(0);
      // this app's own URL typed in full is still this app
      const own = await debugSend(deps, support, { activity: 'queryInstance', params: { instanceId: 'nope' }, url: app.productionUrl });
      expect(!isRefusal(own) && own.exchange.target).toMatchObject({ keyLabel: 'MARKETPLACE_KEY', own: true });
      const typed = await debugSend(deps, support, { activity: 'queryInstance', params: { instanceId: 'x' }, url, key: 'their-key' });
      expect(!isRefusal(typed) && typed.exchange.target.keyLabel).toMatch(/^typed key /);
      expect(received).toBe(1);
    } finally {
      await new Promise<void>((r) => catcher.close(() => r()));
    }
  });

  it('a debugging call (testFlag=1) cannot change a real instance, whoever signed it', async () => {
    const id = `real-${randomUUID()}`;
    await rt.pool.query(`INSERT INTO instance (id, order_id, order_line_id, status, test_flag) VALUES ($1, $2, $3, 'active', false)`, [id, `o-${id}`, `l-${id}`]);
    for (const [activity, params] of [
      ['releaseInstance', { instanceId: id }],
      ['updateInstanceStatus', { instanceId: id, status: 'FREEZE' }],
      ['refreshInstance', { instanceId: id, scene: 'RENEWAL', orderId: 'o2', orderLineId: 'l2', expireTime: '20991231000000' }],
      ['upgradeInstance', { instanceId: id, orderId: 'o3', orderLineId: 'l3' }],
      ['newInstance', { orderId: `o-${id}`, orderLineId: `l-${id}`, businessId: '{{uuid}}' }],
    ] as const) {
      const out = await debugSend(deps, support, { activity, params });
      expect(!isRefusal(out) && out.exchange.verdict.resultCode, `${activity}: ${JSON.stringify(out).slice(0, 300)}`).toBe('000002');
      expect(!isRefusal(out) && out.exchange.response.body, activity).toContain('testFlag is 1');
    }
    const { rows } = await rt.pool.query(`SELECT status::text AS status, expire_time FROM instance WHERE id = $1`, [id]);
    expect(rows[0]).toEqual({ status: 'active', expire_time: null });
    const { rows: orders } = await rt.pool.query(`SELECT count(*)::int AS n FROM instance_order WHERE instance_id = $1`, [id]);
    expect(orders[0].n).toBe(0);
  });
});
