import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser } from '../../../lib/auth/users';
import { debuggerDeps } from '../../../lib/debugger/api';
import { KIT_ACTIVITIES, SECRET_KEPT } from '../../../lib/debugger/catalog';
import { listCases } from '../../../lib/debugger/queries';
import { prefill } from '../../../lib/debugger/prefill';
import { debugLifecycle, debugSend, runAllCases, runOneCase, saveCase, type DebuggerDeps, type LifecycleStepView } from '../../../lib/debugger/runner';
import { findTenant, listApplications, listOrgs, listUsers } from '../../../lib/kit/queries';
import { isRefusal } from '../../../lib/refusal';
import type { Runtime } from '../../../lib/runtime';
import { decryptAtRest } from '../../../lib/secrets';
import { startProduceServer } from '../helpers/produce-server';
import { startTestRuntime } from '../helpers/runtime';

/** The debugger's kit activities (spec §3.12) against the app over HTTP: each signed, sent, judged, and in the directory. */

const support: ConsoleUser = { id: randomUUID(), email: 'support-kit@it.test', name: null, role: 'support', locale: 'en' };

let rt: Runtime;
let app: Awaited<ReturnType<typeof startProduceServer>>;
let deps: DebuggerDeps;

beforeAll(async () => {
  app = await startProduceServer();
  rt = await startTestRuntime({ PUBLIC_URL: app.url });
  app.attach(rt);
  deps = debuggerDeps(rt);
});

afterAll(async () => {
  await rt?.close();
  await app?.close();
});

