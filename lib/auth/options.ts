import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { config } from '../config';
import type { Queryable } from '../db/client';
import { getRuntime } from '../runtime';
import { loadSecrets } from '../secrets';
import { DUMMY_HASH, verifyPassword } from './password';
import { isRole, type Role } from './roles';
import { waitSeconds } from './throttle';

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
  failed_logins: number;
  last_failed_at: Date | null;
  disabled: boolean;
}

/** Checks e-mail and password; slows repeated failures down (lib/auth/throttle.ts). Errors are shown on the form. */
export async function authorize(pool: Queryable, email: string, password: string) {
  const { rows } = await pool.query<UserRow>(
    `SELECT id, email, name, password_hash, role::text AS role, locale, failed_logins, last_failed_at, disabled
       FROM "user" WHERE email = $1`,
    [email.trim().toLowerCase()],
  );
  const user = rows[0];
  if (!user) {
    await verifyPassword(password, DUMMY_HASH); // as slow as a real check
    throw new Error('Wrong e-mail or password.');
  }
  const wait = waitSeconds(user.failed_logins, user.last_failed_at);
  if (wait > 0) throw new Error(`Too many failed sign-ins. Try again in ${wait} s.`);
  if (!(await verifyPassword(password, user.password_hash))) {
    await pool.query(`UPDATE "user" SET failed_logins = failed_logins + 1, last_failed_at = now() WHERE id = $1`, [user.id]);
    throw new Error('Wrong e-mail or password.');
  }
  if (user.disabled) throw new Error('This account is disabled.');
  await pool.query(`UPDATE "user" SET failed_logins = 0, last_login_at = now() WHERE id = $1`, [user.id]);
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
      authorize: async (credentials) =>
        authorize((await getRuntime()).pool, String(credentials?.email ?? ''), String(credentials?.password ?? '')),
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
