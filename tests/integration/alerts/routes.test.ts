import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../../lib/runtime';
import { callAs, consoleUsers, serveRuntime, unserveRuntime } from '../helpers/console-routes';
import { startTestRuntime } from '../helpers/runtime';

vi.mock('next-auth', () => import('../helpers/console-routes').then((m) => m.nextAuthMock));
vi.mock('../../../lib/auth/options', () => ({ authOptions: {} }));

const { GET: listAlerts } = await import('../../../app/api/console/alerts/route');
const { POST: acknowledge } = await import('../../../app/api/console/alerts/[id]/acknowledge/route');
const { GET: settings } = await import('../../../app/api/console/alerts/settings/route');
const { PUT: putRule } = await import('../../../app/api/console/alerts/rules/[rule]/route');
const { POST: addChannel } = await import('../../../app/api/console/alerts/channels/route');
const { DELETE: removeChannel } = await import('../../../app/api/console/alerts/channels/[id]/route');
const { POST: testChannel } = await import('../../../app/api/console/alerts/channels/[id]/test/route');

/** The alerts' console API (issue 12) through its route handlers: roles, refusals naming the field, nothing secret answered, audited. */
describe('alerts console API', () => {
  let rt: Runtime;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    rt = await startTestRuntime({}, { workers: false });
    serveRuntime(rt);
    Object.assign(ids, await consoleUsers(rt, 'alert-routes', { support: 'support', viewer: 'viewer' }));
  });
  afterAll(async () => {
    unserveRuntime();
    await rt?.close();
  });

  it('answers by role: viewers read alerts, support acknowledges, admins configure', async () => {
    expect((await callAs(null, listAlerts, '/api/console/alerts')).status).toBe(401);
    expect((await callAs(ids.viewer!, listAlerts, '/api/console/alerts?state=open')).json).toMatchObject({ alerts: [] });
    expect((await callAs(ids.viewer!, listAlerts, '/api/console/alerts?state=nope')).status).toBe(400);
    expect((await callAs(ids.support!, settings, '/api/console/alerts/settings')).status).toBe(403);
    expect((await callAs(ids.viewer!, acknowledge, '/api/console/alerts/1/acknowledge', { method: 'POST', params: { id: '1' } })).status).toBe(403);
    expect((await callAs(ids.support!, acknowledge, '/api/console/alerts/1/acknowledge', { method: 'POST', params: { id: '1' } })).status).toBe(404);
    expect((await callAs(ids.support!, addChannel, '/api/console/alerts/channels', { body: { name: 'x', kind: 'slack', url: 'https://h.test/x' } })).status).toBe(403);
    const s = await callAs(ids.admin!, settings, '/api/console/alerts/settings');
    expect(s.json.rules).toHaveLength(8);
    expect(s.json.email).toEqual({ configured: false, from: 'KooGallery seller <alerts@localhost>' });
  });

  it('refuses hostile input with a 4xx naming the field, stores nothing, never answers the URL or secret', async () => {
    const add = (body: unknown) => callAs(ids.admin!, addChannel, '/api/console/alerts/channels', { body });
    for (const [body, field] of [
      [{ name: 'x'.repeat(101), kind: 'slack', url: 'https://h.test/x' }, 'name'],
      [{ name: 'x', kind: ['slack'], url: 'https://h.test/x' }, 'kind'],
      [{ name: 'x', kind: 'slack', url: `https://h.test/${'a'.repeat(3000)}` }, 'url'],
      [{ name: 'x', kind: 'slack', url: 'javascript:alert(1)' }, 'url'],
      [{ name: 'x', kind: 'wecom', url: 'https://h.test/x', secret: 'not for wecom' }, 'secret'],
      [{ name: 'x', kind: 'dingtalk', url: 'https://h.test/x', secret: { a: 1 } }, 'secret'],
      [{ name: 'x', kind: 'email', recipients: 'everyone' }, 'recipients'],
      [{ name: 'x', kind: 'email', recipients: Array.from({ length: 5000 }, () => ids.viewer) }, 'recipients'],
      [{ name: 'x', kind: 'slack', url: 'https://h.test/x', locale: 'fr' }, 'locale'],
    ] as const) {
      const r = await add(body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(Object.keys(r.json.error.fields ?? {}), JSON.stringify(body).slice(0, 80)).toEqual([field]);
    }
    expect((await callAs(ids.admin!, settings, '/api/console/alerts/settings')).json.channels).toEqual([]);

    const created = await add({ name: 'Robot', kind: 'dingtalk', url: 'https://oapi.dingtalk.test/robot/send?access_token=0123456789abcdef0123', secret: 'SECsecretsecret' });
    expect(created.status).toBe(201);
    const s = await callAs(ids.admin!, settings, '/api/console/alerts/settings');
    expect(s.text).not.toContain('0123456789abcdef0123');
    expect(s.text).not.toContain('SECsecretsecret');
    expect(s.json.channels[0]).toMatchObject({ name: 'Robot', kind: 'dingtalk', signed: true, urlHint: 'https://oapi.dingtalk.test/… …0123', locale: 'en' });
    const stored = (await rt.pool.query<{ url_enc: string; secret_enc: string }>(`SELECT url_enc, secret_enc FROM alert_channel`)).rows[0]!;
    expect(stored.url_enc).not.toContain('access_token');
    expect(stored.secret_enc).not.toContain('SECsecret');

    const id = String(created.json.id);
    expect((await callAs(ids.admin!, testChannel, `/api/console/alerts/channels/${id}/test`, { method: 'POST', params: { id } })).json).toMatchObject({ deliveryId: expect.any(String) });
    expect((await callAs(ids.admin!, testChannel, '/api/console/alerts/channels/x/test', { method: 'POST', params: { id: 'x'.repeat(500) } })).status).toBe(404);
    expect((await callAs(ids.admin!, removeChannel, `/api/console/alerts/channels/${id}`, { method: 'DELETE', params: { id } })).json).toEqual({ deleted: true });
    expect((await callAs(ids.admin!, removeChannel, `/api/console/alerts/channels/${id}`, { method: 'DELETE', params: { id } })).status).toBe(404);

    const rule = (name: string, body: unknown) => callAs(ids.admin!, putRule, `/api/console/alerts/rules/${name}`, { method: 'PUT', body, params: { rule: name } });
    expect((await rule('queueLag', { enabled: true, threshold: 5 })).json.error.fields).toHaveProperty('threshold');
    expect((await rule('queueLag', { enabled: 'yes', threshold: 60 })).status).toBe(400);
    expect((await rule('__proto__', { enabled: true })).json.error.fields).toHaveProperty('rule');
    expect((await rule('queueLag', { enabled: false, threshold: 120 })).json).toEqual({ rule: 'queueLag', enabled: false, threshold: 120 });

    const audit = (await rt.pool.query<{ action: string; outcome: string }>(`SELECT action, outcome FROM audit_log WHERE action LIKE 'alert.%' ORDER BY id`)).rows;
    expect(audit.filter((a) => a.outcome === 'success').map((a) => a.action)).toEqual(['alert.channel.create', 'alert.channel.test', 'alert.channel.delete', 'alert.rule']);
    expect(audit.filter((a) => a.action === 'alert.channel.create' && a.outcome === 'failure').length).toBeGreaterThanOrEqual(9);
    expect(JSON.stringify(audit)).not.toContain('SECsecret');
  });
});
