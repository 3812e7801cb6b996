import { useTranslations } from '../../_lib/intl';
import { useRef, type ReactNode, type RefObject } from 'react';
import type { Poll } from '../../../domain/polls';
import type { AnswerModeration } from '../../../kinds/text/results';
import { AnswerList, type AnswerAction } from '../../../kinds/text/ui/answer-list';
import { useAnswerModeration } from './answer-moderation';
import type { Message } from './poll-changes';

/**
 * An open-text poll's answers kept out of its results: those the creator hid, and those the
 * profanity filter holds back (when the poll filters), each with a Show button. The results above
 * have a Hide button on each answer.
 */

type Moderating = {
  /** The Hide button on each answer of the results. */
  answerAction: AnswerAction | undefined;
  /** The section of hidden and held answers. */
  section: ReactNode;
  /** Reads the lists again, as votes came in (a newly held answer). */
  onLiveUpdate: (() => void) | undefined;
};

/** The creator's moderation of an open-text poll, once the token was taken; nothing for other polls. */
export function useModeration(
  created: Pick<Poll, 'id' | 'kind' | 'filter_profanity'>,
  token: string | undefined,
  initial: AnswerModeration | undefined,
  setMessage: (message: Message) => void,
): Moderating {
  const t = useTranslations('Moderation');
  const heading = useRef<HTMLHeadingElement>(null);
  const afterChange = () => requestAnimationFrame(() => heading.current?.focus());
  const moderating = useAnswerModeration({ pollId: created.id, token, initial, setMessage, afterChange });
  if (created.kind !== 'text' || !token) return { answerAction: undefined, section: null, onLiveUpdate: undefined };
  return {
    answerAction: {
      label: t('hide'),
      name: (answer) => t('hideAnswer', { answer }),
      run: moderating.hide,
      busy: moderating.busy,
    },
    section: (
      <ModerationSection
        moderation={moderating.moderation}
        filtersProfanity={created.filter_profanity}
        show={moderating.show}
        busy={moderating.busy}
        headingRef={heading}
      />
    ),
    onLiveUpdate: moderating.readSoon,
  };
}

type Props = {
  moderation: AnswerModeration;
  filtersProfanity: boolean;
  show: (text: string) => void;
  busy: boolean;
  /** Focus comes here after a Hide or Show, as the answer's button left with it. */
  headingRef: RefObject<HTMLHeadingElement | null>;
};

function ModerationSection({ moderation, filtersProfanity, show, busy, headingRef }: Props) {
  const t = useTranslations('Moderation');
  const action = (name: 'showHidden' | 'showHeld'): AnswerAction => ({
    label: t('show'),
    name: (answer) => t(name, { answer }),
    run: show,
    busy,
  });
  return (
    <section className="panel" aria-labelledby="moderation-heading">
      <h2 id="moderation-heading" ref={headingRef} tabIndex={-1}>
        {t('heading')}
      </h2>
      <p className="hint">{t('explained')}</p>
      <h3>{t('hiddenByYou')}</h3>
      {moderation.hidden.length > 0 ? (
        <AnswerList answers={moderation.hidden} action={action('showHidden')} />
      ) : (
        <p className="hint">{t('none')}</p>
      )}
      {filtersProfanity && (
        <>
          <h3>{t('heldBack')}</h3>
          {moderation.held.length > 0 ? (
            <AnswerList answers={moderation.held} action={action('showHeld')} />
          ) : (
            <p className="hint">{t('none')}</p>
          )}
        </>
      )}
    </section>
  );
}
