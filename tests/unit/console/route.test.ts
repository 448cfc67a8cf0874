import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { ConsoleUser } from '../../../lib/auth/users';

const state = vi.hoisted(() => ({ user: null as ConsoleUser | null, audits: [] as Record<string, unknown>[] }));
vi.mock('next-auth', () => ({ getServerSession: async () => null }));
vi.mock('../../../lib/auth/options', () => ({ authOptions: {}, secureCookies: () => false }));
vi.mock('../../../lib/runtime', () => ({ getRuntime: async () => ({ pool: { name: 'pool' } }) }));
vi.mock('../../../lib/audit/actions', () => ({
  audit: async (_db: unknown, entry: Record<string, unknown>) => {
    state.audits.push(entry);
  },
}));
vi.mock('../../../lib/auth/guard', async (original) => ({ ...(await original<object>()), currentUser: async () => state.user }));
vi.mock('../../../lib/log', () => ({ log: { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() } }));

const { consoleRoute, CONSOLE_ROUTE } = await import('../../../lib/console/route');
const { refusal, fieldRefusal } = await import('../../../lib/refusal');
const { log } = await import('../../../lib/log');

const user = (role: ConsoleUser['role'], locale = 'en'): ConsoleUser => ({ id: `id-${role}`, email: `${role}@test`, name: null, role, locale });
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params as never) });

