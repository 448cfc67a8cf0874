import { describe, expect, it } from 'vitest';
import { countdownWords, remainingText, retryWindowText, verdictText } from '../../../app/(console)/calls/words';
import { translator } from '../../../lib/i18n/core';
import messages from '../../../lib/i18n/messages/calls';
import { countdownText, formatRemaining, RETRY_WINDOWS } from '../../../lib/calls/retryWindows';

const en = translator(messages, 'en');
const zh = translator(messages, 'zh');
const HOUR = 3_600_000;

describe('call log words in both languages', () => {
  it('counts down in English exactly as lib/calls/retryWindows does, and in Chinese', () => {
    const now = 1_000_000;
    for (const left of [2 * HOUR + 13 * 60_000 + 59_000, 65_000, 12_400, 0, -1]) {
      expect(remainingText(en, left)).toBe(formatRemaining(left));
      for (const afterwards of ['refund', 'abandon'] as const) {
        expect(countdownWords(en, afterwards, now + left, now).text).toBe(countdownText(afterwards, now + left, now));
      }
    }
    expect(countdownWords(zh, 'refund', now + 2 * HOUR + 13 * 60_000, now)).toEqual({ text: '2 小时 13 分后退款', over: false });
    expect(countdownWords(zh, 'abandon', now + 65_000, now)).toEqual({ text: '1 分 5 秒后放弃重试', over: false });
    expect(countdownWords(zh, 'abandon', now, now)).toEqual({ text: '重试期已过', over: true });
  });

  it('describes every retry window of the spec, the English one unchanged', () => {
    for (const [activity, w] of Object.entries(RETRY_WINDOWS)) {
      expect(retryWindowText(en, activity, 'fallback')).toBe(w.description);
      expect(retryWindowText(zh, activity, 'fallback')).toMatch(/重试/);
    }
    expect(retryWindowText(zh, 'someFutureActivity', 'as stored')).toBe('as stored');
  });

  it('names signature verdicts, and shows an unknown one as stored', () => {
    expect(verdictText(en, 'invalid')).toBe('signature does not match');
    expect(verdictText(zh, 'valid')).toBe('签名有效');
    expect(verdictText(zh, 'weird')).toBe('weird');
  });
});
