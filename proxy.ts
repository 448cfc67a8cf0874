import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { sessionSecret } from './lib/auth/options';

/**
 * Coarse gate for the console (house style 8): strangers are sent to the sign-in page, console APIs answer 401 JSON.
 * Every page and API still checks the session and the role itself (lib/auth/guard.ts).
 */
export async function proxy(req: NextRequest) {
  const token = await getToken({ req, secret: sessionSecret() });
  if (token) return NextResponse.next();
  if (req.nextUrl.pathname.startsWith('/api/')) {
    return NextResponse.json({ error: 'Sign in first.' }, { status: 401 });
  }
  const login = new URL('/login', req.url);
  login.searchParams.set('callbackUrl', req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  // everything but the marketplace's interface, health, sign-in, tenant pages and static files
  matcher: ['/((?!api/produce|api/health|api/auth|api/locale|login|t/|_next/|favicon.ico).*)'],
};
