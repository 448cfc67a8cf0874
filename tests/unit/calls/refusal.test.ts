import { describe, expect, it } from 'vitest';
import { refusal, refusalCode, refusalMessage, type RefusalCode } from '../../../lib/calls/reinvoke';
import { translator } from '../../../lib/i18n/core';
import messages from '../../../lib/i18n/messages/calls';

const inbound = { direction: 'inbound', signature_verdict: 'valid', success: false, request_body: '{}' };
const outbound = { direction: 'outbound', signature_verdict: null, success: false, request_body: null, job_id: 'j1', job_state: 'failed', rerun_pending: false };

describe('which calls can be re-invoked', () => {
  it('inbound: a failed call with a valid signature and a stored body', () => {
    expect(refusalCode(inbound)).toBeUndefined();
    expect(refusalCode(undefined)).toBe('missing');
    expect(refusalCode({ ...inbound, signature_verdict: 'invalid' })).toBe('signature');
    expect(refusalCode({ ...inbound, signature_verdict: null })).toBe('signature');
    expect(refusalCode({ ...inbound, success: true })).toBe('succeeded');
    expect(refusalCode({ ...inbound, request_body: null })).toBe('noBody');
    expect(refusalCode({ ...inbound, resolved: true })).toBe('resolved');
    // a kit application's secret is stored masked: sent again it could not be decrypted; its delete can be re-sent
    expect(refusalCode({ ...inbound, activity: 'applicationSync', request_body: '{"appId":"a","clientSecret":"***","flag":1}' })).toBe('secretMasked');
    expect(refusalCode({ ...inbound, activity: 'applicationSync', request_body: '{"appId":"a","flag":0}' })).toBeUndefined();
  });

  it('outbound: only once its job has given up, and not while a re-run is under way', () => {
    expect(refusalCode(outbound)).toBeUndefined();
    expect(refusalCode({ ...outbound, success: true })).toBe('succeeded');
    expect(refusalCode({ ...outbound, job_id: null })).toBe('noJob');
    for (const state of ['created', 'active', 'retry']) expect(refusalCode({ ...outbound, job_state: state })).toBe('jobRunning');
    expect(refusalCode({ ...outbound, job_state: 'completed' })).toBe('jobDone');
    expect(refusalCode({ ...outbound, rerun_pending: true })).toBe('jobRunning');
    expect(refusalCode({ ...outbound, resolved: true })).toBe('resolved');
  });

  it('says why in English for the API and the audit log', () => {
    expect(refusal({ ...inbound, signature_verdict: 'invalid' })).toMatch(/signature was refused \(invalid\)/);
    expect(refusal({ ...outbound, job_state: 'retry' })).toMatch(/still running or retrying/);
    expect(refusal(outbound)).toBeUndefined();
  });

  it('every reason reads whole in both languages, with no placeholder left (a call resolved by its job re-run has no attempt id)', () => {
    const codes: RefusalCode[] = ['missing', 'signature', 'succeeded', 'resolved', 'noBody', 'secretMasked', 'noJob', 'jobRunning', 'jobDone'];
    for (const locale of ['en', 'zh'] as const) {
      for (const code of codes) expect(refusalMessage(translator(messages, locale), code, null), `${locale} ${code}`).not.toMatch(/[{}]/);
    }
    expect(refusal({ ...outbound, resolved: true })).toBe('it was resolved by its re-invocation');
  });
});
