import { describe, expect, it } from 'vitest';
import { fieldRefusal, isRefusal, isRefusalKey, messageText, Refusal, refusal, type RefusalKey } from '../../lib/refusal';

/** The one refusal type of lib/ and how its message reads in each language (lib/refusal.ts). */
describe('messageText', () => {
  it('fills values in English as they are', () => {
    expect(messageText({ key: 'errors.needsRole', vars: { role: 'support' } }, 'en')).toBe('This needs the support role.');
    expect(messageText({ key: 'licences.err.alreadyDelivered', vars: { status: 'delivered' } }, 'en')).toBe('The licence has already been delivered.');
    expect(messageText({ key: 'licences.err.time.required', vars: { field: 'serviceStartTime' } }, 'en')).toBe('serviceStartTime is required.');
  });

  it('shows role, status and field values in the reader’s words where the catalogue has them', () => {
    expect(messageText({ key: 'errors.needsRole', vars: { role: 'support' } }, 'zh')).toBe('此操作需要技术支持角色。');
    expect(messageText({ key: 'licences.err.alreadyDelivered', vars: { status: 'delivered' } }, 'zh')).toBe('License 状态已是已交付：不能再次交付。');
    expect(messageText({ key: 'licences.err.time.required', vars: { field: 'serviceStartTime' } }, 'zh')).toBe('请填写服务实际开通时间。');
    expect(messageText({ key: 'instances.err.notActive', vars: { status: 'frozen' } }, 'zh')).toBe('实例不是正常状态（当前为已冻结）。');
  });

  it('leaves values the catalogue does not know as they are', () => {
    expect(messageText({ key: 'errors.invalidField', vars: { field: 'limit', problem: 'too big' } }, 'zh')).toBe('limit：too big');
    expect(messageText({ key: 'licences.err.time.required', vars: { field: 'somethingElse' } }, 'zh')).toBe('请填写somethingElse。');
  });

  it('an unknown catalogue or key shows the key itself', () => {
    expect(messageText({ key: 'nowhere.at.all' as RefusalKey }, 'en')).toBe('nowhere.at.all');
    expect(messageText({ key: 'errors.noSuchKey' as RefusalKey }, 'zh')).toBe('noSuchKey');
    expect(isRefusalKey('errors.noSuchKey')).toBe(false);
    expect(isRefusalKey('errors.user.none')).toBe(true);
    expect(isRefusalKey('calls.err.notFound')).toBe(true);
    expect(isRefusalKey('Nothing to change.')).toBe(false);
  });
});

describe('Refusal', () => {
  it('is an Error with its English text, the status of its kind, and an envelope per language', () => {
    const r = refusal('conflict', 'errors.user.exists', { email: 'a@b.c' });
    expect(r).toBeInstanceOf(Error);
    expect(isRefusal(r)).toBe(true);
    expect(isRefusal(new Error('x'))).toBe(false);
    expect([r.message, r.status, r.kind, r.key]).toEqual(['E-mail: a@b.c already has an account.', 409, 'conflict', 'errors.user.exists']);
    expect(r.toEnvelope('zh')).toEqual({ error: { key: 'errors.user.exists', message: '邮箱：a@b.c 已有账号。' } });
    expect(new Refusal('notFound', { key: 'errors.user.none' }).status).toBe(404);
    expect(refusal('forbidden', 'errors.signIn').status).toBe(403);
    expect(refusal('invalid', 'errors.json').status).toBe(400);
  });

  it('a field refusal names its field in the envelope, translated', () => {
    const r = fieldRefusal('serviceStartTime', 'licences.err.time.required');
    expect(r.toEnvelope('en')).toEqual({ error: { key: 'licences.err.time.required', message: 'serviceStartTime is required.', fields: { serviceStartTime: 'serviceStartTime is required.' } } });
    expect(r.toEnvelope('zh').error.fields).toEqual({ serviceStartTime: '请填写服务实际开通时间。' });
  });
});