function req(method: string, body?: unknown, headers: Record<string, string> = {}, path = '/api/console/things/7') {
  return new Request(`http://console.test${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function answer(res: Response) {
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeEach(() => {
  state.user = null;
  state.audits = [];
  vi.mocked(log.error).mockClear();
});

describe('consoleRoute: who may ask', () => {
  const handler = vi.fn(async () => ({ done: true }));
  const route = consoleRoute({ role: 'admin', audit: 'thing.poke' }, handler);

  it('401 without a session, in the language of Accept-Language, the handler untouched, nothing audited', async () => {
    expect(await answer(await route(req('GET'), ctx({ id: '7' })))).toEqual({ status: 401, json: { error: { key: 'errors.signIn', message: 'Sign in first.' } } });
    const zh = await route(req('GET', undefined, { 'accept-language': 'zh-CN,zh;q=0.9' }), ctx());
    expect(await answer(zh)).toEqual({ status: 401, json: { error: { key: 'errors.signIn', message: '请先登录。' } } });
    expect(handler).not.toHaveBeenCalled();
    expect(state.audits).toEqual([]);
  });

  it('403 without the static role, audited as denied with the role and the role needed, in the user’s language', async () => {
    state.user = user('support');
    expect(await answer(await route(req('POST'), ctx({ id: '7' })))).toEqual({
      status: 403,
      json: { error: { key: 'errors.needsRole', message: 'This needs the admin role.' } },
    });
    state.user = user('viewer', 'zh');
    expect((await answer(await route(req('POST'), ctx({ id: '8' })))).json).toEqual({ error: { key: 'errors.needsRole', message: '此操作需要管理员角色。' } });
    expect(handler).not.toHaveBeenCalled();
    expect(state.audits).toEqual([
      { user: user('support'), action: 'thing.poke', target: '7', outcome: 'denied', detail: { role: 'support', needed: 'admin' } },
      { user: user('viewer', 'zh'), action: 'thing.poke', target: '8', outcome: 'denied', detail: { role: 'viewer', needed: 'admin' } },
    ]);
  });

  it('403 for a cross-site state-changing request, before anything else', async () => {
    state.user = user('admin');
    const res = await route(req('POST', { a: 1 }, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }), ctx());
    expect(await answer(res)).toEqual({
      status: 403,
      json: { error: { key: 'errors.crossSite', message: "Refused: this request did not come from the console's own pages (cross-site request)." } },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('a role chosen by the validated body: denied after parsing, audited under the action the body names', async () => {
    const h = vi.fn(async ({ body }: { body: { action: string } }) => ({ did: body.action }));
    const r = consoleRoute(
      {
        role: (b) => (b.action === 'retry' ? 'support' : 'admin'),
        body: z.object({ action: z.enum(['retry', 'freeze']) }),
        audit: (b) => `instance.${b.action}`,
      },
      h,
    );
    state.user = user('support');
    expect(await answer(await r(req('POST', { action: 'freeze' }), ctx({ id: 'i-1' })))).toEqual({
      status: 403,
      json: { error: { key: 'errors.needsRole', message: 'This needs the admin role.' } },
    });
    expect(await answer(await r(req('POST', { action: 'retry' }), ctx({ id: 'i-1' })))).toEqual({ status: 200, json: { did: 'retry' } });
    expect(h).toHaveBeenCalledTimes(1);
    expect(state.audits.map((a) => [a.action, a.outcome, a.target, a.detail])).toEqual([
      ['instance.freeze', 'denied', 'i-1', { role: 'support', needed: 'admin' }],
      ['instance.retry', 'success', 'i-1', {}],
    ]);
  });

  it('a static role with an action named by the body: the denial is audited under that action', async () => {
    const r = consoleRoute(
      { role: 'support', body: z.looseObject({ action: z.enum(['deliver', 'decide']) }), audit: (b) => `licence.${b.action}` },
      async () => ({}),
    );
    state.user = user('viewer');
    expect((await r(req('POST', { action: 'decide' }), ctx({ id: '1' }))).status).toBe(403);
    // a body that names no known action: still refused, nothing to name it by
    expect((await r(req('POST', { action: 'dance' }), ctx({ id: '1' }))).status).toBe(403);
    expect(state.audits.map((a) => [a.action, a.outcome])).toEqual([['licence.decide', 'denied']]);
  });

  it('the target option names the audit target of a denial, when the handler never ran', async () => {
    const r = consoleRoute({ role: 'support', audit: 'licence.deliver', target: (p: { id: string }) => `licence/${p.id}` }, async () => ({}));
    state.user = user('viewer');
    expect((await r(req('POST'), ctx({ id: '99' }))).status).toBe(403);
    expect(state.audits).toMatchObject([{ action: 'licence.deliver', target: 'licence/99', outcome: 'denied' }]);
  });
});

describe('consoleRoute: what is asked', () => {
  const Body = z.object({ name: z.string().max(3), count: z.number() });
  const Query = z.object({ limit: z.coerce.number().int().max(10).optional() });
  const handler = vi.fn(async ({ body, query }: { body: unknown; query: unknown }) => ({ body, query }));
  const route = consoleRoute({ role: 'viewer', body: Body, query: Query }, handler);

  it('a body that does not match: 400 with a message per field, the first as the message', async () => {
    state.user = user('viewer');
    const { status, json } = await answer(await route(req('POST', { name: 'abcd', count: 'x' }), ctx()));
    expect(status).toBe(400);
    const error = json.error as { key: string; message: string; fields: Record<string, string> };
    expect(error.key).toBe('errors.invalidField');
    expect(Object.keys(error.fields)).toEqual(['name', 'count']);
    expect(error.fields.name).toMatch(/^name: .*3/);
    expect(error.fields.count).toMatch(/^count: .*number/);
    expect(error.message).toBe(error.fields.name);
    expect(handler).not.toHaveBeenCalled();
  });

  it('zod’s own words in Chinese for a Chinese user', async () => {
    state.user = user('viewer', 'zh');
    const { json } = await answer(await route(req('POST', { name: 'abcd', count: 'x' }), ctx()));
    const error = json.error as { fields: Record<string, string> };
    expect(error.fields.name).toMatch(/^name：.*字符/);
    expect(error.fields.count).toMatch(/^count：无效输入/);
  });

  it('a query that does not match: 400 naming the parameter; a good one reaches the handler parsed', async () => {
    state.user = user('viewer');
    const bad = await answer(await route(req('POST', { name: 'ab', count: 1 }, {}, '/api/console/things?limit=x'), ctx()));
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.json.error as { fields: object }).fields)).toEqual(['limit']);
    const good = await answer(await route(req('POST', { name: 'ab', count: 1 }, {}, '/api/console/things?limit=5'), ctx()));
    expect(good).toEqual({ status: 200, json: { body: { name: 'ab', count: 1 }, query: { limit: 5 } } });
  });

  it('a body that is not JSON, or of another media type', async () => {
    state.user = user('viewer');
    expect(await answer(await route(req('POST', '{nope'), ctx()))).toEqual({ status: 400, json: { error: { key: 'errors.json', message: 'The request body must be JSON.' } } });
    const plain = await route(req('POST', '{}', { 'content-type': 'text/plain' }), ctx());
    expect(await answer(plain)).toEqual({
      status: 415,
      json: { error: { key: 'errors.contentType', message: 'Send the request body as application/json (Content-Type: application/json).' } },
    });
  });

  it('a schema whose error is a catalogue key answers with that message, translated', async () => {
    const r = consoleRoute({ role: 'viewer', body: z.object({ action: z.enum(['a', 'b'], { error: 'errors.licence.action' }) }) }, async () => ({}));
    state.user = user('viewer');
    expect((await answer(await r(req('POST', { action: 'c' }), ctx()))).json).toEqual({
      error: { key: 'errors.licence.action', message: 'action must be one of generate, deliver, decide.', fields: { action: 'action must be one of generate, deliver, decide.' } },
    });
    state.user = user('viewer', 'zh');
    expect(((await answer(await r(req('POST', {}), ctx()))).json.error as { message: string }).message).toBe('action 必须是 generate、deliver 或 decide 之一。');
  });
});

describe('consoleRoute: what the handler answers', () => {
  it('a refusal, returned or thrown, with the status of its kind and its message in the user’s language', async () => {
    const cases = [
      [refusal('invalid', 'errors.user.nothing'), 400, 'Nothing to change.', '没有需要修改的内容。'],
      [refusal('forbidden', 'errors.user.disableSelf'), 403, 'You cannot disable your own account.', '不能停用自己的账号。'],
      [refusal('notFound', 'licences.err.deliveryNotFound', { id: '9' }), 404, 'Licence delivery 9 not found.', '未找到 License 交付 9。'],
      [refusal('conflict', 'errors.user.exists', { email: 'a@b.c' }), 409, 'E-mail: a@b.c already has an account.', '邮箱：a@b.c 已有账号。'],
    ] as const;
    for (const [r, status, en, zh] of cases) {
      for (const how of ['return', 'throw'] as const) {
        const route = consoleRoute({ role: 'viewer' }, async () => {
          if (how === 'throw') throw r;
          return r;
        });
        state.user = user('viewer');
        expect(await answer(await route(req('GET'), ctx()))).toEqual({ status, json: { error: { key: r.key, message: en } } });
        state.user = user('viewer', 'zh');
        expect(await answer(await route(req('GET'), ctx()))).toEqual({ status, json: { error: { key: r.key, message: zh } } });
      }
    }
  });

  it('a field refusal carries its field', async () => {
    const route = consoleRoute({ role: 'viewer' }, async () => fieldRefusal('email', 'errors.user.email'));
    state.user = user('viewer');
    expect((await answer(await route(req('GET'), ctx()))).json).toEqual({
      error: { key: 'errors.user.email', message: 'E-mail: enter an address like name@example.com.', fields: { email: 'E-mail: enter an address like name@example.com.' } },
    });
  });

  it('a fault: 500 with no internal text, the cause in the server log, audited as a failure', async () => {
    const route = consoleRoute({ role: 'viewer', audit: 'thing.break' }, async () => {
      throw new Error('relation "secret_table" does not exist');
    });
    state.user = user('viewer');
    const res = await route(req('POST'), ctx({ id: '3' }));
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: { key: 'errors.fault', message: 'Something went wrong; the cause is in the server log.' } });
    expect(text).not.toContain('secret_table');
    expect(log.error).toHaveBeenCalledWith('console API fault', expect.objectContaining({ err: expect.any(Error) }));
    expect(state.audits).toMatchObject([{ action: 'thing.break', target: '3', outcome: 'failure', detail: { reason: 'fault' } }]);
  });

  it('a plain value is 200 JSON, nothing is {}, a Response goes out as it is', async () => {
    state.user = user('viewer');
    expect(await answer(await consoleRoute({ role: 'viewer' }, async () => ({ a: [1] }))(req('GET'), ctx()))).toEqual({ status: 200, json: { a: [1] } });
    expect(await answer(await consoleRoute({ role: 'viewer' }, async () => undefined)(req('GET'), ctx()))).toEqual({ status: 200, json: {} });
    const created = await consoleRoute({ role: 'viewer' }, async () => Response.json({ id: 'x' }, { status: 201 }))(req('GET'), ctx());
    expect(await answer(created)).toEqual({ status: 201, json: { id: 'x' } });
  });

  it('audits success with the target and details the handler adds, failure with the refusal’s English reason, key and values', async () => {
    let fail = false;
    const route = consoleRoute<{ id: string }>({ role: 'viewer', audit: 'call.curl' }, async ({ audit, params }) => {
      audit({ target: `call:${params.id}`, detail: { activity: 'newInstance' } });
      return fail ? refusal('conflict', 'errors.user.exists', { email: 'x@y.z' }) : { ok: 1 };
    });
    state.user = user('viewer', 'zh');
    await route(req('GET'), ctx({ id: '5' }));
    fail = true;
    await route(req('GET'), ctx({ id: '6' }));
    expect(state.audits).toEqual([
      { user: user('viewer', 'zh'), action: 'call.curl', target: 'call:5', outcome: 'success', detail: { activity: 'newInstance' } },
      {
        user: user('viewer', 'zh'),
        action: 'call.curl',
        target: 'call:6',
        outcome: 'failure',
        detail: { activity: 'newInstance', reason: 'E-mail: x@y.z already has an account.', refusal: 'errors.user.exists', values: { email: 'x@y.z' } },
      },
    ]);
  });

  it("recordedBy 'domain': the wrapper writes only the denials", async () => {
    let outcome: 'ok' | 'refuse' | 'fault' = 'ok';
    const route = consoleRoute({ role: 'support', audit: 'instance.retry', recordedBy: 'domain' }, async () => {
      if (outcome === 'fault') throw new Error('boom');
      return outcome === 'refuse' ? refusal('conflict', 'errors.user.nothing') : { ok: 1 };
    });
    state.user = user('support');
    for (const o of ['ok', 'refuse', 'fault'] as const) {
      outcome = o;
      await route(req('POST'), ctx({ id: 'i' }));
    }
    expect(state.audits).toEqual([]);
    state.user = user('viewer');
    expect((await route(req('POST'), ctx({ id: 'i' }))).status).toBe(403);
    expect(state.audits).toMatchObject([{ action: 'instance.retry', outcome: 'denied' }]);
  });

  it('marks what it made, for the route walk', () => {
    expect((consoleRoute({ role: 'viewer' }, async () => ({})) as unknown as Record<symbol, unknown>)[CONSOLE_ROUTE]).toEqual({ role: 'viewer', audit: undefined, recordedBy: 'route' });
    const audited = consoleRoute({ role: 'admin', audit: 'user.create', recordedBy: 'domain' }, async () => ({}));
    expect((audited as unknown as Record<symbol, unknown>)[CONSOLE_ROUTE]).toEqual({ role: 'admin', audit: 'user.create', recordedBy: 'domain' });
  });
});
