'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import type { Poll } from '../../domain/polls';
import { useFormatWords, votesText, type FormatWords } from '../_lib/format';
import {
  forgetPoll,
  manageLink,
  presentLink,
  rememberedPolls,
  restorePoll,
  watchRememberedPolls,
  type RememberedPoll,
} from '../_client/your-polls';
import './your-polls.css';

/**
 * The home page's "Your polls": the polls this browser created (src/app/_client/your-polls.ts),
 * with their manage and presenter links. Shown only where there are some, so the server renders
 * nothing and other browsers never see the section. Each poll's public state is read as any
 * visitor reads it (no token), to say whether it is open, closed or gone.
 */

/** What the public API says of a remembered poll now: its current title and state, or that it is gone. */
type Current = { gone: true } | { gone: false; poll: Pick<Poll, 'title' | 'is_active' | 'total_votes'> };

function createdText(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : `Created ${date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
}

function stateText(words: FormatWords, current: Current | undefined): string {
  if (!current) return '';
  if (current.gone) return 'Deleted';
  return `${current.poll.is_active ? 'Open' : 'Closed'} · ${votesText(words, current.poll.total_votes)}`;
}

export function YourPolls() {
  const [polls, setPolls] = useState<RememberedPoll[]>([]);
  const [current, setCurrent] = useState<Record<string, Current>>({});
  const [forgotten, setForgotten] = useState<RememberedPoll | null>(null);
  const undoButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const read = () => setPolls(rememberedPolls());
    read();
    return watchRememberedPolls(read);
  }, []);

  const ids = polls.map((poll) => poll.id).join(',');
  useEffect(() => {
    if (!ids) return;
    const aborter = new AbortController();
    for (const id of ids.split(',')) {
      fetch(`/api/polls/${id}`, { headers: { accept: 'application/json' }, signal: aborter.signal })
        .then(async (response) => {
          if (response.status === 404) return setCurrent((known) => ({ ...known, [id]: { gone: true } }));
          if (!response.ok) return;
          const { poll } = (await response.json()) as { poll: Poll };
          setCurrent((known) => ({ ...known, [id]: { gone: false, poll } }));
        })
        // Unreachable now: the list still shows what this browser remembers.
        .catch(() => undefined);
    }
    return () => aborter.abort();
  }, [ids]);

  function forget(poll: RememberedPoll) {
    forgetPoll(poll.id);
    setPolls(rememberedPolls());
    setForgotten(poll);
    // The row and its button are gone: focus goes to the way back.
    requestAnimationFrame(() => undoButton.current?.focus());
  }

  function undo() {
    if (!forgotten) return;
    restorePoll(forgotten);
    setPolls(rememberedPolls());
    const id = forgotten.id;
    setForgotten(null);
    requestAnimationFrame(() => (document.getElementById(`your-poll-${id}`) ?? heading.current)?.focus());
  }

  if (polls.length === 0 && !forgotten) return null;

  return (
    <section className="your-polls" aria-labelledby="your-polls-heading">
      <h2 id="your-polls-heading" ref={heading} tabIndex={-1}>
        Your polls
      </h2>
      <p className="hint">The polls you created in this browser. Only this browser keeps this list.</p>
      {polls.length > 0 && (
        <ul className="your-polls-list">
          {polls.map((poll) => (
            <YourPoll key={poll.id} poll={poll} now={current[poll.id]} forget={() => forget(poll)} />
          ))}
        </ul>
      )}
      <div role="status" className="your-polls-status">
        {forgotten && (
          <p>
            Forgot “{forgotten.title}” in this browser, with its manage link. The poll itself is unchanged.{' '}
            <button ref={undoButton} type="button" className="button-quiet button-small" onClick={undo}>
              Undo
            </button>
          </p>
        )}
      </div>
    </section>
  );
}

/** One remembered poll: its title (a link while it exists), when it was made and its state now, and its links. */
function YourPoll({ poll, now, forget }: { poll: RememberedPoll; now: Current | undefined; forget: () => void }) {
  const title = now && !now.gone ? now.poll.title : poll.title;
  const words = useFormatWords();
  return (
    <li className="your-poll">
      <div className="your-poll-text">
        {now?.gone ? (
          <span id={`your-poll-${poll.id}`} tabIndex={-1} className="your-poll-title">
            {title}
          </span>
        ) : (
          <Link id={`your-poll-${poll.id}`} className="your-poll-title" href={`/polls/${poll.id}`}>
            {title}
          </Link>
        )}
        <span className="meta">{[createdText(poll.createdAt), stateText(words, now)].filter(Boolean).join(' · ')}</span>
      </div>
      <div className="your-poll-actions">
        {!now?.gone && (
          <>
            <a className="button button-small" href={manageLink(poll)}>
              Manage<span className="visually-hidden"> “{title}”</span>
            </a>
            <a className="button button-small button-quiet" href={presentLink(poll)}>
              Present<span className="visually-hidden"> “{title}”</span>
            </a>
          </>
        )}
        <button type="button" className="button-quiet button-small" onClick={forget}>
          Forget<span className="visually-hidden"> “{title}”</span>
        </button>
      </div>
    </li>
  );
}
