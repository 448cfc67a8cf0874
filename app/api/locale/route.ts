import { currentUser } from '@/lib/auth/guard';
import { secureCookies } from '@/lib/auth/options';
import { errorResponse } from '@/lib/console/route';
import { mediaType } from '@/lib/http/body';
import { isLocale, LOCALE_COOKIE, LOCALES } from '@/lib/i18n/core';
import { getLocale } from '@/lib/i18n/server';
import { fieldRefusal, isRefusal, refusal } from '@/lib/refusal';
import { getRuntime } from '@/lib/runtime';
import { setOwnLocale } from '@/lib/users/actions';

export const dynamic = 'force-dynamic';

/**
 * The language switcher: remembered on the signed-in user's row, and in a cookie for the sign-in page. Open to
 * strangers (the sign-in page has the switcher too); a stranger's choice only sets the cookie.
 *
 * It changes state (the user's row, an audit entry, the cookie), so it is held to the console APIs' rules although it
 * is no console route: proxy.ts refuses it from another origin, and the body must be JSON, which a cross-site form
 * cannot send. Its errors are the console's envelope (lib/console/route.ts).
 */
export async function POST(req: Request): Promise<Response> {
  if (mediaType(req.headers.get('content-type')) !== 'application/json') {
    return errorResponse(refusal('invalid', 'errors.contentType', { type: 'application/json' }), await getLocale(), 415);
  }
  const parsed: unknown = await req.json().catch(() => null);
  const body = (parsed && typeof parsed === 'object' ? parsed : {}) as { locale?: unknown };
  if (!isLocale(body.locale)) return errorResponse(fieldRefusal('locale', 'errors.locale', { locales: LOCALES.join(', ') }), await getLocale());
  const user = await currentUser();
  if (user) {
    try {
      await setOwnLocale(await getRuntime(), user, body.locale);
    } catch (err) {
      if (isRefusal(err)) return errorResponse(err, await getLocale());
      throw err;
    }
  }
  const res = Response.json({ ok: true, locale: body.locale });
  res.headers.append('set-cookie', `${LOCALE_COOKIE}=${body.locale}; Path=/; Max-Age=31536000; SameSite=Lax${secureCookies() ? '; Secure' : ''}`);
  return res;
}
