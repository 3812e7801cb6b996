import { useFormatter, useTranslations } from '../../../app/_lib/intl';
import type { TieBreak } from '../tally';
import type { RoundTable } from './ranked-view';

/**
 * Every round of a ranked count as a table: a row per option (winner first, then by how far each
 * got), a column per round. Each cell has the option's votes and what it gained from the option
 * eliminated the round before; the round an option is eliminated says so in words. The last rows
 * give the votes transferred and the ballots exhausted. It scrolls sideways, its first column
 * staying in view, when the rounds do not fit.
 */

/** One option's votes in one round: what it gained, and whether it was eliminated then; empty once it is out. */
function RoundCell({ cell }: { cell: RoundTable['rows'][number]['cells'][number] }) {
  const t = useTranslations('RankedResults');
  const format = useFormatter();
  return (
    <td className={cell === null ? 'is-out' : cell.eliminated ? 'is-eliminated' : undefined}>
      {cell && (
        <>
          <span className="ranked-votes">{format.number(cell.votes)}</span>
          {cell.change !== null && cell.change > 0 && (
            <span className="ranked-change">
              <span aria-hidden="true">{format.number(cell.change, { signDisplay: 'always' })}</span>
              <span className="visually-hidden">{t('gainedInWords', { votes: cell.change })}</span>
            </span>
          )}
          {cell.eliminated && <span className="ranked-out-tag">{t('eliminated')}</span>}
        </>
      )}
    </td>
  );
}

/** The note under the table for a round whose tie was broken, by how it was broken. */
const TIE_BREAK_NOTE = {
  previous_round: 'tieBreakPreviousRound',
  random: 'tieBreakRandom',
} as const satisfies Record<TieBreak, string>;

export function RankedRoundTable({ table, names }: { table: RoundTable; names: ReadonlyMap<string, string> }) {
  const t = useTranslations('RankedResults');
  const format = useFormatter();
  const count = (n: number) => format.number(n);
  const rounds = table.exhausted.map((_, r) => r + 1);
  return (
    <>
      <div className="ranked-table-scroll" role="region" aria-label={t('tableCaption')} tabIndex={0}>
        <table className="ranked-table">
          <caption className="visually-hidden">{t('tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('option')}</th>
              {rounds.map((round) => (
                <th key={round} scope="col">
                  {t('round', { round })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.id ?? 'others'} className={row.winner ? 'is-winner' : undefined}>
                <th scope="row">
                  {row.id === null ? (
                    t('others', { count: row.others })
                  ) : (
                    <bdi dir="auto">{names.get(row.id) ?? row.id}</bdi>
                  )}
                  {row.winner && <span className="ranked-winner-tag">{t('winner')}</span>}
                </th>
                {row.cells.map((cell, r) => (
                  <RoundCell key={r} cell={cell} />
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('transferred')}</th>
              {table.transferred.map((votes, r) => (
                <td key={r}>{votes === null ? '' : count(votes)}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">{t('exhausted')}</th>
              {table.exhausted.map((ballots, r) => (
                <td key={r}>{count(ballots)}</td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      {table.tieBreaks.some(Boolean) && (
        <ul className="hint ranked-notes">
          {table.tieBreaks.map((rule, r) => rule && <li key={r}>{t(TIE_BREAK_NOTE[rule], { round: r + 1 })}</li>)}
        </ul>
      )}
    </>
  );
}
