import { useFormatter, useTranslations } from '../../_lib/intl';
import { useMemo, type Ref } from 'react';
import type { PollKind } from '../../../domain/polls';
import { RankedResultsView } from '../../../kinds/ranked/ui/ranked-results-view';
import type { AnswerAction } from '../../../kinds/text/ui/answer-list';
import { rankedResultsOf } from '../../../kinds/ranked/ui/ranked-view';
import { TextResultsView, textResultsOf } from '../../../kinds/text/ui/text-results-view';
import { percentText } from '../../_lib/format';
import { percentOf, type ShownResults } from '../../_lib/live-counts';
import { AnswersTable, ChoiceTable, TableDetails } from './results-table';
import { strong } from '../rich-tags';

/**
 * The results: one bar per answer with its count and share where this viewer may see the counts
 * (a ranked poll: its rounds, RankedResultsView; an open-text poll: its word cloud and list,
 * TextResultsView), the answers alone (no figures, no bar) where the poll hides them, and the
 * total always. The same figures fold under "Show as table" as a table (a ranked poll has its
 * table of rounds). Nothing here is a live region: the view's status region summarises changes
 * (live-announcer.ts), where reading the results at every vote would drown everything else.
 */

type Props = {
  pollKind: PollKind;
  /** The embed shows a ranked poll's rounds folded away. */
  embedded: boolean;
  options: { id: string; text: string }[];
  shown: ShownResults;
  votedOptionIds: string[];
  maxChoices: number;
  /** Beside the ballot, before this viewer voted. */
  besideBallot: boolean;
  waitText: string | null;
  headingRef: Ref<HTMLHeadingElement>;
  /** A button on each answer of an open-text poll's list: the creator's Hide. */
  answerAction?: AnswerAction | undefined;
  /** Whether "Show as table" is open; kept by the view, so it stays open when the section is built anew. */
  table: { open: boolean; setOpen: (open: boolean) => void };
};

export function ResultsSection(props: Props) {
  const { pollKind, options, shown, votedOptionIds, maxChoices, besideBallot, waitText, headingRef } = props;
  const rounds = pollKind === 'ranked' && shown.visible;
  const written = pollKind === 'text';
  const t = useTranslations('Results');
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading" ref={headingRef} tabIndex={-1}>
        {t(besideBallot ? 'headingSoFar' : 'heading')}
      </h2>
      {waitText && <p className="notice">{waitText}</p>}
      {!rounds && !written && (
        <ol className="results">
          {options.map((option) => (
            <ResultRow
              key={option.id}
              option={option}
              shown={shown}
              mine={pollKind === 'choice' && votedOptionIds.includes(option.id)}
            />
          ))}
        </ol>
      )}
      <p>{t.rich('total', { count: shown.total, strong })}</p>
      {pollKind === 'choice' && maxChoices > 1 && shown.visible && (
        <p className="hint">{t('shareOfVoters', { max: maxChoices })}</p>
      )}
      {pollKind === 'choice' && shown.visible && (
        <TableDetails open={props.table.open} onOpen={props.table.setOpen}>
          <ChoiceTable options={options} counts={shown.counts} total={shown.total} />
        </TableDetails>
      )}
      {pollKind === 'ranked' && votedOptionIds.length > 0 && <YourRanking options={options} ranking={votedOptionIds} />}
      {rounds && <RankedRounds options={options} shown={shown} embedded={props.embedded} />}
      {written && votedOptionIds.length > 0 && <YourAnswers answers={votedOptionIds} />}
      {written && shown.visible && <WrittenResults {...props} />}
    </section>
  );
}

/** The voter's own ranking, most preferred first. */
function YourRanking({ options, ranking }: { options: Props['options']; ranking: string[] }) {
  const texts = new Map(options.map((option) => [option.id, option.text]));
  const t = useTranslations('Results');
  return (
    <div className="your-ranking">
      <span className="mine">{t('yourRanking')}</span>
      <ol>
        {ranking.map((id) => (
          <li key={id}>
            <bdi dir="auto">{texts.get(id) ?? id}</bdi>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** What this voter wrote in an open-text poll, each answer isolated as in the results. */
function YourAnswers({ answers }: { answers: string[] }) {
  const t = useTranslations('Results');
  return (
    <div className="your-ranking">
      <span className="mine">{t('yourAnswers', { count: answers.length })}</span>
      <ul>
        {answers.map((answer) => (
          <li key={answer}>
            <bdi dir="auto">{answer}</bdi>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A ranked poll's count: who wins, its table of rounds and where the votes went. */
function RankedRounds({ options, shown, embedded }: Pick<Props, 'options' | 'shown' | 'embedded'>) {
  const ranked = useMemo(() => options.map((option) => ({ id: option.id, option_text: option.text })), [options]);
  if (!shown.visible) return null;
  return (
    <RankedResultsView
      results={rankedResultsOf(shown.results)}
      options={ranked}
      variant={embedded ? 'embed' : 'page'}
      headingLevel={3}
    />
  );
}

/** An open-text poll's word cloud and list of answers, and the same answers as a table. */
function WrittenResults({ shown, embedded, answerAction, table }: Props) {
  const results = shown.visible ? textResultsOf(shown.results) : null;
  return (
    <>
      <TextResultsView results={results} variant={embedded ? 'embed' : 'page'} answerAction={answerAction} />
      {results && results.answers.length > 0 && (
        <TableDetails open={table.open} onOpen={table.setOpen}>
          <AnswersTable answers={results.answers} />
        </TableDetails>
      )}
    </>
  );
}

function ResultRow({
  option,
  shown,
  mine,
}: {
  option: { id: string; text: string };
  shown: ShownResults;
  mine: boolean;
}) {
  // Hidden counts are not zeros: without them there are no figures and no bar.
  const count = shown.visible ? (shown.counts[option.id] ?? 0) : null;
  const percent = count === null ? 0 : percentOf(count, shown.total);
  const t = useTranslations('Results');
  const format = useFormatter();
  return (
    <li data-option-id={option.id}>
      <div className="result-label">
        <span>
          <bdi dir="auto">{option.text}</bdi>
          {mine && <span className="mine">{t('yourVote')}</span>}
        </span>
        {count !== null && (
          <span className="result-figures">{t('figures', { count, percent: percentText(format, percent) })}</span>
        )}
      </div>
      {count !== null && (
        <svg className="bar" aria-hidden="true" focusable="false">
          <rect height="100%" width={`${percent}%`} />
        </svg>
      )}
    </li>
  );
}
