import type { Role } from '@/lib/auth/roles';
import type common from '@/lib/i18n/messages/common';

type NavKey = Extract<keyof (typeof common)['en'], `nav.${string}`>;

/** The console's navigation: one entry a page, with the least role that may open it. */
export const NAV: { href: string; label: NavKey; role: Role }[] = [
  { href: '/', label: 'nav.overview', role: 'viewer' },
  { href: '/instances', label: 'nav.instances', role: 'viewer' },
  { href: '/calls', label: 'nav.calls', role: 'viewer' },
  { href: '/licences', label: 'nav.licences', role: 'viewer' },
  { href: '/usage', label: 'nav.usage', role: 'viewer' },
  { href: '/tenants', label: 'nav.tenants', role: 'viewer' },
  { href: '/debugger', label: 'nav.debugger', role: 'viewer' },
  { href: '/alerts', label: 'nav.alerts', role: 'viewer' },
  { href: '/settings', label: 'nav.settings', role: 'viewer' },
  { href: '/users', label: 'nav.users', role: 'admin' },
  { href: '/audit', label: 'nav.audit', role: 'admin' },
];
