import type { FinalRound } from './ranked-view';
import { COUNT_TEXT } from './ranked-view';

/**
 * A ranked count's final round: its bars, most votes first, the winner named in a sentence and
 * tagged on its bar, how a tie in the last two was broken, and the ballots counted and exhausted.
 */

const TEXT = {
  finalRound: 'Final round',
  roundOf: (round: number, of: number) => `Round ${round} of ${of}`,
  winner: 'Winner',
  winnerSentence: (name: string, votes: string, share: string) =>
    `${name} wins with ${votes}, ${share} of the ballots still counted.`,
  finalTie: {
    previous_round: 'The last two were tied; the one with more votes in an earlier round wins.',
    random: 'The last two were tied in every round; a draw seeded from the poll decided.',
  },
  others: (count: number) => `${count} others`,
  totals: (ballots: string, exhausted: string) => `${ballots} in all; ${exhausted} with no option left in the count.`,
  rule: 'Each round, every ballot counts for its highest-ranked option still in the count. An option with more than half of those wins; otherwise the one with fewest votes is eliminated.',
};

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
  const Heading = `h${headingLevel}` as const;
  const nameOf = (id: string) => names.get(id) ?? id;
  const winner = final.bars.find((bar) => bar.winner);
  return (
    <section className="ranked-final">
      <Heading>
        {TEXT.finalRound} <span className="ranked-round-of">{TEXT.roundOf(final.round, rounds)}</span>
      </Heading>
      {winner?.id && (
        <p className="ranked-outcome">
          {TEXT.winnerSentence(nameOf(winner.id), COUNT_TEXT.votes(winner.votes), COUNT_TEXT.percent(winner.share))}
        </p>
      )}
      {final.tieBreak && <p className="hint">{TEXT.finalTie[final.tieBreak]}</p>}
      <ol className="results ranked-bars">
        {final.bars.map((bar) => (
          <li
            key={bar.id ?? 'others'}
            data-option-id={bar.id ?? undefined}
            className={bar.winner ? 'is-winner' : bar.id === null ? 'is-others' : undefined}
          >
            <div className="result-label">
              <span className="ranked-bar-name">
                {bar.id === null ? TEXT.others(bar.others) : nameOf(bar.id)}
                {bar.winner && <span className="ranked-winner-tag">{TEXT.winner}</span>}
              </span>
              <span className="result-figures">
                {COUNT_TEXT.votes(bar.votes)} · {COUNT_TEXT.percent(bar.share)}
              </span>
            </div>
            <svg className="bar ranked-bar" aria-hidden="true" focusable="false">
              <rect height="100%" width={`${bar.share * 100}%`} />
            </svg>
          </li>
        ))}
      </ol>
      <p className="hint">
        {TEXT.totals(COUNT_TEXT.ballots(ballots), COUNT_TEXT.ballots(final.exhausted))}
        {explained && ` ${TEXT.rule}`}
      </p>
    </section>
  );
}
