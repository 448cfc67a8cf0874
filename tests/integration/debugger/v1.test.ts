import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConsoleUser } from '../../../lib/auth/users';
import { V1_ACTIVITIES } from '../../../lib/debugger/catalog';
import { prefill } from '../../../lib/debugger/prefill';
import { runResults } from '../../../lib/debugger/queries';
import { debugLifecycle, debugSend, runAllCases, saveCase, type LifecycleStepView } from '../../../lib/debugger/runner';
import { isRefusal } from '../../../lib/refusal';
import { useAppOverHttp } from '../helpers/produce-server';
import { waitFor } from '../helpers/runtime';

/** The debugger's V1 mode (spec §4) against the app over HTTP: GETs with an authToken, verdicts requiring a Body-Sign. */

const support: ConsoleUser = { id: randomUUID(), email: 'support-v1@it.test', name: null, role: 'support', locale: 'en' };
const failing = (checks: { id: string; status: string; reason: string }[]) => checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.reason}`);

describe('debugger V1 mode against the app (real PostgreSQL, real HTTP)', () => {
  const t = useAppOverHttp();

  it('sends every V1 activity with its prefilled values, in order: a GET, signed, each passing with a valid Body-Sign', async () => {
    const p = prefill();
    // newInstance first (its instance is {{lastInstanceId}} for the others), the licence ones last on a licence order
    for (const activity of V1_ACTIVITIES) {
      if (activity === 'v1.getLicense') {
        const got = await debugSend(t.deps, support, { activity, params: p[activity] });
        if (isRefusal(got)) throw new Error(got.message);
        expect(failing(got.exchange.verdict.checks), activity).toEqual([]);
        expect(got.exchange.verdict.checks.find((c) => c.id === 'license')).toMatchObject({ status: 'pass' });
        // its instance is {{lastInstanceId}} now: the licence lifecycle's calls need it provisioned (the marketplace calls them later)
        await waitFor(async () => (await t.rt.pool.query(`SELECT 1 FROM instance WHERE id = $1 AND status = 'active'`, [got.exchange.instanceId])).rowCount === 1);
        continue;
      }
      const out = await debugSend(t.deps, support, { activity, params: p[activity] });
      if (isRefusal(out)) throw new Error(`${activity}: ${out.message}`);
      const { exchange } = out;
      expect(exchange.request.method, activity).toBe('GET');
      expect(exchange.request.url).toContain(`activity=${activity.slice(3)}`);
      expect(exchange.request.url).toMatch(/&authToken=[^&]+$/);
      expect(exchange.request.body).toBe('');
      expect(failing(exchange.verdict.checks), activity).toEqual([]);
      expect(exchange.verdict.checks.find((c) => c.id === 'bodySign'), activity).toMatchObject({ status: 'pass', reason: 'bodySignValid' });
      if (activity === 'v1.newInstance') {
        expect(exchange.instanceId).toEqual(expect.any(String));
        expect(exchange.verdict.checks.find((c) => c.id === 'appInfo')).toMatchObject({ status: 'pass' });
        // the marketplace retries until provisioned: so does this test before the next activities
        if (exchange.verdict.resultCode === '000004') await debugSend(t.deps, support, { activity, params: p[activity] });
      }
    }
    // the calls are in the call log as V1 GETs
    const { rows } = await t.rt.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM call WHERE direction = 'inbound' AND method = 'GET' AND test_flag`);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(V1_ACTIVITIES.length);
  });

  it('a V1 answer signed with another key fails its Body-Sign check; a saved V1 case replays with Run all', async () => {
    const wrong = await debugSend(t.deps, support, { activity: 'v1.queryInstance', params: { instanceId: '{{lastInstanceId}}' }, url: t.app.productionUrl, key: 'a-key-the-app-does-not-have' });
    if (isRefusal(wrong)) throw new Error(wrong.message);
    expect(wrong.exchange.verdict.pass).toBe(false);
    expect(wrong.exchange.verdict.checks.find((c) => c.id === 'bodySign')).toMatchObject({ status: 'fail', reason: 'bodySignInvalid' });

    const saved = await saveCase(t.deps, support, { name: 'V1 buy', activity: 'v1.newInstance', params: prefill()['v1.newInstance'] });
    expect(isRefusal(saved)).toBe(false);
    for (let round = 0; round < 2; round++) {
      const run = await runAllCases(t.deps, support, { pollIntervalMs: 300 });
      if (isRefusal(run)) throw new Error(run.message);
      const results = await runResults(t.rt.prisma, run.runId);
      expect(results.map((r) => [r.activity, r.pass])).toEqual([['v1.newInstance', true]]);
    }
  });

  it('the V1 lifecycle: the instance life then licence V1, every step passing, recorded as one run', async () => {
    const steps: LifecycleStepView[] = [];
    const out = await debugLifecycle(t.deps, support, { generation: 'v1' }, (s) => steps.push(s));
    if (isRefusal(out)) throw new Error(out.message);
    expect(steps.filter((s) => !s.pass).map((s) => `${s.name}: ${s.detail}`)).toEqual([]);
    expect(out).toMatchObject({ pass: true, failed: 0, passed: steps.length });
    expect(steps.map((s) => s.name)).toContain('licence: getLicense');
    expect(steps.every((s) => s.exchange?.request.method === 'GET')).toBe(true);
    expect(steps.find((s) => s.name === 'newInstance')!.exchange!.verdict.checks.find((c) => c.id === 'appInfo')).toMatchObject({ status: 'pass' });
  });
});
