import type { RankedResults } from '../tally';
import type { RankedOption } from './ranked-option';
import { RankedRoundTable } from './ranked-round-table';
import { RankedTransferFlow } from './ranked-transfer-flow';
import { ballotCount, COUNT_TEXT, finalRound, finishingOrder, roundTable, transfers } from './ranked-view';
import './ranked.css';

/**
 * A ranked poll's results: the final round as bars with the winner named, a table of every
 * round, and where each eliminated option's votes went. No hooks, so the server renders it and a
 * live component re-renders it with each new count. Hidden results (`null`) show nothing of the
 * counts; the page says why.
 */

const TEXT = {
  finalRound: 'Final round',
  roundOf: (round: number, of: number) => `Round ${round} of ${of}`,
  everyRound: 'Every round',
  flow: 'Where the votes went',
  noBallots: 'No ballots yet',
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

type RankedResultsVariant = 'page' | 'presenter' | 'embed';

/**
 * How much each place shows. The page shows every option, open; the embed is compact, its rounds
 * and transfers folded away; the presenter screen, read across a room, shows the top options in
 * large type and the last transfer, without the table of every round.
 */
const LAYOUT: Record<
  RankedResultsVariant,
  { bars: number; tableRows: number | null; flowTargets: number; flowSteps: number; folded: boolean }
> = {
  page: { bars: Infinity, tableRows: Infinity, flowTargets: 4, flowSteps: 6, folded: false },
  embed: { bars: 5, tableRows: 6, flowTargets: 3, flowSteps: 3, folded: true },
  // One transfer, the latest: with the top 8 it is what a 1280×720 screen holds without scrolling.
  presenter: { bars: 8, tableRows: null, flowTargets: 3, flowSteps: 1, folded: false },
};

export type RankedResultsViewProps = {
  /** The count (`results` of a ranked poll), or null where the poll hides it from this viewer. */
  results: RankedResults | null;
  options: readonly RankedOption[];
  variant?: RankedResultsVariant;
  /** The level of this view's headings, under the page's own (default 3). */
  headingLevel?: 2 | 3 | 4;
};

export function RankedResultsView({ results, options, variant = 'page', headingLevel = 3 }: RankedResultsViewProps) {
  if (results === null) return null;
  const layout = LAYOUT[variant];
  const Heading = `h${headingLevel}` as const;
  const ballots = ballotCount(results);
  if (ballots === 0) return <p className={`ranked-results ranked-${variant} ranked-none`}>{TEXT.noBallots}</p>;

  const optionIds = options.map((option) => option.id);
  const names = new Map(options.map((option) => [option.id, option.option_text]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const final = finalRound(results, optionIds, layout.bars)!;
  const winner = final.bars.find((bar) => bar.winner);
  const steps = transfers(results, layout.flowTargets);
  const shownSteps = variant === 'presenter' ? steps.slice(-layout.flowSteps) : steps;

  const table = layout.tableRows !== null && (
    <RankedRoundTable table={roundTable(results, optionIds, layout.tableRows)} names={names} />
  );
  const flow = shownSteps.length > 0 && (
    <RankedTransferFlow
      steps={shownSteps}
      names={names}
      finishingOrder={finishingOrder(results, optionIds)}
      openSteps={layout.flowSteps}
    />
  );

  return (
    <div className={`ranked-results ranked-${variant}`}>
      <section className="ranked-final">
        <Heading>
          {TEXT.finalRound} <span className="ranked-round-of">{TEXT.roundOf(final.round, results.rounds.length)}</span>
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
          {variant === 'page' && ` ${TEXT.rule}`}
        </p>
      </section>

      {table && (
        <section className="ranked-rounds">
          {layout.folded ? (
            <details>
              <summary>{TEXT.everyRound}</summary>
              {table}
            </details>
          ) : (
            <>
              <Heading>{TEXT.everyRound}</Heading>
              {table}
            </>
          )}
        </section>
      )}

      {flow && (
        <section className="ranked-transfers">
          {layout.folded ? (
            <details>
              <summary>{TEXT.flow}</summary>
              {flow}
            </details>
          ) : (
            <>
              <Heading>{TEXT.flow}</Heading>
              {flow}
            </>
          )}
        </section>
      )}
    </div>
  );
}
