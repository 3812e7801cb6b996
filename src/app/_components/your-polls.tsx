'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from '../_lib/intl';
import { Fragment, useEffect, useRef, useState, type ReactNode } from 'react';
import type { EventDetails } from '../../domain/events';
import type { Poll } from '../../domain/polls';
import {
  forgetPoll,
  manageLink,
  pageLink,
  presentLink,
  rememberedPolls,
  restorePoll,
  watchRememberedPolls,
  type RememberedPoll,
} from '../_client/your-polls';
import './your-polls.css';

/**
 * The home page's "Your polls": the polls and events this browser created (src/app/_client/your-polls.ts),
 * with their manage and presenter links, an event marked as one. Shown only where there are some,
 * so the server renders nothing and other browsers never see the section. Each one's public state
 * is read as any visitor reads it (no token), to say whether it is open, closed, ended or gone.
 */

/** What the public API says of a remembered poll or event now: its current title and state, or that it is gone. */
type Current =
  | { gone: true }
  | { gone: false; title: string; poll: Pick<Poll, 'is_active' | 'total_votes'> }
  | { gone: false; title: string; event: { ended: boolean; questions: number } };

/** When it was made and what it is now, one fact after another: "Created 4 Dec 2026, 18:10 · Open · 3 votes". */
function useFacts(): (poll: RememberedPoll, current: Current | undefined) => string[] {
  const t = useTranslations('YourPolls');
  const votes = useTranslations('PollFacts');
  const format = useFormatter();
  return (poll, current) => {
    const created = new Date(poll.createdAt);
    const facts: string[] = [];
    if (!Number.isNaN(created.getTime())) {
      // The list is rendered only in the browser, which knows its reader's time zone (the pages' is UTC).
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      facts.push(
        t('created', { date: format.dateTime(created, { dateStyle: 'medium', timeStyle: 'short', timeZone }) }),
      );
    }
    if (current?.gone) facts.push(t('deleted'));
    else if (current && 'event' in current) {
      facts.push(t('questions', { count: current.event.questions }), current.event.ended ? t('ended') : t('running'));
    } else if (current) {
      facts.push(current.poll.is_active ? t('open') : t('closed'), votes('votes', { count: current.poll.total_votes }));
    }
    return facts;
  };
}

/** The remembered title, in its own direction whatever the page's. */
const titled = (chunks: ReactNode) => <bdi>{chunks}</bdi>;
const hidden = (chunks: ReactNode) => <span className="visually-hidden">{chunks}</span>;

/** The public answer about a poll or an event, as the list shows it. */
function currentOf(kind: RememberedPoll['kind'], answer: unknown): Current {
  if (kind === 'event') {
    const { event, questions } = answer as EventDetails;
    return { gone: false, title: event.title, event: { ended: event.ended, questions: questions.length } };
  }
  const { poll } = answer as { poll: Poll };
  return { gone: false, title: poll.title, poll };
}

/** What the API says of each remembered poll or event now, read once per list. */
function useCurrent(polls: RememberedPoll[]): Record<string, Current> {
  const [current, setCurrent] = useState<Record<string, Current>>({});
  const paths = polls.map((poll) => `${poll.kind}:${poll.id}`).join(',');
  useEffect(() => {
    if (!paths) return;
    const aborter = new AbortController();
    for (const [kind, id] of paths.split(',').map((entry) => entry.split(':') as [RememberedPoll['kind'], string])) {
      fetch(`/api${pageLink({ kind, id })}`, { headers: { accept: 'application/json' }, signal: aborter.signal })
        .then(async (response) => {
          if (response.status === 404) return setCurrent((known) => ({ ...known, [id]: { gone: true } }));
          if (!response.ok) return;
          const now = currentOf(kind, await response.json());
          setCurrent((known) => ({ ...known, [id]: now }));
        })
        // Unreachable now: the list still shows what this browser remembers.
        .catch(() => undefined);
    }
    return () => aborter.abort();
  }, [paths]);
  return current;
}

export function YourPolls() {
  const t = useTranslations('YourPolls');
  const [polls, setPolls] = useState<RememberedPoll[]>([]);
  const current = useCurrent(polls);
  const [forgotten, setForgotten] = useState<RememberedPoll | null>(null);
  const undoButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const read = () => setPolls(rememberedPolls());
    read();
    return watchRememberedPolls(read);
  }, []);

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
        {t('heading')}
      </h2>
      <p className="hint">{t('hint')}</p>
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
            <span>
              {t.rich(forgotten.kind === 'event' ? 'forgottenEvent' : 'forgotten', {
                title: forgotten.title,
                poll: titled,
              })}
            </span>{' '}
            <button ref={undoButton} type="button" className="button-quiet button-small" onClick={undo}>
              {t('undo')}
            </button>
          </p>
        )}
      </div>
    </section>
  );
}

/** One remembered poll: its title (a link while it exists), when it was made and its state now, and its links. */
function YourPoll({ poll, now, forget }: { poll: RememberedPoll; now: Current | undefined; forget: () => void }) {
  const t = useTranslations('YourPolls');
  const facts = useFacts();
  const title = now && !now.gone ? now.title : poll.title;
  return (
    <li className="your-poll">
      <div className="your-poll-text">
        {poll.kind === 'event' && <span className="your-poll-kind">{t('event')}</span>}
        {now?.gone ? (
          <span id={`your-poll-${poll.id}`} tabIndex={-1} className="your-poll-title">
            {titled(title)}
          </span>
        ) : (
          <Link id={`your-poll-${poll.id}`} className="your-poll-title" href={pageLink(poll)}>
            {titled(title)}
          </Link>
        )}
        <span className="meta">
          {facts(poll, now).map((fact, i) => (
            // Each fact wraps as a whole: "2 questions" never splits across lines.
            <Fragment key={fact}>
              {i > 0 && ' · '}
              <span className="your-poll-fact">{fact}</span>
            </Fragment>
          ))}
        </span>
      </div>
      <div className="your-poll-actions">
        {!now?.gone && (
          <>
            <a className="button button-small" href={manageLink(poll)}>
              {t.rich('manage', { title, hidden })}
            </a>
            <a className="button button-small button-quiet" href={presentLink(poll)}>
              {t.rich('present', { title, hidden })}
            </a>
          </>
        )}
        <button type="button" className="button-quiet button-small" onClick={forget}>
          {t.rich('forget', { title, hidden })}
        </button>
      </div>
    </li>
  );
}
