import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, type Check, type JudgedResponse } from '../../../lib/debugger/judge';
import messages from '../../../lib/i18n/messages/debugger';
import { bodySignHeader } from '../../../lib/marketplace/signature';
import { asciiJson } from '../../../lib/marketplace/produce';

const KEY = 'judge-key';
const req = (body: Record<string, unknown>) => ({ body: JSON.stringify(body) });
const newReq = req({ activity: 'newInstance', orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId: 'b', testFlag: '1' });
const queryReq = req({ activity: 'queryInstance', instanceId: 'i-1', testFlag: '1' });

/** An answer as the app gives it: HTTP 200, JSON, ASCII-escaped, signed with Body-Sign. */
function answer(json: unknown, over: Partial<JudgedResponse> = {}): JudgedResponse {
  const rawBody = typeof json === 'string' ? json : asciiJson(json);
  return { status: 200, headers: { 'content-type': 'application/json;charset=UTF-8', 'body-sign': bodySignHeader(KEY, rawBody) }, rawBody, durationMs: 42, ...over };
}
const check = (checks: Check[], id: Check['id']) => checks.find((c) => c.id === id);

describe('judge: a good answer', () => {
  it('newInstance 000000 with an instanceId passes every check', () => {
    const v = judge('newInstance', newReq, answer({ resultCode: '000000', resultMsg: 'success.', instanceId: 'i-1' }), { key: KEY });
    expect(v.pass).toBe(true);
    expect(v.resultCode).toBe('000000');
    expect(v.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(check(v.checks, 'instanceId')).toMatchObject({ status: 'pass', vars: { instanceId: 'i-1' } });
  });

  it('getLicenseAsync answers 000004 (the licence is uploaded later, spec §9.2); 000900-000903 are its documented refusals', () => {
    const r = req({ activity: 'getLicenseAsync' });
    expect(judge('getLicenseAsync', r, answer({ resultCode: '000004', resultMsg: 'accepted' }), { key: KEY }).pass).toBe(true);
    const refused = judge('getLicenseAsync', r, answer({ resultCode: '000903', resultMsg: 'deviceFingerprint is required' }), { key: KEY });
    expect(refused.pass).toBe(false);
    expect(refused.checks.find((c) => c.id === 'success')).toMatchObject({ status: 'fail' });
    expect(judge('refreshInstance', req({ activity: 'refreshInstance' }), answer({ resultCode: '000004', resultMsg: 'p' }), { key: KEY }).pass).toBe(false);
  });

  it('newInstance and upgradeInstance may answer 000004 (asynchronous, spec §6)', () => {
    const v = judge('newInstance', newReq, answer({ resultCode: '000004', resultMsg: 'processing', instanceId: 'i-1' }), { key: KEY });
    expect(v.pass).toBe(true);
    expect(check(v.checks, 'success')).toMatchObject({ status: 'pass', reason: 'codeAsync' });
    expect(judge('upgradeInstance', req({ activity: 'upgradeInstance' }), answer({ resultCode: '000004', resultMsg: 'p' }), { key: KEY }).pass).toBe(true);
  });

  it('queryInstance 000000 with info, appInfo and usageInfo passes', () => {
    const v = judge(
      'queryInstance',
      queryReq,
      answer({
        resultCode: '000000',
        resultMsg: 'success.',
        info: [{ instanceId: 'i-1', appInfo: { frontEndUrl: 'https://a/t/1', userName: 'admin', password: 'p', memo: '欢迎' }, usageInfo: [{ usageValue: 12.5, statisticalTime: '20240101120000000' }] }],
      }),
      { key: KEY },
    );
    expect(v.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(v.pass).toBe(true);
  });

  it('a missing Body-Sign or resultMsg, or a text/plain content type, only warns', () => {
    const raw = JSON.stringify({ resultCode: '000000' });
    const v = judge('releaseInstance', req({ activity: 'releaseInstance' }), { status: 200, headers: { 'content-type': 'text/plain' }, rawBody: raw, durationMs: 5 }, { key: KEY });
    expect(v.pass).toBe(true);
    expect(check(v.checks, 'bodySign')!.status).toBe('warn');
    expect(check(v.checks, 'resultMsg')!.status).toBe('warn');
    expect(check(v.checks, 'contentType')!.status).toBe('warn');
  });
});

describe('judge: kit answers (spec §3.12)', () => {
  const kitReq = req({ instanceId: 'i-1', tenantId: 't-1', tenantCode: 'c', name: 'n', flag: 1, testFlag: 1, timeStamp: '20260101080000000' });
  it('000000 without Body-Sign passes: the V2 kit does not sign its answers', () => {
    const v = judge('tenantSync', kitReq, answer({ resultCode: '000000', resultMsg: 'success.' }, { headers: { 'content-type': 'application/json' } }), { key: KEY });
    expect(v.pass).toBe(true);
    expect(check(v.checks, 'bodySign')).toMatchObject({ status: 'skip', reason: 'bodySignNotKit' });
    expect(messages.en['reason.bodySignNotKit']).toBeTruthy();
    expect(messages.zh['reason.bodySignNotKit']).toBeTruthy();
  });
  it('000003 is no answer to a kit sync (the instance need not exist), 000002 fails with its message, 000004 is not success', () => {
    expect(check(judge('authSync', kitReq, answer({ resultCode: '000003', resultMsg: 'instance not found' })).checks, 'resultCode')).toMatchObject({ status: 'fail', reason: 'codeNotForActivity' });
    const bad = judge('tenantSync', kitReq, answer({ resultCode: '000002', resultMsg: 'tenantCode is required' }));
    expect(check(bad.checks, 'success')).toMatchObject({ status: 'fail', reason: 'codeFailure', vars: { msg: 'tenantCode is required' } });
    expect(judge('allOrgSync', kitReq, answer({ resultCode: '000004', resultMsg: 'later' })).pass).toBe(false);
  });
});

describe('judge: bad answers, each with its reason', () => {
  const failing = (v: ReturnType<typeof judge>) => v.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.reason}`);

  it('no answer: timeout or connection error, the rest not checked', () => {
    const t = judge('newInstance', newReq, { status: 0, headers: {}, rawBody: '', durationMs: 5001, error: 'timeout after 5000 ms' });
    expect(t.pass).toBe(false);
    expect(failing(t)).toEqual(['answer:timeout']);
    expect(check(t.checks, 'http200')!.status).toBe('skip');
    const n = judge('newInstance', newReq, { status: 0, headers: {}, rawBody: '', durationMs: 3, error: 'ECONNREFUSED' });
    expect(failing(n)).toEqual(['answer:network']);
    expect(check(n.checks, 'answer')!.vars).toMatchObject({ error: 'ECONNREFUSED' });
  });

  it('HTTP 500 with junk: status, JSON, and no result code', () => {
    const v = judge('queryInstance', queryReq, { status: 500, headers: { 'content-type': 'text/html' }, rawBody: '<html>oops</html>', durationMs: 3 });
    expect(v.pass).toBe(false);
    expect(failing(v)).toEqual(['http200:statusNot200', 'json:notJson']);
    expect(check(v.checks, 'resultCode')!.status).toBe('skip');
  });

  it('slower than 5 s fails', () => {
    const v = judge('releaseInstance', req({}), answer({ resultCode: '000000', resultMsg: 'ok' }, { durationMs: 5200 }), { key: KEY });
    expect(failing(v)).toEqual(['within5s:slow']);
  });

  it('JSON that is not an object', () => {
    expect(failing(judge('releaseInstance', req({}), answer('[1,2]'), { key: KEY }))).toContain('json:notObject');
  });

  it('resultCode missing, not a string, undocumented, or not for this activity', () => {
    expect(failing(judge('releaseInstance', req({}), answer({ resultMsg: 'x' }), { key: KEY }))).toContain('resultCode:codeMissing');
    expect(failing(judge('releaseInstance', req({}), answer({ resultCode: 0, resultMsg: 'x' }), { key: KEY }))).toContain('resultCode:codeNotString');
    expect(failing(judge('releaseInstance', req({}), answer({ resultCode: '999999', resultMsg: 'x' }), { key: KEY }))).toEqual([
      'resultCode:codeUndocumented',
      'success:codeFailure',
    ]);
    // 000100 is for create only; 000003 is for everything but create
    expect(failing(judge('releaseInstance', req({}), answer({ resultCode: '000100', resultMsg: 'x' }), { key: KEY }))).toContain('resultCode:codeNotForActivity');
    expect(failing(judge('newInstance', newReq, answer({ resultCode: '000003', resultMsg: 'x' }), { key: KEY }))).toContain('resultCode:codeNotForActivity');
    expect(failing(judge('releaseInstance', req({}), answer({ resultCode: '000004', resultMsg: 'x' }), { key: KEY }))).toContain('resultCode:codeNotForActivity');
  });

  it('a documented failure code is a failed verdict naming it', () => {
    const v = judge('refreshInstance', req({}), answer({ resultCode: '000003', resultMsg: 'instance x not found' }), { key: KEY });
    expect(failing(v)).toEqual(['success:codeFailure']);
    expect(check(v.checks, 'success')!.vars).toEqual({ code: '000003', msg: 'instance x not found' });
  });

  it('queryInstance still provisioning (000004) is not yet a success', () => {
    expect(failing(judge('queryInstance', queryReq, answer({ resultCode: '000004', resultMsg: 'processing' }), { key: KEY }))).toEqual(['success:codePending']);
  });

  it('resultMsg not a string or longer than 255', () => {
    expect(failing(judge('releaseInstance', req({}), answer({ resultCode: '000000', resultMsg: 1 }), { key: KEY }))).toEqual(['resultMsg:msgNotString']);
    expect(failing(judge('releaseInstance', req({}), answer({ resultCode: '000000', resultMsg: 'x'.repeat(256) }), { key: KEY }))).toEqual(['resultMsg:msgTooLong']);
  });

  it('newInstance success without a usable instanceId', () => {
    expect(failing(judge('newInstance', newReq, answer({ resultCode: '000000', resultMsg: 'ok' }), { key: KEY }))).toEqual(['instanceId:instanceIdMissing']);
    expect(failing(judge('newInstance', newReq, answer({ resultCode: '000004', resultMsg: 'ok', instanceId: 7 }), { key: KEY }))).toEqual(['instanceId:instanceIdNotString']);
    expect(failing(judge('newInstance', newReq, answer({ resultCode: '000000', resultMsg: 'ok', instanceId: 'x'.repeat(65) }), { key: KEY }))).toEqual([
      'instanceId:instanceIdTooLong',
    ]);
  });

  it('queryInstance success without info, without the requested id, without appInfo or frontEndUrl', () => {
    const q = (json: unknown) => failing(judge('queryInstance', queryReq, answer(json), { key: KEY }));
    expect(q({ resultCode: '000000', resultMsg: 'ok' })).toEqual(['info:infoMissing']);
    expect(q({ resultCode: '000000', resultMsg: 'ok', info: [] })).toEqual(['info:infoEmpty']);
    expect(q({ resultCode: '000000', resultMsg: 'ok', info: [{ appInfo: {} }] })).toEqual(['info:infoEntryNoId']);
    expect(q({ resultCode: '000000', resultMsg: 'ok', info: [{ instanceId: 'other', appInfo: { frontEndUrl: 'u' } }] })).toEqual(['info:infoMissingId']);
    expect(q({ resultCode: '000000', resultMsg: 'ok', info: [{ instanceId: 'i-1' }] })).toEqual(['appInfo:appInfoMissing']);
    expect(q({ resultCode: '000000', resultMsg: 'ok', info: [{ instanceId: 'i-1', appInfo: 'x' }] })).toEqual(['appInfo:appInfoNotObject']);
    expect(q({ resultCode: '000000', resultMsg: 'ok', info: [{ instanceId: 'i-1', appInfo: { adminUrl: 'a' } }] })).toEqual(['appInfo:frontEndUrlMissing']);
    expect(q({ resultCode: '000000', resultMsg: 'ok', info: [{ instanceId: 'i-1', appInfo: { frontEndUrl: 'u', userName: 'x'.repeat(129) } }] })).toEqual([
      'appInfo:appFieldTooLong',
    ]);
    expect(q({ resultCode: '000000', resultMsg: 'ok', info: [{ instanceId: 'i-1', appInfo: { frontEndUrl: 'u', password: 5 } }] })).toEqual(['appInfo:appFieldNotString']);
  });

  it('queryInstance usageInfo: a number with at most 4 decimals, a 17-digit time', () => {
    const q = (usageInfo: unknown) =>
      failing(judge('queryInstance', queryReq, answer({ resultCode: '000000', resultMsg: 'ok', info: [{ instanceId: 'i-1', appInfo: { frontEndUrl: 'u' }, usageInfo }] }), { key: KEY }));
    expect(q('x')).toEqual(['usageInfo:usageNotArray']);
    expect(q([{ usageValue: '1', statisticalTime: '20240101120000000' }])).toEqual(['usageInfo:usageValueInvalid']);
    expect(q([{ usageValue: 1.23456, statisticalTime: '20240101120000000' }])).toEqual(['usageInfo:usageValueInvalid']);
    expect(q([{ usageValue: 1.5, statisticalTime: '2024010112' }])).toEqual(['usageInfo:statisticalTimeInvalid']);
  });

  it('unescaped non-ASCII text fails', () => {
    const raw = JSON.stringify({ resultCode: '000000', resultMsg: '成功' });
    const v = judge('releaseInstance', req({}), answer(raw), { key: KEY });
    expect(failing(v)).toEqual(['ascii:nonAscii']);
    // where and which character only: never the text around it (it may be a password)
    const secret = judge('queryInstance', req({ instanceId: 'i' }), answer('{"resultCode":"000000","password":"Pässwort-9"}'), { key: KEY });
    const check = secret.checks.find((c) => c.id === 'ascii')!;
    expect(check.vars).toEqual({ char: 'U+00E4', offset: 36 });
    expect(JSON.stringify(secret.checks)).not.toContain('sswort');
  });

  it('a Body-Sign that does not match the body or the key, or is malformed, fails', () => {
    const good = answer({ resultCode: '000000', resultMsg: 'ok' });
    expect(failing(judge('releaseInstance', req({}), good, { key: 'another-key' }))).toEqual(['bodySign:bodySignInvalid']);
    const tampered = { ...good, rawBody: good.rawBody.replace('ok', 'ko') };
    expect(failing(judge('releaseInstance', req({}), tampered, { key: KEY }))).toEqual(['bodySign:bodySignInvalid']);
    const malformed = { ...good, headers: { ...good.headers, 'body-sign': 'HMAC abc' } };
    expect(failing(judge('releaseInstance', req({}), malformed, { key: KEY }))).toEqual(['bodySign:bodySignMalformed']);
    expect(check(judge('releaseInstance', req({}), good).checks, 'bodySign')!.status).toBe('skip');
  });
});

describe('judge: V1 answers (spec §4), as the marketplace’s V1 debug tool judges them', () => {
  const v1Req = req({ activity: 'newInstance', orderId: 'O', businessId: 'b', testFlag: '1' });
  const appInfo = { frontEndUrl: 'https://saas.example/t', userName: 'enc', password: 'enc' };

  it('newInstance passes with a valid Body-Sign, the instanceId and appInfo.frontEndUrl', () => {
    const v = judge('v1.newInstance', v1Req, answer({ resultCode: '000000', resultMsg: 'success.', instanceId: 'i-1', encryptType: '1', appInfo }), { key: KEY });
    expect(v.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(check(v.checks, 'appInfo')).toMatchObject({ status: 'pass' });
    expect(check(v.checks, 'bodySign')).toMatchObject({ status: 'pass' });
  });

  it('a missing Body-Sign fails (it only warns for V2); no frontEndUrl fails; a wrong key fails', () => {
    const ok = answer({ resultCode: '000000', resultMsg: 'success.', instanceId: 'i-1', appInfo });
    const unsigned = { ...ok, headers: { 'content-type': ok.headers['content-type']! } };
    expect(check(judge('v1.newInstance', v1Req, unsigned, { key: KEY }).checks, 'bodySign')).toMatchObject({ status: 'fail', reason: 'bodySignRequired' });
    expect(check(judge('newInstance', newReq, unsigned, { key: KEY }).checks, 'bodySign')).toMatchObject({ status: 'warn' });
    const noUrl = judge('v1.newInstance', v1Req, answer({ resultCode: '000000', resultMsg: 's', instanceId: 'i-1', appInfo: { userName: 'x' } }), { key: KEY });
    expect(check(noUrl.checks, 'appInfo')).toMatchObject({ status: 'fail', reason: 'frontEndUrlMissing' });
    expect(judge('v1.newInstance', v1Req, ok, { key: 'other-key' }).pass).toBe(false);
  });

  it('getLicense needs its instanceId and the license; V1 upgrade may answer 000004', () => {
    const r = req({ activity: 'getLicense' });
    expect(judge('v1.getLicense', r, answer({ resultCode: '000000', resultMsg: 's', instanceId: 'i-1', license: 'KGL1.x.y' }), { key: KEY }).pass).toBe(true);
    const none = judge('v1.getLicense', r, answer({ resultCode: '000000', resultMsg: 's', instanceId: 'i-1' }), { key: KEY });
    expect(check(none.checks, 'license')).toMatchObject({ status: 'fail', reason: 'licenseMissing' });
    expect(judge('v1.upgrade', req({ activity: 'upgrade' }), answer({ resultCode: '000004', resultMsg: 'p' }), { key: KEY }).pass).toBe(true);
    expect(judge('v1.expireInstance', req({ activity: 'expireInstance' }), answer({ resultCode: '000004', resultMsg: 'p' }), { key: KEY }).pass).toBe(false);
  });
});

describe('judge: every reason and check has a translation', () => {
  const read = (f: string) => readFileSync(path.resolve(__dirname, '../../../lib/debugger', f), 'utf8');
  it('each reason the judge or the runner gives is in lib/i18n/messages/debugger.ts', () => {
    const reasons = new Set<string>();
    const judgeSrc = read('judge.ts');
    // add(id, status, 'reason' …), status ? 'a' : 'b' reasons, and { reason: 'x' } objects
    for (const m of judgeSrc.matchAll(/add\([^;]*?'(?:pass|fail|warn|skip)',\s*([^,)]+)/g)) for (const q of m[1]!.matchAll(/'(\w+)'/g)) reasons.add(q[1]!);
    for (const m of judgeSrc.matchAll(/reason: '(\w+)'/g)) reasons.add(m[1]!);
    for (const m of read('runner.ts').matchAll(/(?:unsent\([^,]+, |reason: )'(\w+)'/g)) reasons.add(m[1]!);
    expect(reasons.size).toBeGreaterThan(45);
    const en = messages.en as Record<string, string>;
    for (const r of reasons) expect(en[`reason.${r}`], `reason.${r}`).toBeDefined();
    for (const m of judgeSrc.matchAll(/\| '(\w+)'/g)) if (en[`check.${m[1]}`] === undefined && !['pass', 'fail', 'warn', 'skip'].includes(m[1]!)) expect.fail(`check.${m[1]} is not translated`);
  });
});
