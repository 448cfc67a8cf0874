import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../../lib/runtime';
import { callAs, consoleUsers, serveRuntime, unserveRuntime } from '../helpers/console-routes';
import { startTestRuntime } from '../helpers/runtime';

vi.mock('next-auth', () => import('../helpers/console-routes').then((m) => m.nextAuthMock));
vi.mock('../../../lib/auth/options', () => ({ authOptions: {} }));

const { POST: licenceAction } = await import('../../../app/api/console/licences/[id]/actions/route');
const { POST: markProduct } = await import('../../../app/api/console/licences/products/route');

/**
 * The licence API answers its refusals in the signed-in user's language (user.locale), with the field and the key
 * (the envelope of lib/console/route.ts);
 * the English answer and the audit log keep the English text. Through the route handlers against a real PostgreSQL.
 */
describe('licence API errors in the user language', () => {
  let rt: Runtime;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    rt = await startTestRuntime();
    serveRuntime(rt);
    Object.assign(
      ids,
      await consoleUsers(rt, 'licence-i18n', {
        'zh-support': { role: 'support', locale: 'zh' },
        'en-support': { role: 'support', locale: 'en' },
        'zh-viewer': { role: 'viewer', locale: 'zh' },
      }),
    );
  });
  afterAll(async () => {
    unserveRuntime();
    await rt?.close();
  });

  async function act(as: string, id: string, body: unknown) {
    const { status, json } = await callAs(ids[as]!, licenceAction, `/api/console/licences/${id}/actions`, { body, params: { id } });
    return { status, json };
  }

  it('rejecting without a note: Chinese for a zh user, English for an en user, the field and the key for both', async () => {
    const body = { action: 'decide', decision: 'rejected' };
    const zh = '请填写备注：说明驳回的原因。';
    const en = 'note is required: say why.';
    expect(await act('zh-support', '1', body)).toEqual({ status: 400, json: { error: { key: 'licences.err.note.required', message: zh, fields: { note: zh } } } });
    expect(await act('en-support', '1', body)).toEqual({ status: 400, json: { error: { key: 'licences.err.note.required', message: en, fields: { note: en } } } });
  });

  it('a bad service start time names the field in Chinese', async () => {
    expect(await act('zh-support', '1', { action: 'deliver' })).toEqual({
      status: 400,
      json: { error: { key: 'licences.err.time.required', message: '请填写服务实际开通时间。', fields: { serviceStartTime: '请填写服务实际开通时间。' } } },
    });
  });

  it('not found, a missing role and a bad request in Chinese; the audit log keeps English', async () => {
    const at = new Date().toISOString();
    expect(await act('zh-support', '999999', { action: 'deliver', serviceStartTime: at })).toEqual({
      status: 404,
      json: { error: { key: 'licences.err.deliveryNotFound', message: '未找到 License 交付 999999。' } },
    });
    expect(await act('en-support', '999999', { action: 'deliver', serviceStartTime: at })).toMatchObject({ status: 404, json: { error: { message: 'Licence delivery 999999 not found.' } } });
    expect(await act('zh-viewer', '999999', { action: 'deliver', serviceStartTime: at })).toEqual({
      status: 403,
      json: { error: { key: 'errors.needsRole', message: '此操作需要技术支持角色。' } },
    });
    const dance = 'action 必须是 generate、deliver 或 decide 之一。';
    expect(await act('zh-support', '1', { action: 'dance' })).toEqual({ status: 400, json: { error: { key: 'errors.licence.action', message: dance, fields: { action: dance } } } });

    const { rows } = await rt.pool.query<{ outcome: string; detail: { reason?: string } | null }>(
      `SELECT outcome, detail FROM audit_log WHERE action = 'licence.deliver' AND target = 'licence/999999' ORDER BY id`,
    );
    expect(rows.map((r) => [r.outcome, r.detail?.reason])).toEqual([
      ['failure', 'Licence delivery 999999 not found.'],
      ['failure', 'Licence delivery 999999 not found.'],
      ['denied', undefined],
    ]);
  });

  it('marking a product: the validation error in the user language', async () => {
    const { status, json } = await callAs(ids['zh-support']!, markProduct, '/api/console/licences/products', { body: { productId: 'a b' } });
    // a support user is denied before the input is looked at
    expect({ status, json }).toEqual({ status: 403, json: { error: { key: 'errors.needsRole', message: '此操作需要管理员角色。' } } });
  });
});
