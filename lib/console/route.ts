import { z } from 'zod';
import { audit as writeAudit } from '../audit/actions';
import { crossSiteRefusal, currentUser, inputRefusal, type BodyType } from '../auth/guard';
import { hasRole, type Role } from '../auth/roles';
import type { ConsoleUser } from '../auth/users';
import { chooseLocale, cookieValue, LOCALE_COOKIE, type Locale } from '../i18n/core';
import { log } from '../log';
import { isRefusal, isRefusalKey, Refusal, refusal, type ErrorEnvelope, type RefusalMessage } from '../refusal';
import { getRuntime, type Runtime } from '../runtime';

/**
 * The one wrapper of every console API route (issue 7; tests/unit/console/routes.test.ts walks app/api/console and
 * fails on a route that does not use it). In order, it answers:
 *  - 401 without a session, 403 for a cross-site state-changing request (lib/http/origin.ts);
 *  - 415 / 400 for a body of the wrong media type or input holding U+0000 (guard.ts inputRefusal);
 *  - 403 without the role the action needs (a static role before the body is read; a role chosen by the body after
 *    it is validated), audited as denied when the route names an audit action;
 *  - 400 when the body or the query does not match its zod schema, with a message per field;
 *  - the handler's Refusal with the status of its kind; any other exception as 500, its cause only in the server log.
 * Every error is the one envelope `{ error: { key, message, fields? } }` in the user's language. A route that names
 * an audit action gets one audit entry per attempt: success, failure (a refusal or a fault) or denied.
 *
 * The handler gets `{ user, runtime, params, body, query }` and returns a value (answered as 200 JSON), a Response
 * (another status, a download) or a Refusal.
 */
export interface RouteContext<B, Q, P> {
  req: Request;
  user: ConsoleUser;
  locale: Locale;
  runtime: Runtime;
  params: P;
  body: B;
  query: Q;
  /** adds to the audit entry of this request: its target (default: the `id` path parameter) and details */
  audit(note: { target?: string | null; detail?: Record<string, unknown> }): void;
}

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteOptions<BS extends Schema | undefined, QS extends Schema | undefined, P = Record<string, string>> {
  /** the role the action needs, or, when it depends on what is asked, a function of the validated body */
  role: Role | ((body: Out<BS>) => Role);
  /** schema of the JSON body (state-changing methods) */
  body?: BS;
  /** schema of the query parameters, given as an object of strings (a repeated name gives its last value) */
  query?: QS;
  /** default application/json; multipart/form-data for an upload, whose handler reads req.formData() itself */
  bodyType?: BodyType;
  /**
   * The audit action this route records, e.g. `instance.freeze`, or a function of the validated body. The wrapper
   * writes every outcome (success, failure, denied); with `recordedBy: 'domain'` it writes only the denials, because
   * the domain function records the outcome itself (it is shared with the CLI, or knows details the route does not).
   */
  audit?: string | ((body: Out<BS>) => string);
  recordedBy?: 'route' | 'domain';
  /** the audit entry's target when the handler names none (it may not have run: a denial); default the `id` parameter */
  target?: (params: P) => string | null;
}

type Handler<B, Q, P> = (ctx: RouteContext<B, Q, P>) => Promise<unknown>;

export function consoleRoute<
  P extends Record<string, string> = Record<string, never>,
  BS extends Schema | undefined = undefined,
  QS extends Schema | undefined = undefined,
