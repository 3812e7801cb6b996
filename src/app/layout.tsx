import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
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
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="wrap site-header-row">
            <Link href="/" className="brand">
              pollcast
            </Link>
            <nav aria-label="Main">
              <Link href="/polls/new" className="button button-small">
                New poll
              </Link>
            </nav>
          </div>
        </header>
        <main id="main" className="wrap" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer wrap">
          <p>pollcast: one vote per person, results live on every screen.</p>
        </footer>
      </body>
    </html>
  );
}
