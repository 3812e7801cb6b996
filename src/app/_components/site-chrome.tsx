'use client';

import Link from 'next/link';
import { useSelectedLayoutSegment } from 'next/navigation';
import type { ReactNode } from 'react';

/**
 * The skip link, header, main landmark and footer around every page, except the embed: it lives
 * in a frame on another site and brings its own compact main (src/app/embed).
 */
export function SiteChrome({ children }: { children: ReactNode }) {
  const segment = useSelectedLayoutSegment();
  if (segment === 'embed') return children;
  return (
    <>
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
        <nav aria-label="About pollcast">
          <Link href="/docs/api">API reference</Link>
        </nav>
      </footer>
    </>
  );
}
