'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export function NavLinks({ items, label }: { items: { href: string; label: string }[]; label: string }) {
  const path = usePathname();
  return (
    <nav aria-label={label} className="flex flex-wrap gap-1">
      {items.map((i) => {
        const active = i.href === '/' ? path === '/' : path === i.href || path.startsWith(i.href + '/');
        return (
          <Link
            key={i.href}
            href={i.href}
            aria-current={active ? 'page' : undefined}
            className={`rounded px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 ${active ? 'bg-red-700 text-white' : 'text-slate-700 hover:bg-slate-200'}`}
          >
            {i.label}
          </Link>
        );
      })}
    </nav>
  );
}