const failing = (checks: { id: string; status: string; reason: string }[]) => checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.reason}`);

describe('debugger kit activities against the app (real PostgreSQL, real HTTP)', () => {
  it('sends every kit activity with the prefilled values: signed in headers, passing, in the directory', async () => {
    const p = prefill();
    for (const activity of KIT_ACTIVITIES) {
      const out = await debugSend(deps, support, { activity, params: p[activity] });
      if (isRefusal(out)) throw new Error(`${activity}: ${JSON.stringify(out)}`);
      const { exchange } = out;
      expect([activity, exchange.verdict.pass, exchange.verdict.resultCode, failing(exchange.verdict.checks)]).toEqual([activity, true, '000000', []]);
      expect(exchange.request.url).toBe(`${app.url}/api/produce/produceAPI/v2/${activity}`);
      expect(exchange.request.headers['x-sign']).toMatch(/^[0-9A-F]{64}$/);
      expect(exchange.request.curl).toContain("-H 'x-nonce:");
      expect(exchange.verdict.checks.find((c) => c.id === 'bodySign')).toMatchObject({ status: 'skip', reason: 'bodySignNotKit' });
      const body = JSON.parse(exchange.request.body) as Record<string, unknown>;
      expect(body.testFlag).toBe(1);
      expect(body.timeStamp).toMatch(/^\d{17}$/);
      if (activity === 'applicationSync') {
        // encrypted on the way: the plain secret typed in the form never goes out
        expect(body.clientSecret).toMatch(/^[A-Za-z0-9+/]{500,}={0,2}$/);
        expect(exchange.request.body).not.toContain('debug-secret-');
      }
    }
    const { instanceId, tenantId } = p.tenantSync;
    expect(await findTenant(rt.pool, instanceId!, tenantId!)).toMatchObject({ tenantCode: 'debugtenant', name: 'Debug tenant', domainName: 'https://example.tenantaccount.com', testFlag: true, deleted: false });
    expect(await listApplications(rt.pool, instanceId!, tenantId!)).toEqual([expect.objectContaining({ appId: 'debug-app', clientId: 'debug-client', hasSecret: true, secretDigest: 'sha256' })]);
    expect((await listUsers(rt.pool, instanceId!, tenantId!)).map((u) => [u.userName, u.role, u.enabled])).toEqual([['debug-admin', 'admin', true]]);
    // allOrgSync, sent last, replaced the tree singleOrgSync had added debug-qa to
    expect((await listOrgs(rt.pool, instanceId!, tenantId!)).map((o) => [o.orgCode, o.parentCode])).toEqual([
      ['debug-rd', 'debug-root'],
      ['debug-root', null],
    ]);
  });

  it('refuses a bad list by field, and applicationSync to another URL (only this app’s public key is known)', async () => {
    const p = prefill();
    const bad = await debugSend(deps, support, { activity: 'authSync', params: { ...p.authSync, userList: '[{"name":"x"}]' } });
    expect(bad).toMatchObject({ kind: 'invalid', fields: { userList: { key: 'debugger.err.itemField', vars: { index: 1, field: 'userName' } } } });
    const other = await debugSend(deps, support, { activity: 'applicationSync', params: p.applicationSync, url: 'https://isv.example.com/produce', key: 'k' });
    expect(other).toMatchObject({ kind: 'invalid', fields: { url: { key: 'debugger.gen.publicKeyUnknown' } } });
    const saved = await saveCase(deps, support, { name: 'app elsewhere', activity: 'applicationSync', params: p.applicationSync, url: 'https://isv.example.com/produce', key: 'k' });
    expect(saved).toMatchObject({ kind: 'invalid', fields: { url: { key: 'debugger.gen.publicKeyUnknown' } } });
  });

  it('saves the five kit cases and "Run all" passes them twice (replays repeat idempotently)', async () => {
    const p = prefill();
    for (const activity of KIT_ACTIVITIES) expect(isRefusal(await saveCase(deps, support, { name: `kit ${activity}`, activity, params: p[activity] }))).toBe(false);
    for (let round = 1; round <= 2; round++) {
      const run = await runAllCases(deps, support);
      const kit = run.results.filter((r) => r.caseName?.startsWith('kit '));
      expect(kit.map((r) => [r.caseName, r.pass, r.resultCode, failing(r.checks)]), `round ${round}`).toEqual(KIT_ACTIVITIES.map((a) => [`kit ${a}`, true, '000000', []]));
    }
  });

  it('a saved applicationSync case keeps its clientSecret encrypted at rest, shows it masked, keeps it when saved unchanged, and sends it', async () => {
    const p = prefill();
    const secret = `case-secret-${randomUUID()}`;
    const saved = await saveCase(deps, support, { name: 'secret case', activity: 'applicationSync', params: { ...p.applicationSync, clientSecret: secret } });
    if (isRefusal(saved)) throw new Error('refused');
    const stored = await rt.pool.query<{ params: Record<string, string> }>(`SELECT params FROM debug_case WHERE id = $1`, [saved.id]);
    expect(JSON.stringify(stored.rows[0]!.params)).not.toContain(secret);
    expect(stored.rows[0]!.params.clientSecret).toMatch(/^enc:/);
    const row = (await listCases(rt.prisma)).find((c) => c.id === saved.id)!;
    expect(row.params.clientSecret).toBe(SECRET_KEPT);
    // edited with the masked value unchanged: the stored secret stays
    expect(isRefusal(await saveCase(deps, support, { name: 'secret case (renamed)', activity: 'applicationSync', params: row.params }, saved.id))).toBe(false);
    const again = await rt.pool.query<{ params: Record<string, string> }>(`SELECT params FROM debug_case WHERE id = $1`, [saved.id]);
    expect(again.rows[0]!.params.clientSecret).toBe(stored.rows[0]!.params.clientSecret);
    const run = await runOneCase(deps, support, saved.id);
    if (isRefusal(run)) throw new Error('refused');
    expect(run.results.map((r) => [r.pass, r.resultCode])).toEqual([[true, '000000']]);
    // the app decrypted the secret the case kept: the one typed, not the mask
    const [{ client_secret: enc }] = (await rt.pool.query(`SELECT client_secret FROM kit_application WHERE app_id = $1 AND tenant_id = $2`, [p.applicationSync.appId, p.applicationSync.tenantId])).rows;
    expect(decryptAtRest(rt.secrets.encryptionKey, enc)).toBe(secret);
    // a case whose secret cannot be decrypted any more is not sent, and says why
    await rt.pool.query(`UPDATE debug_case SET params = jsonb_set(params, '{clientSecret}', '"enc:garbage"') WHERE id = $1`, [saved.id]);
    const broken = await runOneCase(deps, support, saved.id);
    if (isRefusal(broken)) throw new Error('refused');
    expect(broken.results[0]!.checks.map((c) => c.reason)).toContain('secretUnreadable');
  });

  it('the lifecycle adds the kit syncs before releaseInstance, each passing, and they land in the directory', async () => {
    const steps: LifecycleStepView[] = [];
    const out = await debugLifecycle(deps, support, {}, (s) => steps.push(s), { poll: { timeoutMs: 20_000, intervalMs: 300 } });
    if (isRefusal(out)) throw new Error(JSON.stringify(out));
    expect(steps.map((s) => [s.name, s.pass]).filter(([, pass]) => !pass)).toEqual([]);
    expect(out.pass).toBe(true);
    const names = steps.map((s) => s.name);
    const kitNames = ['tenantSync (add)', 'applicationSync (add)', 'allOrgSync (3 organisations)', 'authSync (add: test account)', 'singleOrgSync (add: department edit)'];
    expect(names.filter((n) => /Sync/.test(n))).toEqual(kitNames);
    expect(names.indexOf('singleOrgSync (add: department edit)')).toBeLessThan(names.indexOf('releaseInstance'));
    expect(names.indexOf('tenantSync (add)')).toBeGreaterThan(names.indexOf('upgradeInstance'));
    const tenantStep = steps.find((s) => s.name === 'tenantSync (add)')!;
    expect(tenantStep.exchange).toMatchObject({ activity: 'tenantSync', verdict: { pass: true, resultCode: '000000' } });
    const sent = JSON.parse(tenantStep.exchange!.request.body) as { instanceId: string; tenantId: string };
    const instanceId = steps.find((s) => s.name === 'newInstance')!.exchange!.instanceId!;
    expect(sent.instanceId).toBe(instanceId);
    expect(await findTenant(rt.pool, instanceId, sent.tenantId)).toMatchObject({ name: 'Debugger test tenant', deleted: false });
    expect(await listApplications(rt.pool, instanceId, sent.tenantId)).toHaveLength(1);
    expect(await listUsers(rt.pool, instanceId, sent.tenantId)).toHaveLength(1);
    expect(await listOrgs(rt.pool, instanceId, sent.tenantId)).toHaveLength(4);
  });
});
