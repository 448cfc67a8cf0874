import type { Metadata } from 'next';
import { LOCALE_TAGS } from '@/lib/i18n/core';
import { getLocale } from '@/lib/i18n/server';
import './globals.css';

export const metadata: Metadata = {
  title: 'KooGallery Seller',
  description: 'Seller side of Huawei Cloud Marketplace: production interfaces, provisioning and call log',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={LOCALE_TAGS[locale]}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
