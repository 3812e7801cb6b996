import Link from 'next/link';
import type { Poll } from '../../domain/polls';
import { timeLeftText, useFormatWords, votesText } from '../_lib/format';

export function PollCards({ polls, label }: { polls: Poll[]; label: string }) {
  const words = useFormatWords();
  return (
    <ul className="cards" aria-label={label}>
      {polls.map((poll) => (
        <li key={poll.id} className="card">
          {poll.category && (
            <Link className="tag" href={`/?category=${encodeURIComponent(poll.category)}`}>
              {poll.category}
            </Link>
          )}
          <h3>
            <Link href={`/polls/${poll.id}`}>{poll.title}</Link>
          </h3>
          <p className="meta">
            {votesText(words, poll.total_votes)} · {timeLeftText(words, poll.expires_at)}
          </p>
        </li>
      ))}
    </ul>
  );
}
