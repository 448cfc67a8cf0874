import type { Role } from '../../../lib/auth/roles';
import type { ConsoleUser } from '../../../lib/auth/users';
import type { Runtime } from '../../../lib/runtime';
import { createUser } from '../../../lib/users/actions';

/**
 * Console route handlers called in-process, as a user the test chooses, against a test runtime (no app process; for
 * that, console-session.ts). The test file mocks next-auth with this module's session:
 *
 *   vi.mock('next-auth', () => import('../helpers/console-routes').then((m) => m.nextAuthMock));
 *   vi.mock('../../../lib/auth/options', () => ({ authOptions: {} }));
 *
 * then imports the route modules, `serveRuntime(rt)` in beforeAll (route handlers take the process's runtime,
 * lib/runtime getRuntime) and `unserveRuntime()` in afterAll.
 */

/** who is signed in: a user id, or nobody */
export const session = { userId: null as string | null };
export const nextAuthMock = { getServerSession: async () => (session.userId ? { user: { id: session.userId } } : null) };

const RUNTIME = Symbol.for('koogallery.runtime');
export function serveRuntime(rt: Runtime): void {
  (globalThis as Record<symbol, unknown>)[RUNTIME] = Promise.resolve(rt);
}
export function unserveRuntime(): void {
  delete (globalThis as Record<symbol, unknown>)[RUNTIME];
}

/**
 * The first administrator (`admin`) and the users asked for, by name: `{ viewer: 'viewer', 'zh-support': { role:
 * 'support', locale: 'zh' } }` → their ids by the same names. E-mails are `<name>.<tag>@console.test`.
 */
export async function consoleUsers<N extends string>(rt: Runtime, tag: string, users: Record<N, Role | { role: Role; locale?: 'zh' | 'en' }>): Promise<Record<N | 'admin', string>> {
  const [admin] = (await rt.pool.query<ConsoleUser>(`SELECT id, email, name, role::text AS role, locale FROM "user" WHERE email = 'admin@localhost'`)).rows;
  const ids = { admin: admin!.id } as Record<N | 'admin', string>;
  for (const [name, spec] of Object.entries(users) as [N, Role | { role: Role; locale?: 'zh' | 'en' }][]) {
    const { role, locale } = typeof spec === 'string' ? { role: spec, locale: undefined } : spec;
    const u = await createUser(rt, admin!, { email: `${name}.${tag}@console.test`, role, password: `${tag}-console-password` });
    if (locale) await rt.pool.query(`UPDATE "user" SET locale = $2 WHERE id = $1`, [u.id, locale]);
    ids[name] = u.id;
  }
  return ids;
}

type Handler = (req: Request, ctx: never) => Promise<Response>;

/**
 * Calls a route handler as `userId` (null: signed out): a JSON body is sent as application/json; `params` are the
 * route's dynamic segments. The answer's status, text and JSON (`{}` when not JSON).
 */
export async function callAs(
  userId: string | null,
  handler: Handler,
  url: string,
  init: { method?: string; body?: unknown; params?: Record<string, string> } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; text: string; json: Record<string, any>; headers: Headers }> {
  session.userId = userId;
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const req = new Request(new URL(url, 'http://tenant.test'), {
    method,
    ...(init.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
  });
  const res = await handler(req, (init.params ? { params: Promise.resolve(init.params) } : undefined) as never);
  const text = await res.text();
  let json = {};
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (a CSV export): the test reads the text
  }
  return { status: res.status, text, json, headers: res.headers };
}
