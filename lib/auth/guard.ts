import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { config } from '../config';
import { hasBody, mediaType } from '../http/body';
import { findNul, findNulInParams, MAX_JSON_DEPTH } from '../http/nul';
import { isSafeMethod, isSameOrigin, type RequestLike } from '../http/origin';
import { log } from '../log';
import { getRuntime } from '../runtime';
import { authOptions } from './options';
import { hasRole, type Role } from './roles';
import { activeConsoleUser } from '../users/queries';
import type { ConsoleUser } from './users';
import type { Locale } from '../i18n/core';
import { fieldRefusal, Refusal, refusal } from '../refusal';

/**
 * The one place that reads the session (house style 8). The user is loaded from the database on every request, so
 * a changed role or a disabled account takes effect at once, not when the session expires.
 */
export async function currentUser(): Promise<ConsoleUser | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  return activeConsoleUser((await getRuntime()).prisma, id);
}

/** For pages and server actions: signed in with at least `role`, else to the sign-in page (or the forbidden page). */
export async function requireUser(role: Role = 'viewer'): Promise<ConsoleUser> {
  const user = await currentUser();
  if (!user) redirect('/login');
  if (!hasRole(user.role, role)) redirect('/forbidden');
  return user;
}

/**
 * 403 JSON for a state-changing request that did not come from the console's own pages (lib/http/origin.ts), else
 * undefined. proxy.ts asks first, for every API request; consoleRoute asks again, so a route is covered even if the
 * proxy's matcher changes.
 */
export function crossSiteRefusal(req: RequestLike & { url: string }, locale: Locale): Response | undefined {
  if (isSameOrigin(req, config().publicUrl)) return undefined;
  const h = (name: string) => req.headers.get(name) ?? undefined;
  // a seller behind a proxy whose own requests are refused here needs PUBLIC_URL set to the address the browser shows
  // the path only: in proxy.ts, req.url carries Next's own host name, not the one asked for
  log.warn('cross-site request refused', { method: req.method, path: new URL(req.url).pathname, origin: h('origin'), secFetchSite: h('sec-fetch-site'), host: h('host'), forwardedHost: h('x-forwarded-host') });
  return Response.json(refusal('forbidden', 'errors.crossSite').toEnvelope(locale), { status: 403 });
}

/** The body a console route takes on a state-changing request: JSON, except the licence file upload. */
export type BodyType = 'application/json' | 'multipart/form-data';

/** A refusal of the input itself, with its own status (415 for the media type). */
export class InputRefusal extends Refusal {
  constructor(
    readonly httpStatus: 400 | 415,
    r: Refusal,
  ) {
    super(r.kind, { key: r.key, vars: r.vars }, r.fields);
  }

  override get status(): number {
    return this.httpStatus;
  }
}

/**
 * What must hold before any handler runs. A state-changing request with a body carries the route's content type:
 * a cross-site form or no-cors fetch can send text/plain, urlencoded or multipart without a CORS preflight, never
 * application/json. No query parameter, path parameter or JSON string (key or value, at any depth) holds U+0000,
 * which PostgreSQL refuses in text (lib/http/nul.ts).
 */
export async function inputRefusal(req: Request, ctx: unknown, bodyType: BodyType): Promise<InputRefusal | undefined> {
  const type = mediaType(req.headers.get('content-type'));
  if (!isSafeMethod(req.method) && (type ? type !== bodyType : hasBody(req.headers))) {
    return new InputRefusal(415, refusal('invalid', 'errors.contentType', { type: bodyType }));
  }
  const nul = (field: string) => new InputRefusal(400, fieldRefusal(field, 'errors.nul'));
  const inQuery = findNulInParams(new URL(req.url).searchParams);
  if (inQuery) return nul(inQuery);
  const params = (await (ctx as { params?: Promise<Record<string, string | string[] | undefined>> } | undefined)?.params) ?? {};
  const inPath = findNulInParams(Object.entries(params).flatMap(([k, v]) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x): [string, string] => [k, x])));
  if (inPath) return nul(inPath);
  if (type === 'application/json' && !isSafeMethod(req.method)) {
    let body: unknown;
    try {
      body = JSON.parse(await req.clone().text());
    } catch {
      return undefined; // not JSON: the handler answers that as it always did
    }
    const found = findNul(body);
    if (found && 'tooDeep' in found) return new InputRefusal(400, refusal('invalid', 'errors.tooDeep', { max: MAX_JSON_DEPTH }));
    if (found) return nul(found.field);
  }
  return undefined;
}
