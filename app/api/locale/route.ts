import { currentUser, HttpError } from '@/lib/auth/guard';
import { isLocale, LOCALE_COOKIE, LOCALES } from '@/lib/i18n/core';
import { getRuntime } from '@/lib/runtime';
import { setOwnLocale } from '@/lib/users/service';

export const dynamic = 'force-dynamic';

/**
 * The language switcher: remembered on the signed-in user's row, and in a cookie for the sign-in page. Open to
 * strangers (the sign-in page has the switcher too); a stranger's choice only sets the cookie.
 */
export async function POST(req: Request): Promise<Response> {
  const parsed: unknown = await req.json().catch(() => null);
  const body = (parsed && typeof parsed === 'object' ? parsed : {}) as { locale?: unknown };
  if (!isLocale(body.locale)) return Response.json({ error: `Language: choose one of ${LOCALES.join(', ')}.` }, { status: 400 });
  const user = await currentUser();
  if (user) {
    try {
      await setOwnLocale((await getRuntime()).pool, user, body.locale);
    } catch (err) {
      if (err instanceof HttpError) return Response.json({ error: err.message }, { status: err.status });
      throw err;
    }
  }
  const res = Response.json({ ok: true, locale: body.locale });
  res.headers.append('set-cookie', `${LOCALE_COOKIE}=${body.locale}; Path=/; Max-Age=31536000; SameSite=Lax`);
  return res;
}
