'use client';

import { useTranslations } from '../../_lib/intl';
import { useEffect, useState } from 'react';
import { followEvent } from '../../_client/event-follow';
import { QuestionFeed } from '../../_client/question-feed';
import type { LiveStatus } from '../../_client/live-client';
import { pollLivePropsOf } from '../../_lib/poll-live-props';
import type { PollDetails } from '../../../polls/poll-details';
import { PollLive } from '../poll-live/poll-live';
import { positionOfState, type EventPosition } from './event-position';
import { useQuestion } from './question-loader';

/**
 * The audience's page of an event (`/j/CODE` of an event leads here): the question the presenter
 * shows now, with its ballot and results as that poll allows, "waiting" between questions, and
 * the end. It follows the event's stream and moves by itself; each question is the poll page's
 * own live part, remounted per question so its ballot and results start afresh, its results
 * taken from the event's stream too: one live connection per phone (the per-address cap counts
 * connections, docs/REALTIME.md#events).
 */

type Props = {
  eventId: string;
  initial: EventPosition;
  question: PollDetails | null;
  /** The outcome a no-JavaScript vote on `question` came back with (`?vote=…&retry=…`). */
  voteQuery: Record<string, string | string[] | undefined>;
  voteAction: (formData: FormData) => Promise<void>;
};

export function EventAudience({ eventId, initial, question, voteQuery, voteAction }: Props) {
  const t = useTranslations('EventAudience');
  const [position, setPosition] = useState(initial);
  const [status, setStatus] = useState<LiveStatus | null>(null);
  const [feed] = useState(() => new QuestionFeed());
  useEffect(
    () =>
      followEvent(eventId, {
        onState: (state) => setPosition(positionOfState(state)),
        onStatus: (next) => {
          setStatus(next);
          feed.setStatus(next);
        },
        onQuestion: feed.take,
      }),
    [eventId, feed],
  );
  const { details, failed } = useQuestion(position.questionId, question);

  return (
    <section className="event-audience" aria-labelledby="event-now">
      <p className="event-strip" id="event-now" aria-live="polite">
        {position.ended
          ? t('ended')
          : position.current === null
            ? t('waiting')
            : t('questionOf', { number: position.current + 1, count: position.questionCount })}
      </p>
      {position.ended && <p className="hint">{t('endedHint')}</p>}
      {!position.ended && position.current === null && <p className="hint">{t('waitingHint')}</p>}
      {status === 'reconnecting' && <p className="hint">{t('reconnecting')}</p>}
      {position.questionId !== null &&
        (details ? (
          <div className="event-question" key={details.poll.id}>
            <h1 dir="auto">{details.poll.title}</h1>
            {details.poll.description && (
              <p className="description" dir="auto">
                {details.poll.description}
              </p>
            )}
            <PollLive
              {...pollLivePropsOf(details, details === question ? voteQuery : {})}
              voteAction={voteAction}
              watch={feed.watch}
            />
          </div>
        ) : (
          <p className="hint" role="status">
            {failed ? t('loadFailed') : t('loading')}
          </p>
        ))}
    </section>
  );
}
