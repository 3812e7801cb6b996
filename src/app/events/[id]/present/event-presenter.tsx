'use client';

import { useTranslations } from '../../../_lib/intl';
import { useCallback, useEffect, useState } from 'react';
import { followEvent } from '../../../_client/event-follow';
import { QuestionFeed } from '../../../_client/question-feed';
import { positionOfState, type EventPosition } from '../../../_components/event-live/event-position';
import { useQuestion } from '../../../_components/event-live/question-loader';
import { shownFromDetails } from '../../../_lib/live-counts';
import { answersOf } from '../../../_lib/poll-live-props';
import type { PollDetails } from '../../../../polls/poll-details';
import { PresenterScreen } from '../../../polls/[id]/present/presenter-screen';
import { useAdminToken, useEventMoves } from '../../../_components/event-live/event-moves';

/**
 * The event on a projector: the question shown now, as the poll presenter screen shows a poll
 * (its keys H, Q, C, F, R and ? included), remounted per question; a strip saying where we are
 * (3 / 7), and "waiting" or "ended" screens with the join code between questions. The presenter
 * moves with → ← PageDown PageUp (event-moves.ts); every phone follows through the event's stream.
 * The shown question's results come over that same stream: one connection for the whole event.
 */

type Join = { joinHost: string; code: string; qrSvg: string };
type Props = Join & { eventId: string; title: string; initial: EventPosition; question: PollDetails | null };

export function EventPresenter({ eventId, title, initial, question, ...join }: Props) {
  const t = useTranslations('EventPresenter');
  const [position, setPosition] = useState(initial);
  // The answers of moves and the stream both tell where the event is: the newest wins.
  const advance = useCallback(
    (next: EventPosition) => setPosition((shown) => (next.seq >= shown.seq ? next : shown)),
    [],
  );
  const [feed] = useState(() => new QuestionFeed());
  useEffect(
    () =>
      followEvent(eventId, {
        onState: (state) => advance(positionOfState(state)),
        onStatus: feed.setStatus,
        onQuestion: feed.take,
      }),
    [eventId, advance, feed],
  );
  const token = useAdminToken();
  const { move, end, problem, busy } = useEventMoves(eventId, token, position, advance);
  const { details } = useQuestion(position.questionId, question);

  return (
    <div className="event-presenter">
      <nav className="event-presenter-strip" aria-label={t('stripLabel')}>
        <span className="event-place" aria-live="polite">
          {position.current === null
            ? t('waitingPlace', { count: position.questionCount })
            : t('place', { number: position.current + 1, count: position.questionCount })}
        </span>
        <button type="button" className="button-quiet button-small" disabled={busy} onClick={() => move(-1)}>
          {t('previous')} <kbd>←</kbd>
        </button>
        <button type="button" className="button-quiet button-small" disabled={busy} onClick={() => move(1)}>
          {t('next')} <kbd>→</kbd>
        </button>
        {token && !position.ended && (
          <button type="button" className="button-quiet button-small" disabled={busy} onClick={end}>
            {t('end')}
          </button>
        )}
        {position.ended && <span>{t('ended')}</span>}
        <span aria-live="polite">{problem && <span className="notice notice-bad">{t(problem)}</span>}</span>
      </nav>
      {details ? (
        <PresenterScreen
          key={details.poll.id}
          pollId={details.poll.id}
          title={details.poll.title}
          kind={details.poll.kind}
          options={answersOf(details)}
          initial={shownFromDetails(details)}
          expiresAt={details.poll.expires_at}
          maxChoices={details.poll.max_choices}
          watch={feed.watch}
          {...join}
        />
      ) : (
        <IdleScreen title={title} text={position.ended ? t('endedText') : t('waitingText')} {...join} />
      )}
    </div>
  );
}

/** Between questions and before the first: the event's title and where to join, large. */
function IdleScreen({ title, text, joinHost, code, qrSvg }: Join & { title: string; text: string }) {
  const t = useTranslations('EventPresenter');
  return (
    <div className="event-presenter-idle">
      <div>
        <h1 dir="auto">{title}</h1>
        <p role="status">{text}</p>
      </div>
      <aside aria-label={t('joinLabel')}>
        <div
          className="presenter-qr"
          role="img"
          aria-label={t('qrLabel')}
          dangerouslySetInnerHTML={{ __html: qrSvg }}
        />
        <p className="presenter-join">
          <span className="presenter-join-label">{t('joinAt')}</span>
          <span className="presenter-address" dir="ltr">
            {joinHost}/j/<strong>{code}</strong>
          </span>
        </p>
      </aside>
    </div>
  );
}
