import { useFormatter, useTranslations } from '../../../app/_lib/intl';
import type { TieBreak } from '../tally';
import type { FinalRound } from './ranked-view';
import { isolated } from '../../../app/_components/rich-tags';

/**
 * A ranked count's final round: its bars, most votes first, the winner named in a sentence and
 * tagged on its bar, how a tie in the last two was broken, and the ballots counted and exhausted.
 */

/** How a tie between the last two was broken, in words. */
const FINAL_TIE_NOTE = {
  previous_round: 'finalTiePreviousRound',
  random: 'finalTieRandom',
} as const satisfies Record<TieBreak, string>;

export type RankedFinalRoundProps = {
  final: FinalRound;
  /** How many rounds the count took, and how many ballots it had. */
  rounds: number;
  ballots: number;
  names: ReadonlyMap<string, string>;
  headingLevel: 2 | 3 | 4;
  /** Say how the count works, under the totals. */
  explained: boolean;
};

export function RankedFinalRound({ final, rounds, ballots, names, headingLevel, explained }: RankedFinalRoundProps) {
  const t = useTranslations('RankedResults');
  const format = useFormatter();
  const percent = (share: number) => format.number(share, { style: 'percent' });
  const Heading = `h${headingLevel}` as const;
  const nameOf = (id: string) => names.get(id) ?? id;
  const winner = final.bars.find((bar) => bar.winner);
  return (
    <section className="ranked-final">
      <Heading>
        {t('finalRound')} <span className="ranked-round-of">{t('roundOf', { round: final.round, rounds })}</span>
      </Heading>
      {winner?.id && (
        <p className="ranked-outcome">
          {t.rich('winnerSentence', {
            name: nameOf(winner.id),
            option: isolated,
            votes: winner.votes,
            share: percent(winner.share),
          })}
        </p>
      )}
      {final.tieBreak && <p className="hint">{t(FINAL_TIE_NOTE[final.tieBreak])}</p>}
      <ol className="results ranked-bars">
        {final.bars.map((bar) => (
          <li
            key={bar.id ?? 'others'}
            data-option-id={bar.id ?? undefined}
            className={bar.winner ? 'is-winner' : bar.id === null ? 'is-others' : undefined}
          >
            <div className="result-label">
              <span className="ranked-bar-name">
                {bar.id === null ? t('others', { count: bar.others }) : <bdi dir="auto">{nameOf(bar.id)}</bdi>}
                {bar.winner && <span className="ranked-winner-tag">{t('winner')}</span>}
              </span>
              <span className="result-figures">
                {t('votesAndShare', { votes: bar.votes, share: percent(bar.share) })}
              </span>
            </div>
            <svg className="bar ranked-bar" aria-hidden="true" focusable="false">
              <rect height="100%" width={`${bar.share * 100}%`} />
            </svg>
          </li>
        ))}
      </ol>
      <p className="hint">
        {t('totals', { ballots, exhausted: final.exhausted })}
        {explained && ` ${t('rule')}`}
      </p>
    </section>
  );
}
