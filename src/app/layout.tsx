import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { SiteChrome } from './_components/site-chrome';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'pollcast', template: '%s · pollcast' },
  description: 'Create a poll, share the link, watch the results live.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  colorScheme: 'light dark',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: the CSP nonce (src/proxy.ts) only reaches dynamic pages.
  await connection();
  return (
    <html lang="en">
      <body>
        <SiteChrome>{children}</SiteChrome>
      </body>
    </html>
  );
}
