import type { RoundTable } from './ranked-view';
import { COUNT_TEXT } from './ranked-view';

/**
 * Every round of a ranked count as a table: a row per option (winner first, then by how far each
 * got), a column per round. Each cell has the option's votes and what it gained from the option
 * eliminated the round before; the round an option is eliminated says so in words. The last rows
 * give the votes transferred and the ballots exhausted. It scrolls sideways, its first column
 * staying in view, when the rounds do not fit.
 */

const TEXT = {
  caption: 'Votes for each option in every round',
  option: 'Option',
  round: (round: number) => `Round ${round}`,
  winner: 'Winner',
  eliminated: 'Eliminated',
  gained: (votes: string) => `+${votes}`,
  gainedInWords: (votes: string) => `, ${votes} transferred in`,
  others: (count: number) => `${count} others`,
  transferred: 'Votes transferred',
  exhausted: 'Exhausted ballots',
  tieBreaks: {
    previous_round: (round: number) =>
      `Round ${round}: a tie was broken by an earlier round, in which one of the tied options had fewer votes.`,
    random: (round: number) =>
      `Round ${round}: a tie was broken by a draw seeded from the poll, as the options were tied in every earlier round too.`,
  },
};

export function RankedRoundTable({ table, names }: { table: RoundTable; names: ReadonlyMap<string, string> }) {
  const rounds = table.exhausted.map((_, r) => r + 1);
  return (
    <>
      <div className="ranked-table-scroll" role="region" aria-label={TEXT.caption} tabIndex={0}>
        <table className="ranked-table">
          <caption className="visually-hidden">{TEXT.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{TEXT.option}</th>
              {rounds.map((round) => (
                <th key={round} scope="col">
                  {TEXT.round(round)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.id ?? 'others'} className={row.winner ? 'is-winner' : undefined}>
                <th scope="row">
                  {row.id === null ? TEXT.others(row.others) : (names.get(row.id) ?? row.id)}
                  {row.winner && <span className="ranked-winner-tag">{TEXT.winner}</span>}
                </th>
                {row.cells.map((cell, r) => (
                  <td key={r} className={cell === null ? 'is-out' : cell.eliminated ? 'is-eliminated' : undefined}>
                    {cell && (
                      <>
                        <span className="ranked-votes">{COUNT_TEXT.count(cell.votes)}</span>
                        {cell.change !== null && cell.change > 0 && (
                          <span className="ranked-change">
                            <span aria-hidden="true">{TEXT.gained(COUNT_TEXT.count(cell.change))}</span>
                            <span className="visually-hidden">{TEXT.gainedInWords(COUNT_TEXT.count(cell.change))}</span>
                          </span>
                        )}
                        {cell.eliminated && <span className="ranked-out-tag">{TEXT.eliminated}</span>}
                      </>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{TEXT.transferred}</th>
              {table.transferred.map((votes, r) => (
                <td key={r}>{votes === null ? '' : COUNT_TEXT.count(votes)}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">{TEXT.exhausted}</th>
              {table.exhausted.map((ballots, r) => (
                <td key={r}>{COUNT_TEXT.count(ballots)}</td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      {table.tieBreaks.some(Boolean) && (
        <ul className="hint ranked-notes">
          {table.tieBreaks.map((rule, r) => rule && <li key={r}>{TEXT.tieBreaks[rule](r + 1)}</li>)}
        </ul>
      )}
    </>
  );
}
