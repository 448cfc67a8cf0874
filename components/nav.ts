import type { Role } from '@/lib/auth/roles';

/** The console's navigation: one entry a page, with the least role that may open it. */
export const NAV: { href: string; label: string; role: Role }[] = [
  { href: '/', label: 'Overview', role: 'viewer' },
  { href: '/instances', label: 'Instances', role: 'viewer' },
  { href: '/calls', label: 'Call log', role: 'viewer' },
  { href: '/settings', label: 'Settings', role: 'viewer' },
  { href: '/users', label: 'Users', role: 'admin' },
  { href: '/audit', label: 'Audit log', role: 'admin' },
];
