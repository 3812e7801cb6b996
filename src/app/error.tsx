'use client';

import Link from 'next/link';

/** Shown when a page fails to render, most often because the database cannot be reached. */
export default function PageError({ reset }: { error: Error; reset: () => void }) {
  return (
    <>
      <h1>Something went wrong</h1>
      <p>pollcast could not show this page just now. Please try again in a moment.</p>
      <p className="row">
        <button type="button" onClick={reset}>
          Try again
        </button>
        <Link href="/" className="button button-quiet">
          Home
        </Link>
      </p>
    </>
  );
}
