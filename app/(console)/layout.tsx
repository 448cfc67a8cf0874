import { NavLinks } from '@/components/NavLinks';
import { NAV } from '@/components/nav';
import { Providers } from '@/components/Providers';
import { SignOutButton } from '@/components/SignOutButton';
import { requireUser } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

/** The signed-in shell: every console page is behind this session check. */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser('viewer');
  const items = NAV.filter((n) => hasRole(user.role, n.role));
  return (
    <Providers>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-3">
          <span className="font-semibold">KooGallery seller</span>
          <NavLinks items={items} />
          <div className="ml-auto flex items-center gap-3 text-sm text-slate-600">
            <span data-testid="current-user">
              {user.email} · {user.role}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <div className="mx-auto max-w-6xl px-4 py-8">{children}</div>
    </Providers>
  );
}
