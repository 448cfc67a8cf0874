'use client';

import { signOut } from 'next-auth/react';

export function SignOutButton({ label }: { label: string }) {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: '/login' })}
      className="whitespace-nowrap rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 focus:outline-2 focus:outline-red-700"
    >
      {label}
    </button>
  );
}
