'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { JoinForm } from '../../_components/join-form';

/**
 * A code no poll has: most often a character misread off the projector, so the page takes the
 * code again right here (the form goes to `/j`, as the home page's does).
 */
export default function UnknownCode() {
  const params = useParams<{ code?: string }>();
  const typed = params?.code ? decodeURIComponent(params.code).slice(0, 32) : '';
  return (
    <>
      <h1>{typed ? `No poll has the code ${typed}` : 'No poll has that code'}</h1>
      <p>Check the six characters shown with the poll and type them again.</p>
      <JoinForm label="Join code" />
      <p>
        <Link href="/">See open polls</Link>
      </p>
    </>
  );
}
