import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chatRefusal, chatRequest, dingtalkSign, feishuSign, urlHint } from '../../../lib/alerts/channels';
import { marketplaceMonth, validThreshold } from '../../../lib/alerts/rules';
import { alertTitle, alertWords, marketplaceTime, plainText } from '../../../lib/alerts/text';

const words = { title: '[Alert] Production interface newInstance failing: 3 message(s)', lines: ['First: …'], url: 'https://seller.test/calls?view=failures' };

describe('chat formats', () => {
  it('DingTalk: markdown, signed with timestamp and sign in the query when a secret is set', () => {
    const r = chatRequest('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc', words, 'en', { secret: 'SEC123', now: 1_700_000_000_000 });
    const u = new URL(r.url);
    expect(u.searchParams.get('access_token')).toBe('abc');
    expect(u.searchParams.get('timestamp')).toBe('1700000000000');
    // DingTalk's documented algorithm: Base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret))
    expect(u.searchParams.get('sign')).toBe(createHmac('sha256', 'SEC123').update('1700000000000\nSEC123').digest('base64'));
    expect(dingtalkSign('SEC123', 1_700_000_000_000)).toBe(u.searchParams.get('sign'));
    expect(r.body).toEqual({ msgtype: 'markdown', markdown: { title: words.title, text: expect.stringContaining(`[${words.url}](${words.url})`) } });
    // without a secret the URL is as given
    expect(chatRequest('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc', words, 'en').url).toBe('https://oapi.dingtalk.com/robot/send?access_token=abc');
  });

  it('Feishu: text, with timestamp (seconds) and sign in the body when a secret is set', () => {
    const r = chatRequest('feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/x', words, 'en', { secret: 's3', now: 1_700_000_000_999 });
    expect(r.body).toMatchObject({ timestamp: '1700000000', msg_type: 'text', content: { text: plainText(words, 'en') } });
    // Feishu's documented algorithm: Base64(HMAC-SHA256(key = timestamp + "\n" + secret, empty message))
    expect(r.body.sign).toBe(createHmac('sha256', '1700000000\ns3').update('').digest('base64'));
    expect(feishuSign('s3', 1_700_000_000)).toBe(r.body.sign);
    expect(chatRequest('feishu', 'https://x.test/h', words, 'en').body).not.toHaveProperty('sign');
  });

  it('WeCom markdown and Slack-compatible text carry the title, the lines and the link', () => {
    expect(chatRequest('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', words, 'en').body).toEqual({
      msgtype: 'markdown',
      markdown: { content: `**${words.title}**\nFirst: …\n[${words.url}](${words.url})` },
    });
    expect(chatRequest('slack', 'https://hooks.slack.com/services/T/B/X', words, 'en').body).toEqual({ text: `*${words.title}*\nFirst: …\n<${words.url}>` });
  });

  it('reads each chat’s refusal from its answer', () => {
    expect(chatRefusal('dingtalk', 200, '{"errcode":0,"errmsg":"ok"}')).toBeUndefined();
    expect(chatRefusal('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toBe('code 310000: sign not match');
    expect(chatRefusal('wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toBe('code 93000: invalid webhook url');
    expect(chatRefusal('feishu', 200, '{"code":0,"msg":"success"}')).toBeUndefined();
    expect(chatRefusal('feishu', 200, '{"StatusCode":0}')).toBeUndefined();
    expect(chatRefusal('feishu', 200, '{"code":19021,"msg":"sign match fail"}')).toBe('code 19021: sign match fail');
    expect(chatRefusal('slack', 200, 'ok')).toBeUndefined();
    expect(chatRefusal('slack', 404, 'no_service')).toBe('HTTP 404: no_service');
    expect(chatRefusal('dingtalk', 200, '<html>')).toMatch(/not JSON/);
  });

  it('hints a URL without its token', () => {
    expect(urlHint('https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef')).toBe('https://oapi.dingtalk.com/… …cdef');
    expect(urlHint('not a url')).toBe('…');
  });
});

describe('alert words', () => {
  const subject = { rule: 'callFailed' as const, cause: 'newInstance', count: 3, facts: { activity: 'newInstance', orderId: 'O-1', instanceId: null, resultCode: '000005', deadline: '2026-12-03T10:00:00.000Z', afterwards: 'refund', calls: 4 }, link: '/calls?view=failures' };

  it('says an alert in English and Chinese, times in UTC+8, with the absolute link', () => {
    const en = alertWords('en', 'fired', subject, 'https://seller.test/');
    expect(en).toEqual({
      title: '[Alert] Production interface newInstance failing: 3 message(s)',
      lines: ['First: newInstance (order O-1, instance -) answered 000005; the marketplace refunds the order at 2026-12-03 18:00 UTC+8 unless a retry succeeds.'],
      url: 'https://seller.test/calls?view=failures',
    });
    const zh = alertWords('zh', 'resolved', subject, 'https://seller.test');
    expect(zh.title).toBe('【已恢复】 生产接口 newInstance 调用失败：3 条消息');
    expect(zh.lines.at(-1)).toBe('原因已消除。');
    expect(alertWords('en', 'digest', { ...subject, facts: { ...subject.facts, previous: 1 } }, 'https://s.test').lines[1]).toBe('Now 3 (was 1 at the last message).');
    expect(alertWords('en', 'test', { rule: null, cause: '', count: 0, facts: {}, link: '' }, 'https://s.test')).toMatchObject({ title: '[Test] Test alert from the KooGallery seller console', url: 'https://s.test/alerts' });
  });

  it('names each rule’s cause', () => {
    expect(alertTitle('en', { rule: 'failureAgeing', cause: 'final', count: 2, facts: { minutes: 30 }, link: '' })).toBe('2 failure(s) within 30 min of refund or abandon');
    expect(alertTitle('en', { rule: 'jobFailing', cause: 'provision', count: 3, facts: { queue: 'provision', failing: 2, gaveUp: 1 }, link: '' })).toBe('Background job failing: provisioning, 2 failing, 1 given up');
    expect(alertTitle('zh', { rule: 'selfCheckFailed', cause: 'self-check', count: 1, facts: { failed: 1, passed: 3 }, link: '' })).toBe('定时自检失败：4 个用例中 1 个失败');
    expect(marketplaceTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30 UTC+8');
    expect(marketplaceTime('nonsense')).toBe('?');
  });
});

describe('rules', () => {
  it('counts the month in China Standard Time', () => {
    expect(marketplaceMonth(new Date('2026-11-30T16:00:00Z'))).toEqual({ key: '2026-12', start: new Date('2026-11-30T16:00:00Z') });
    expect(marketplaceMonth(new Date('2026-11-30T15:59:59Z')).key).toBe('2026-11');
  });

  it('takes a threshold within the rule’s bounds only', () => {
    expect(validThreshold('monthlyFailedOrders', 3)).toBe(3);
    expect(validThreshold('monthlyFailedOrders', 0)).toBeUndefined();
    expect(validThreshold('monthlyFailedOrders', 2.5)).toBeUndefined();
    expect(validThreshold('queueLag', '60')).toBeUndefined();
    expect(validThreshold('queueLag', 86_401)).toBeUndefined();
  });
});
