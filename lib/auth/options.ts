import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { config } from '../config';
import type { Queryable } from '../db/client';
import { getRuntime } from '../runtime';
import { loadSecrets } from '../secrets';
import { DUMMY_HASH, verifyPassword } from './password';
import { isRole, type Role } from './roles';
import { signInRefusal } from './signInMessages';
import { reserveAttempt, signInAddress, signInSucceeded, throttleKeys } from './throttle';

/** The session secret: NEXTAUTH_SECRET, else the one generated under DATA_DIR (shared by every process there). */
export function sessionSecret(): string {
  const c = config();
  return c.sessionSecret ?? loadSecrets(c.dataDir).sessionSecret;
}

/**
 * Cookies only over TLS when the seller's address is https: next-auth's session and CSRF cookies (its `__Secure-` and
 * `__Host-` names) and the language cookie. Follows PUBLIC_URL even when NEXTAUTH_URL names a plain-http hop.
 */
export function secureCookies(): boolean {
  return config().publicUrl.startsWith('https://');
}

// next-auth v4 reads these two from the environment; they follow PUBLIC_URL and the generated secret.
process.env.NEXTAUTH_URL ??= config().publicUrl;
process.env.NEXTAUTH_SECRET ??= sessionSecret();

interface UserRow {
  id: string;
  email: string;
  name: string | null;
  password_hash: string;
  role: string;
  locale: string;
  disabled: boolean;
}

/**
 * Checks e-mail and password (errors are shown on the form). The attempt is counted against the account and the
 * client's address before the password is checked, and refused outright while either is locked (lib/auth/throttle.ts).
 * An unknown e-mail goes exactly the same way — its own throttle key, bcrypt against DUMMY_HASH, the same answers —
 * so that neither the messages nor the timing tell which accounts exist. A disabled account is revealed only to the
 * right password, and that attempt stays counted as a failure.
 */
// SQL: beside the throttle's statements on the same Queryable (lib/auth/throttle.ts), timing kept alike for every e-mail
export async function authorize(pool: Queryable, email: string, password: string, address?: string) {
  // PostgreSQL cannot hold U+0000: such an e-mail is nobody's, and must not reach a query (its error would be the answer)
  if (/\u0000/.test(email + password + (address ?? ''))) {
    await verifyPassword(password, DUMMY_HASH);
    throw new Error(signInRefusal('wrong'));
  }
  const keys = throttleKeys(email, address);
  const reservation = await reserveAttempt(pool, keys);
  if (!reservation.ok) throw new Error(signInRefusal('locked', { seconds: reservation.waitSeconds }));
  const { rows } = await pool.query<UserRow>(
    `SELECT id, email, name, password_hash, role::text AS role, locale, disabled FROM "user" WHERE email = $1`,
    [email.trim().toLowerCase()],
  );
  const user = rows[0];
  const right = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !right) throw new Error(signInRefusal('wrong')); // already counted
  if (user.disabled) throw new Error(signInRefusal('disabled'));
  await signInSucceeded(pool, keys);
  await pool.query(`UPDATE "user" SET last_login_at = now() WHERE id = $1`, [user.id]);
  return { id: user.id, email: user.email, name: user.name, role: user.role as Role, locale: user.locale };
}

export const authOptions: NextAuthOptions = {
  secret: sessionSecret(),
  useSecureCookies: secureCookies(),
  session: { strategy: 'jwt', maxAge: 12 * 3600 },
  pages: { signIn: '/login' },
  providers: [
    CredentialsProvider({
      name: 'E-mail and password',
      credentials: { email: { label: 'E-mail', type: 'email' }, password: { label: 'Password', type: 'password' } },
      authorize: async (credentials, req) =>
        authorize(
          (await getRuntime()).pool,
          String(credentials?.email ?? ''),
          String(credentials?.password ?? ''),
          signInAddress(req?.headers),
        ),
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const u = user as { id: string; role: Role; locale: string };
        token.sub = u.id;
        token.role = u.role;
        token.locale = u.locale;
      }
      return token;
    },
    session({ session, token }) {
      const s = session as typeof session & { user: { id?: string; role?: Role; locale?: string } };
      s.user.id = token.sub;
      s.user.role = isRole(token.role) ? token.role : undefined;
      s.user.locale = typeof token.locale === 'string' ? token.locale : 'en';
      return s;
    },
  },
};
