'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { SessionProvider } from 'next-auth/react';
import { useState } from 'react';
import type { Locale } from '@/lib/i18n/core';
import { LocaleProvider } from '@/lib/i18n/client';
import { ConfirmProvider } from './ui/useConfirm';

export function Providers({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1 } } }));
  return (
    <LocaleProvider locale={locale}>
      <SessionProvider>
        <QueryClientProvider client={client}>
          <ConfirmProvider>{children}</ConfirmProvider>
        </QueryClientProvider>
      </SessionProvider>
    </LocaleProvider>
  );
}
