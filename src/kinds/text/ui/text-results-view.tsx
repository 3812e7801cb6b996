import { useTranslations } from '../../../app/_lib/intl';
import type { PollResults } from '../../kind';
import type { TextResults } from '../results';
import { AnswerList, type AnswerAction } from './answer-list';
import type { CloudFrame } from './cloud-layout';
import { WordCloud } from './word-cloud';
import './text.css';

/**
 * An open-text poll's results: the answers given most as a word cloud, and the same answers with
 * their counts as a list. The page shows both; the embed folds the list away; the presenter screen
 * shows the cloud large and keeps the list for screen readers only. Hidden results (`null`) show
 * nothing of the answers; the page says why. Its words are the `TextResults` messages (messages/kinds).
 */

type Variant = 'page' | 'presenter' | 'embed';

/** A poll's results when they are an open-text poll's answers, else null. */
export function textResultsOf(results: PollResults | null | undefined): TextResults | null {
  return results && 'answers' in results ? results : null;
}

/** Each place's frame for the cloud (its SVG viewBox): the shape of the space it fills there. */
const FRAMES: Record<Variant, CloudFrame> = {
  page: { width: 800, height: 440 },
  embed: { width: 600, height: 380 },
  presenter: { width: 900, height: 600 },
};

export type TextResultsViewProps = {
  results: TextResults | null;
  variant?: Variant;
  /** The level of the list's heading, under the page's own (default 3). */
  headingLevel?: 2 | 3 | 4;
  /** A button on each answer of the list: the creator's Hide. */
  answerAction?: AnswerAction | undefined;
};

export function TextResultsView({ results, variant = 'page', headingLevel = 3, answerAction }: TextResultsViewProps) {
  const t = useTranslations('TextResults');
  if (results === null) return null;
  if (results.answers.length === 0) return <p className={`text-results text-${variant} text-none`}>{t('noAnswers')}</p>;
  const { distinct, answers } = results;
  const Heading = `h${headingLevel}` as const;
  const list = <AnswerList answers={results.answers} action={answerAction} />;
  return (
    <div className={`text-results text-${variant}`}>
      <WordCloud answers={results.answers} frame={FRAMES[variant]} />
      <p className="text-distinct">
        {distinct > answers.length
          ? t('distinctShown', { distinct, shown: answers.length })
          : t('distinct', { distinct })}
      </p>
      {variant === 'presenter' ? (
        <div className="visually-hidden">
          <Heading>{t('list')}</Heading>
          {list}
        </div>
      ) : variant === 'embed' ? (
        <details className="text-list">
          <summary>{t('list')}</summary>
          {list}
        </details>
      ) : (
        <section className="text-list">
          <Heading>{t('list')}</Heading>
          {list}
        </section>
      )}
    </div>
  );
}
