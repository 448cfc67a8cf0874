import { describe, expect, it } from 'vitest';
import { choices, filtersOf, FILTER_KEYS } from '../../../app/(console)/calls/filters';
import { bulkSummary, reinvokeRefusalText, resultOf, windowText } from '../../../app/(console)/calls/words';
import type { ReinvokeResult } from '../../../lib/calls/reinvoke';
import { translator } from '../../../lib/i18n/core';
import messages from '../../../lib/i18n/messages/calls';

const en = translator(messages, 'en');
const zh = translator(messages, 'zh');

describe('the call log views’ pure helpers', () => {
  it('reads the filters from the URL, empty ones left out, a re-invocation filter among them', () => {
    const search = new URLSearchParams('direction=inbound&activity=&reinvokedFrom=12&view=failures&page=3');
    expect(filtersOf(search)).toEqual({ direction: 'inbound', reinvokedFrom: '12' });
    expect(FILTER_KEYS).toContain('jobId');
  });

  it('keeps a value from a shared link selectable in a picker', () => {
    expect(choices(['a', 'b'], 'c')).toEqual(['a', 'b', 'c']);
    expect(choices(['a', 'b'], 'a')).toEqual(['a', 'b']);
    expect(choices(['a', 'b'], undefined)).toEqual(['a', 'b']);
  });

  it('says why a call cannot be re-invoked, naming the attempt that resolved it', () => {
    expect(reinvokeRefusalText(en, 'resolved', 'valid', '42')).toBe('it was resolved by its re-invocation, call 42');
    expect(reinvokeRefusalText(en, 'resolved', 'valid')).toBe('it was resolved by its re-invocation');
    expect(reinvokeRefusalText(en, 'signature', null)).toBe('its signature was refused (not checked): it may not be run again');
    expect(reinvokeRefusalText(zh, 'signature', 'invalid')).toBe('其签名被拒绝（invalid），不能再次执行');
  });

  it('describes the retry window of a failure', () => {
    expect(windowText(en, { retryWindowMs: 3 * 3_600_000, activity: 'newInstance', afterwards: 'refund' })).toBe('retried 3 h, then refunded');
    expect(windowText(en, { retryWindowMs: null, activity: 'queryInstance', afterwards: null })).toBe('polled until it succeeds');
    expect(windowText(zh, { retryWindowMs: null, activity: 'x', afterwards: null })).toBe('规范未规定重试');
  });

  it('shows an outbound call’s HTTP status where it has no result code', () => {
    expect(resultOf({ resultCode: '000003', responseStatus: 200 })).toBe('000003');
    expect(resultOf({ resultCode: null, responseStatus: 500 })).toBe('HTTP 500');
    expect(resultOf({ resultCode: null, responseStatus: null })).toBeNull();
  });

  it('sums up a bulk re-invocation: queued jobs are neither successes nor failures', () => {
    const results: ReinvokeResult[] = [
      { id: '1', ok: true, newCallId: '11', resultCode: '000000', resultMsg: 'success', success: true },
      { id: '2', ok: true, newCallId: '12', resultCode: '000003', resultMsg: 'not found', success: false },
      { id: '3', ok: true, queued: true, jobId: 'j' },
    ];
    expect(bulkSummary(en, results)).toEqual({ text: 'Re-invoked 3: 1 succeeded, 1 still failing.', ok: false });
    expect(bulkSummary(en, [results[0]!, results[2]!]).ok).toBe(true);
    const refused: ReinvokeResult = { id: '4', ok: false, error: 'no', why: { key: 'calls.refusal.succeeded' } };
    expect(bulkSummary(zh, [results[0]!, refused])).toEqual({ text: '已重新调用 2 个：1 个成功，0 个仍失败，1 个被拒绝。', ok: false });
  });
});
