import type { Role } from './roles';

/** The signed-in user as every console route and page sees them (lib/auth/guard.ts currentUser). */
export interface ConsoleUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /** en or zh once chosen with the language switch; null follows the browser */
  locale: string | null;
}