>(options: RouteOptions<BS, QS, P>, handler: Handler<Out<BS>, Out<QS>, P>) {
  const route = async (req: Request, ctx: { params?: Promise<P> } | undefined): Promise<Response> => {
    const user = await currentUser();
    const locale = chooseLocale(user?.locale, cookieValue(req.headers.get('cookie'), LOCALE_COOKIE), req.headers.get('accept-language'));
    if (!user) return errorResponse(refusal('forbidden', 'errors.signIn'), locale, 401);
    const crossSite = crossSiteRefusal(req, locale);
    if (crossSite) return crossSite;

    let auditAction: string | undefined = typeof options.audit === 'string' ? options.audit : undefined;
    let params = {} as P;
    const note: { target?: string | null; detail?: Record<string, unknown> } = {};
    const record = async (outcome: 'success' | 'failure' | 'denied', detail?: Record<string, unknown>) => {
      if (!auditAction || (outcome !== 'denied' && options.recordedBy === 'domain')) return;
      const target = note.target !== undefined ? note.target : options.target ? options.target(params) : ((params as Record<string, string>).id ?? null);
      await writeAudit((await getRuntime()).pool, { user, action: auditAction, target, outcome, detail: { ...note.detail, ...detail } });
    };
    const deny = async (needed: Role) => {
      await record('denied', { role: user.role, needed });
      return errorResponse(refusal('forbidden', 'errors.needsRole', { role: needed }), locale);
    };

    try {
      params = ((await ctx?.params) ?? {}) as P;
      if (typeof options.role === 'string' && !hasRole(user.role, options.role)) {
        // the handler never sees the input, but a denial is audited under the action the body names, if it names one
        if (typeof options.audit === 'function' && options.body) {
          const named = options.body.safeParse(await req.clone().json().catch(() => undefined));
          if (named.success) auditAction = options.audit(named.data as Out<BS>);
        }
        return await deny(options.role);
      }
      const refused = await inputRefusal(req, ctx, options.bodyType ?? 'application/json');
      if (refused) return errorResponse(refused, locale);

      const query = options.query ? parse(options.query, Object.fromEntries(new URL(req.url).searchParams), locale, 'query') : undefined;
      if (isRefusal(query)) return errorResponse(query, locale);
      let body: unknown;
      if (options.body) {
        let raw: unknown;
        try {
          raw = JSON.parse(await req.text());
        } catch {
          return errorResponse(refusal('invalid', 'errors.json'), locale);
        }
        body = parse(options.body, raw, locale, 'body');
        if (isRefusal(body)) return errorResponse(body, locale);
      }
      if (typeof options.audit === 'function') auditAction = options.audit(body as Out<BS>);
      if (typeof options.role === 'function') {
        const needed = options.role(body as Out<BS>);
        if (!hasRole(user.role, needed)) return await deny(needed);
      }

      const runtime = await getRuntime();
      let result: unknown;
      try {
        result = await handler({
          req,
          user,
          locale,
          runtime,
          params,
          body: body as Out<BS>,
          query: query as Out<QS>,
          audit: (n) => {
            if (n.target !== undefined) note.target = n.target;
            if (n.detail) note.detail = { ...note.detail, ...n.detail };
          },
        });
      } catch (err) {
        if (!isRefusal(err)) throw err;
        result = err;
      }
      if (isRefusal(result)) {
        // `refusal`, not `key`: a field named key is a secret's to the audit page (lib/redact.ts isSecretName)
        await record('failure', { reason: result.message, refusal: result.key, ...(result.vars ? { values: result.vars } : {}) });
        return errorResponse(result, locale);
      }
      await record('success');
      if (result instanceof Response) return result;
      return Response.json(result ?? {});
    } catch (err) {
      log.error('console API fault', { url: req.url, err, cause: (err as Error)?.stack });
      await record('failure', { reason: 'fault' });
      return errorResponse(refusal('invalid', 'errors.fault'), locale, 500);
    }
  };
  const info: ConsoleRouteInfo = { role: options.role, audit: options.audit, recordedBy: options.recordedBy ?? 'route' };
  return Object.assign(route, { [CONSOLE_ROUTE]: info });
}

/** Marks the functions consoleRoute made, with what they declare, for the route walk (tests/unit/console/routes.test.ts). */
export const CONSOLE_ROUTE: unique symbol = Symbol.for('koogallery.consoleRoute');

export interface ConsoleRouteInfo {
  role: Role | ((body: never) => Role);
  audit?: string | ((body: never) => string);
  recordedBy: 'route' | 'domain';
}

export function errorResponse(r: Refusal, locale: Locale, status: number = r.status): Response {
  return Response.json(r.toEnvelope(locale) satisfies ErrorEnvelope, { status });
}

/**
 * Validates `input` against `schema`; a mismatch is one invalid Refusal with a message per field (zod's own words in
 * the user's language), the first of them as the envelope's message. A schema whose error is a catalogue key
 * (`z.enum(ACTIONS, { error: 'instances.err.action' })`) gets that message instead, translated like any refusal.
 */
export function parse<S extends Schema>(schema: S, input: unknown, locale: Locale, where: 'body' | 'query'): z.output<S> | Refusal {
  const r = schema.safeParse(input, locale === 'zh' ? { error: z.locales.zhCN().localeError } : undefined);
  if (r.success) return r.data;
  const fields: Record<string, RefusalMessage> = {};
  for (const issue of r.error.issues) {
    const field = issue.path.map(String).join('.') || where;
    fields[field] ??= isRefusalKey(issue.message) ? { key: issue.message, vars: { field } } : { key: 'errors.invalidField', vars: { field, problem: issue.message } };
  }
  const [first] = Object.values(fields);
  return new Refusal('invalid', first!, fields);
}
