import { useTranslations } from '../../../app/_lib/intl';
import type { RankedResults } from '../tally';
import type { RankedOption } from './ranked-option';
import { RankedFinalRound } from './ranked-final-round';
import { RankedResultsSection } from './ranked-results-section';
import { RankedRoundTable } from './ranked-round-table';
import { RankedTransferFlow } from './ranked-transfer-flow';
import { ballotCount, finalRound, finishingOrder, roundTable, transfers } from './ranked-view';
import './ranked.css';

/**
 * A ranked poll's results: the final round as bars with the winner named, a table of every
 * round, and where each eliminated option's votes went, in the words of the `RankedResults`
 * messages (messages/kinds). A live component re-renders it with each new count. Hidden results
 * (`null`) show nothing of the counts; the page says why.
 */

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
  // One transfer, the latest: with the top 8 it is what a 1280×720 screen holds without scrolling
  // (the screen asks for fewer bars while long names wrap: `bars`).
  presenter: { bars: 8, tableRows: null, flowTargets: 3, flowSteps: 1, folded: false },
};

export type RankedResultsViewProps = {
  /** The count (`results` of a ranked poll), or null where the poll hides it from this viewer. */
  results: RankedResults | null;
  options: readonly RankedOption[];
  variant?: RankedResultsVariant;
  /** The level of this view's headings, under the page's own (default 3). */
  headingLevel?: 2 | 3 | 4;
  /** How many bars the final round may have, "others" included, where fewer fit than the variant's. */
  bars?: number | undefined;
};

export function RankedResultsView({
  results,
  options,
  variant = 'page',
  headingLevel = 3,
  bars,
}: RankedResultsViewProps) {
  const t = useTranslations('RankedResults');
  if (results === null) return null;
  const layout = { ...LAYOUT[variant], bars: Math.min(bars ?? Infinity, LAYOUT[variant].bars) };
  const ballots = ballotCount(results);
  if (ballots === 0) return <p className={`ranked-results ranked-${variant} ranked-none`}>{t('noBallots')}</p>;

  const optionIds = options.map((option) => option.id);
  const names = new Map(options.map((option) => [option.id, option.option_text]));
  const steps = transfers(results, layout.flowTargets);
  const shownSteps = variant === 'presenter' ? steps.slice(-layout.flowSteps) : steps;

  return (
    <div className={`ranked-results ranked-${variant}`}>
      <RankedFinalRound
        final={finalRound(results, optionIds, layout.bars)!}
        rounds={results.rounds.length}
        ballots={ballots}
        names={names}
        headingLevel={headingLevel}
        explained={variant === 'page'}
      />

      {layout.tableRows !== null && (
        <RankedResultsSection
          className="ranked-rounds"
          title={t('everyRound')}
          folded={layout.folded}
          headingLevel={headingLevel}
        >
          <RankedRoundTable table={roundTable(results, optionIds, layout.tableRows)} names={names} />
        </RankedResultsSection>
      )}

      {shownSteps.length > 0 && (
        <RankedResultsSection
          className="ranked-transfers"
          title={t('flow')}
          folded={layout.folded}
          headingLevel={headingLevel}
        >
          <RankedTransferFlow
            steps={shownSteps}
            names={names}
            finishingOrder={finishingOrder(results, optionIds)}
            openSteps={layout.flowSteps}
          />
        </RankedResultsSection>
      )}
    </div>
  );
}
