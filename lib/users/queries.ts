import type { ConsoleUser } from '../auth/users';
import type { Role } from '../auth/roles';
import type { PrismaClient } from '../db/client';

/** Reading console users (issue 3): plain Prisma reads. The writes are in lib/users/actions.ts. */
export interface UserListItem {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export const USER_LIST_SELECT = { id: true, email: true, name: true, role: true, disabled: true, lastLoginAt: true, createdAt: true } as const;

export async function listUsers(prisma: PrismaClient): Promise<UserListItem[]> {
  return prisma.user.findMany({ select: USER_LIST_SELECT, orderBy: { email: 'asc' } });
}

/** The administrators, for an operator who forgot which e-mail signs in (`npm run admin -- list-admins`). */
export async function listAdmins(prisma: PrismaClient): Promise<{ email: string; disabled: boolean; lastLoginAt: Date | null }[]> {
  return prisma.user.findMany({ where: { role: 'admin' }, select: { email: true, disabled: true, lastLoginAt: true }, orderBy: { email: 'asc' } });
}

/** The signed-in user as the console sees them, read on every request (lib/auth/guard.ts); null when disabled or gone. */
export async function activeConsoleUser(prisma: PrismaClient, id: string): Promise<ConsoleUser | null> {
  const u = await prisma.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true, locale: true, disabled: true } });
  if (!u || u.disabled) return null;
  return { id: u.id, email: u.email, name: u.name, role: u.role, locale: u.locale };
}
