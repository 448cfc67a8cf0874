import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltinEmulator } from '../../../emulator/builtin';
import type { ConsoleUser } from '../../../lib/auth/users';
import { attemptsOf } from '../../../lib/calls/queries';
import { loadConfig } from '../../../lib/config';
import { addUnsent, finishRun, insertCase, startRun } from '../../../lib/debugger/actions';
import { listCases, runResults } from '../../../lib/debugger/queries';
import { getInstanceDetail } from '../../../lib/instances/queries';
import { instancesByStatus } from '../../../lib/overview';
import { createRuntime, type Runtime } from '../../../lib/runtime';
import { createUser, setOwnLocale } from '../../../lib/users/actions';
import { activeConsoleUser, listUsers } from '../../../lib/users/queries';
import { call, tempDir, TEST_KEY, waitFor } from '../helpers/runtime';

/**
 * The console's Prisma reads and writes on the embedded database (no DATABASE_URL: PGlite behind its socket server),
 * while production calls and the job workers use the same pool's raw SQL: Prisma's driver adapter shares PGlite's
 * one session with them (lib/db/pglite-queue.mjs), so neither may see the other's statements or results.
 */
describe('the console on the embedded database, through Prisma', () => {
  let rt: Runtime;
  let admin: ConsoleUser;
  beforeAll(async () => {
    rt = await createRuntime(loadConfig({ DATA_DIR: tempDir('kg-embedded-console-'), MARKETPLACE_KEY: TEST_KEY, LOG_LEVEL: 'error', JOB_POLL_SECONDS: '0.5', BREAKER_FAILURES: '1000' }), {
      startEmulator: startBuiltinEmulator,
    });
    const [first] = await listUsers(rt.prisma);
    admin = (await activeConsoleUser(rt.prisma, first!.id))!;
  }, 120_000);
  afterAll(async () => {
    await rt?.close();
  });

  it('runs on PGlite, with the first administrator created at start', () => {
    expect(rt.databaseKind).toBe('embedded');
    expect(admin).toMatchObject({ email: 'admin@localhost', role: 'admin', locale: null });
  });

  it('reads what the produce path and the provisioning job wrote, while calls keep arriving', async () => {
    const bought = await call(rt, { body: { activity: 'newInstance', orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId: crypto.randomUUID() } });
    const instanceId = bought.json.instanceId as string;
    // the job reads the instance with Prisma (lib/jobs/handlers.ts loadInstance) and provisions it with SQL
    await waitFor(async () => (await getInstanceDetail(rt.prisma, instanceId))?.status === 'active', 30_000, 'provisioning on the embedded database');
    const [detail, counts, ...answers] = await Promise.all([
      getInstanceDetail(rt.prisma, instanceId),
      instancesByStatus(rt.prisma),
      ...Array.from({ length: 16 }, () => call(rt, { body: { activity: 'queryInstance', instanceId } })),
    ]);
    for (const a of answers) expect(a.json.resultCode).toBe('000000');
    expect(counts).toEqual({ active: 1 });
    expect(detail).toMatchObject({ id: instanceId, status: 'active', orderId: 'MOCKPERIODYEARNEW', usageValue: '0.0000', hasPassword: true });
    expect(detail!.orders.map((o) => o.kind)).toEqual(['NEW']);
    expect(detail!.calls.some((c) => c.activity === 'newInstance' && c.success)).toBe(true);
    expect(detail!.jobs.map((j) => j.state)).toContain('completed');
    expect(await attemptsOf(rt.prisma, detail!.calls[0]!.id)).toEqual({ attempts: [], original: null });
  }, 60_000);

  it('creates users (a taken e-mail refused by the unique index), keeps a language choice, and audits both', async () => {
    const created = await createUser(rt, admin, { email: 'Support@Embedded.test', role: 'support', password: 'support-password-1' });
    expect(created).toMatchObject({ email: 'support@embedded.test', role: 'support', disabled: false });
    await expect(createUser(rt, admin, { email: 'support@embedded.test', role: 'viewer', password: 'support-password-1' })).rejects.toMatchObject({ kind: 'conflict' });
    const support = (await activeConsoleUser(rt.prisma, created.id))!;
    expect(await setOwnLocale(rt, support, 'zh')).toBe('zh');
    expect((await activeConsoleUser(rt.prisma, created.id))!.locale).toBe('zh');
    const { rows } = await rt.pool.query(`SELECT action, outcome FROM audit_log WHERE action LIKE 'user.%' ORDER BY id`);
    expect(rows.map((r) => `${r.action} ${r.outcome}`)).toEqual(['user.create success', 'user.create failure', 'user.locale success']);
  });

  it('stores debugger cases and runs', async () => {
    const caseId = await insertCase(rt.prisma, { name: 'buy', activity: 'newInstance', targetUrl: null, keyEnc: null, keyFingerprint: null, params: { orderId: 'X' } }, admin.email);
    const runId = await startRun(rt.prisma, 'case', admin.email);
    await addUnsent(rt.prisma, runId, { activity: 'newInstance', targetUrl: 'http://x.test/', caseId, caseName: 'buy' }, { id: 'answer', status: 'fail', reason: 'no key' });
    expect(await finishRun(rt.prisma, runId)).toEqual({ passed: 0, failed: 1 });
    const [stored] = await listCases(rt.prisma);
    expect(stored).toMatchObject({ id: caseId, params: { orderId: 'X' }, trend: [false], last: { pass: false, runId } });
    expect((await runResults(rt.prisma, runId)).map((r) => [r.caseName, r.pass, r.error])).toEqual([['buy', false, 'no key']]);
  });
});
