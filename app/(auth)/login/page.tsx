import { Suspense } from 'react';
import { Providers } from '@/components/Providers';
import { LoginForm } from './LoginForm';

export const dynamic = 'force-dynamic';

export default function LoginPage() {
  return (
    <Providers>
      <main className="mx-auto max-w-sm px-4 py-16">
        <h1 className="text-2xl font-semibold">KooGallery seller</h1>
        <p className="mt-1 text-sm text-slate-600">Sign in to the seller console.</p>
        <Suspense>
          <LoginForm />
        </Suspense>
      </main>
    </Providers>
  );
}
