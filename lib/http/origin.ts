/**
 * The same-origin rule for state-changing requests to the console's APIs (cross-site request forgery). Pure: headers
 * in, a verdict out. proxy.ts applies it to every API request it sees and consoleRoute (lib/console/route.ts) to every console
 * route, so neither a new route nor a changed matcher can skip it.
 *
 * A browser names the page a request comes from in `Origin` (sent on every POST, PUT, PATCH and DELETE by current
 * browsers, forms included) and says how it relates to the target in `Sec-Fetch-Site`. A page on another port of the
 * same host is the same *site*, so the SameSite=Lax session cookie goes along: only the origin tells it apart.
 *
 * Same origin means, as Next.js checks its server actions (next/dist/server/app-render/action-handler.js): the
 * Origin's host is the host the request came to (`Host`, or the first `X-Forwarded-Host` a proxy set), so a seller
 * reaching the console by 127.0.0.1 or by its name both work; or the Origin is PUBLIC_URL's, for a proxy that rewrites
 * `Host` without saying so. A page cannot set Host or X-Forwarded-Host on a cross-site request, so trusting them
 * gives an attacker nothing.
 */

export interface HeadersLike {
  get(name: string): string | null;
}
export interface RequestLike {
  method: string;
  headers: HeadersLike;
}

/** GET, HEAD and OPTIONS change nothing (RFC 9110 §9.2.1) and are exempt; everything else must be same-origin. */
export function isSafeMethod(method: string): boolean {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' || m === 'OPTIONS';
}

function hostOf(origin: string): string | undefined {
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : undefined;
  } catch {
    return undefined;
  }
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function isSameOrigin(req: RequestLike, publicUrl: string | undefined): boolean {
  if (isSafeMethod(req.method)) return true;
  const site = req.headers.get('sec-fetch-site');
  // a browser that says the request is not from this origin is believed, whatever the Origin
  if (site !== null && site !== 'same-origin') return false;
  const origin = req.headers.get('origin');
  if (origin === null) {
    // Sec-Fetch-Site: same-origin from a browser that left Origin out; neither header: not a browser (curl, scripts),
    // which cannot carry a victim's cookies (Next.js lets such server-action requests through too)
    return true;
  }
  // "null": a sandboxed frame, a file, a cross-origin redirect — never the console's own page
  const originHost = hostOf(origin)?.toLowerCase();
  if (!originHost) return false;
  const host = req.headers.get('host')?.trim().toLowerCase();
  const forwarded = req.headers.get('x-forwarded-host')?.split(',')[0]?.trim().toLowerCase();
  if (originHost === host || (forwarded && originHost === forwarded)) return true;
  const pub = originOf(publicUrl);
  return pub !== undefined && new URL(origin).origin === pub;
}
