import Link from 'next/link';
import { useFormatter, useTranslations } from '../_lib/intl';
import type { Poll } from '../../domain/polls';

/** Poll cards on the home page: category, title, votes so far and when the poll ends, as of this request. */
export function PollCards({ polls, label }: { polls: Poll[]; label: string }) {
  const t = useTranslations('PollFacts');
  const format = useFormatter();
  const now = new Date();
  const timeLeft = (expiresAt: string | null) => {
    if (expiresAt === null) return t('noEnd');
    const end = new Date(expiresAt);
    return end <= now ? t('ended') : t('endsIn', { when: format.relativeTime(end, now) });
  };
  return (
    <ul className="cards" aria-label={label}>
      {polls.map((poll) => (
        <li key={poll.id} className="card">
          {poll.category && (
            <Link className="tag" href={`/?category=${encodeURIComponent(poll.category)}`} dir="auto">
              {poll.category}
            </Link>
          )}
          <h3>
            <Link href={`/polls/${poll.id}`} dir="auto">
              {poll.title}
            </Link>
          </h3>
          <p className="meta">
            {t('votes', { count: poll.total_votes })} · {timeLeft(poll.expires_at)}
          </p>
        </li>
      ))}
    </ul>
  );
}
