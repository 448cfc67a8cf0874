import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionGroups, actionName, detailParts, fieldLabel, NAMED_ACTIONS, targetView } from '../../../app/(console)/audit/words';
import { translator } from '../../../lib/i18n/core';
import messages from '../../../lib/i18n/messages/audit';
import { INSTANCE_ACTIONS } from '../../../lib/instances/actions';

const ROOT = path.resolve(__dirname, '../../..');
const en = translator(messages, 'en');
const zh = translator(messages, 'zh');

function sources(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true, recursive: true }).flatMap((e) => {
    const file = path.join(e.parentPath, e.name);
    if (!e.isFile() || !/\.tsx?$/.test(e.name) || file.includes(`${path.sep}generated${path.sep}`)) return [];
    return [path.relative(ROOT, file)];
  });
}

/**
 * How a composed action id expands: `instance.${action}` over the instance actions; `licence.${action}` over the
 * names lib/licences/actions.ts passes to guarded() and onDelivery(), every call of which must name it as a literal.
 * A composed id anywhere else fails the test until its expansion is added here.
 */
const EXPANSIONS: Record<string, (file: string, text: string) => string[]> = {
  // the console routes name the action their body asks for (the wrapper audits a denial under it)
  'app/api/console/instances/[id]/actions/route.ts `instance.${b.action}`': () => INSTANCE_ACTIONS.map((a) => `instance.${a}`),
  'app/api/console/licences/[id]/actions/route.ts `licence.${b.action}`': (file, text) => {
    const values = /action: z\.enum\(\[([^\]]+)\]/.exec(text)?.[1];
    expect(values, `${file}: the body's action enum`).toBeDefined();
    return [...values!.matchAll(/'([^']+)'/g)].map((m) => `licence.${m[1]}`);
  },
  'lib/instances/actions.ts `instance.${action}`': () => INSTANCE_ACTIONS.map((a) => `instance.${a}`),
  'lib/licences/actions.ts `licence.${action}`': (file, text) => {
    // onDelivery() hands its own `audited` parameter on to guarded(): that call is counted in onDelivery's callers
    const calls = [...text.matchAll(/(?<!function )\b(?:guarded|onDelivery)(?:<[^>(]*>)?\((?!\s*pool,\s*user,\s*audited,)/g)].length;
    const named = [...text.matchAll(/\b(?:guarded|onDelivery)(?:<[^>(]*>)?\(\s*pool,\s*user,\s*'([^']+)'/g)].map((m) => m[1]!);
    expect(named.length, `${file}: every guarded()/onDelivery() call names its action as a literal`).toBe(calls);
    return named.map((a) => `licence.${a}`);
  },
};

/** Every audit action id written by the code: `action: …` of an audit() entry, `audit: …` of a consoleRoute. */
function writtenActions(): Map<string, string> {
  const found = new Map<string, string>(); // action → first file
  for (const file of [...sources('lib'), ...sources('scripts'), ...sources('app/api')]) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/\b(?:action|audit)\s*:\s*((?:`[^`]*`|'[^'\n]*'|[^,\n}`'])+)/g)) {
      const expr = m[1]!;
      for (const lit of expr.matchAll(/'([a-z][A-Za-z_]*(?:\.[A-Za-z_]+)+)'/g)) if (!found.has(lit[1]!)) found.set(lit[1]!, file);
      for (const tpl of expr.matchAll(/`([a-z][A-Za-z_.]*\$\{[^`]*)`/g)) {
        const key = `${file} \`${tpl[1]}\``;
        const expand = EXPANSIONS[key];
        expect(expand, `${key}: a composed audit action; add its expansion to EXPANSIONS in this test`).toBeDefined();
        for (const a of expand!(file, text)) if (!found.has(a)) found.set(a, file);
      }
    }
  }
  return found;
}

describe('audit action names', () => {
  let written = new Map<string, string>();
  beforeAll(() => {
    written = writtenActions();
  });

  it('finds the actions the code writes, literal and composed', () => {
    for (const a of ['instance.freeze', 'instance.retry', 'instance.revealPassword', 'call.reinvoke', 'user.create', 'licence.deliver', 'licence.product.mark', 'debug.run_all']) {
      expect([...written.keys()]).toContain(a);
    }
  });

  it('names every written action in English and Chinese', () => {
    const unnamed = [...written].filter(([a]) => !NAMED_ACTIONS.includes(a)).map(([a, file]) => `${a} (${file})`);
    expect(unnamed, 'add action.<id> to lib/i18n/messages/audit.ts').toEqual([]);
    for (const a of written.keys()) {
      expect(actionName(en, a)).not.toBe(a);
      expect(actionName(zh, a)).not.toBe(a);
      expect(actionName(zh, a)).not.toBe(actionName(en, a));
    }
  });

  it('reads an unknown action as its id, and groups the known ones by area for the picker', () => {
    expect(actionName(en, 'instance.freeze')).toBe('Freeze instance');
    expect(actionName(zh, 'instance.freeze')).toBe('冻结实例');
    expect(actionName(zh, 'nothing.known')).toBe('nothing.known');
    const groups = actionGroups();
    expect(groups.flatMap((g) => g.actions).sort()).toEqual([...NAMED_ACTIONS].sort());
    expect(groups.find((g) => g.group === 'instance')!.actions).toContain('instance.unfreeze');
    expect(groups.find((g) => g.group === 'licence')!.actions).toContain('licence.product.unmark');
    for (const g of groups) for (const a of g.actions) expect(a.startsWith(`${g.group}.`)).toBe(true);
  });
});

describe('audit targets', () => {
  it('links each kind of target to its page, by the action’s area', () => {
    expect(targetView('instance.freeze', 'a1b2c3d4-0000-4000-8000-000000000001')).toEqual({
      text: 'a1b2c3d4-0000-4000-8000-000000000001',
      href: '/instances/a1b2c3d4-0000-4000-8000-000000000001',
    });
    expect(targetView('call.reinvoke', 'call 42')).toEqual({ text: 'call 42', href: '/calls/42' });
    expect(targetView('call.curl', 'call:7')).toEqual({ text: 'call:7', href: '/calls/7' });
    expect(targetView('licence.deliver', 'licence/12')).toEqual({ text: 'licence/12', href: '/licences/12' });
    expect(targetView('user.create', 'new@example.com')).toEqual({ text: 'new@example.com', href: '/users' });
    expect(targetView('debug.case.run', 'debug case 3')).toEqual({ text: 'debug case 3', href: '/debugger/cases' });
  });

  it('leaves a target of an unknown kind, or an odd shape, as plain text', () => {
    expect(targetView('licence.product.mark', 'product/OFFER-1')).toEqual({ text: 'product/OFFER-1' });
    expect(targetView('licence.deliver', 'licence/abc')).toEqual({ text: 'licence/abc' });
    expect(targetView('call.reinvoke', 'call 12; DROP')).toEqual({ text: 'call 12; DROP' });
    expect(targetView('instance.freeze', '../../etc')).toEqual({ text: '../../etc' });
    expect(targetView('debug.send', 'newInstance → http://x/api/produce')).toEqual({ text: 'newInstance → http://x/api/produce' });
    expect(targetView('job.retry', 'job 5')).toEqual({ text: 'job 5' });
    expect(targetView('job.retry', '5e0c1a52-2f3b-4c8e-9a51-0d5c2f1b7a10')).toEqual({ text: '5e0c1a52-2f3b-4c8e-9a51-0d5c2f1b7a10', href: '/calls?jobId=5e0c1a52-2f3b-4c8e-9a51-0d5c2f1b7a10' });
    expect(targetView('something.else', 'call 5')).toEqual({ text: 'call 5' });
    expect(targetView('instance.freeze', null)).toBeNull();
  });
});

describe('audit detail', () => {
  it('reads a change, a refusal, a reason and a new call, then the other fields', () => {
    expect(detailParts({ from: 'active', to: 'frozen', jobId: 'j-1' })).toEqual([
      { kind: 'change', from: 'active', to: 'frozen' },
      { kind: 'field', name: 'jobId', value: 'j-1' },
    ]);
    expect(detailParts({ role: 'viewer', needed: 'admin' })).toEqual([{ kind: 'denied', role: 'viewer', needed: 'admin' }]);
    expect(detailParts({ from: 'frozen', reason: 'The instance is not active (it is frozen).' })).toEqual([
      { kind: 'reason', text: 'The instance is not active (it is frozen).' },
      { kind: 'field', name: 'from', value: 'frozen' },
    ]);
    expect(detailParts({ activity: 'newInstance', resultCode: null, newCallId: '99' })).toEqual([
      { kind: 'newCall', id: '99' },
      { kind: 'field', name: 'activity', value: 'newInstance' },
    ]);
    expect(detailParts(null)).toEqual([]);
  });

  it('never shows a secret, at the top or nested', () => {
    const parts = detailParts({ password: 'hunter2-hunter2', key: 'MARKETPLACE_KEY', params: { accessKeySecret: 'sk-123456789', name: 'n' }, sha256: 'ab' });
    expect(JSON.stringify(parts)).not.toMatch(/hunter2|MARKETPLACE_KEY|sk-123456789/);
    expect(parts).toContainEqual({ kind: 'secret', name: 'password' });
    expect(parts).toContainEqual({ kind: 'secret', name: 'key' });
    expect(parts).toContainEqual({ kind: 'field', name: 'params', value: '{"accessKeySecret":"***","name":"n"}' });
    expect(parts).toContainEqual({ kind: 'field', name: 'sha256', value: 'ab' });
  });

  it('names the fields it knows in both languages, others as written', () => {
    expect(fieldLabel(en, 'jobId')).toBe('job');
    expect(fieldLabel(zh, 'jobId')).toBe('任务');
    expect(fieldLabel(zh, 'somethingNew')).toBe('somethingNew');
  });

  it('cuts a long value', () => {
    const [part] = detailParts({ reason: 'x'.repeat(500) });
    expect(part).toEqual({ kind: 'reason', text: `${'x'.repeat(200)}…` });
  });
});

describe('a refusal recorded with its key', () => {
  it('keeps the key and values for the reader\'s words, and shows neither as a field', () => {
    expect(detailParts({ reason: 'E-mail: x@y.z already has an account.', refusal: 'errors.user.exists', values: { email: 'x@y.z', n: 2, no: {} } })).toEqual([
      { kind: 'reason', text: 'E-mail: x@y.z already has an account.', key: 'errors.user.exists', vars: { email: 'x@y.z', n: 2 } },
    ]);
    expect(detailParts({ reason: 'old entry' })).toEqual([{ kind: 'reason', text: 'old entry' }]);
  });
});
