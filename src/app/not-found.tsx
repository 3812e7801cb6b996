import Link from 'next/link';

export default function NotFound() {
  return (
    <>
      <h1>We could not find that poll</h1>
      <p>The link may be mistyped, or the poll was deleted by the person who created it.</p>
      <p className="row">
        <Link href="/" className="button">
          See open polls
        </Link>
        <Link href="/polls/new" className="button button-quiet">
          Create a poll
        </Link>
      </p>
    </>
  );
}
