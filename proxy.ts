import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { crossSiteRefusal } from './lib/auth/guard';
import { secureCookies, sessionSecret } from './lib/auth/options';
import { isLocale, localeFromAcceptLanguage, LOCALE_COOKIE } from './lib/i18n/core';
import { refusal } from './lib/refusal';

/**
 * Coarse gate for the console (house style 8): strangers are sent to the sign-in page, console APIs answer 401 JSON.
 * Every page and API still checks the session and the role itself (lib/auth/guard.ts).
 *
 * Before that, every state-changing API request must come from the console's own pages (lib/http/origin.ts): the one
 * rule for /api/console/* and /api/locale, whatever route is added later. Checked before the session, so a cross-site
 * request is told so whether or not the browser sent the cookie.
 *
 * The machine APIs (/api/v1) are not the console's: programs call them with an API key and no session or Origin, and
 * lib/machine/route.ts checks the key. The matcher leaves them out, as it leaves out the marketplace's interface.
 */
export async function proxy(req: NextRequest) {
  const token = await getToken({ req, secret: sessionSecret(), secureCookie: secureCookies() });
  const api = req.nextUrl.pathname.startsWith('/api/');
  const cookie = req.cookies.get(LOCALE_COOKIE)?.value;
  const locale = isLocale(token?.locale) ? token.locale : isLocale(cookie) ? cookie : localeFromAcceptLanguage(req.headers.get('accept-language'));
  if (api) {
    const refused = crossSiteRefusal(req, locale);
    if (refused) return refused;
  }
  // the language switcher is open to strangers (the sign-in page has it too)
  if (token || req.nextUrl.pathname === '/api/locale') return NextResponse.next();
  // the console API's envelope (lib/console/route.ts)
  if (api) return NextResponse.json(refusal('forbidden', 'errors.signIn').toEnvelope(locale), { status: 401 });
  const login = new URL('/login', req.url);
  login.searchParams.set('callbackUrl', req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  // everything but the marketplace's interface, the machine APIs, health, sign-in, tenant pages and static files (the sign-in page shows
  // the icon too: app/icon.svg, served at /icon.svg?<hash>)
  matcher: ['/((?!api/produce|api/v1/|api/health|api/auth|login|t/|_next/|favicon.ico|icon.svg).*)'],
};
