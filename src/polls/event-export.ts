import type { Database } from '../db/client';
import { openPollExport, type PollExportReader } from '../db/poll-export';
import type { EventDetails } from '../domain/events';
import { kindOf } from '../kinds';
import { csvRecord, exportText } from './poll-export';

/**
 * An event's export for its creator (docs/API.md, "Events"): each question's poll export, one
 * question after the other, each read as the poll's own export reads it (one page of ballots in
 * memory, one database connection at a time). JSON holds every question's results and ballots;
 * CSV holds every question's results in one table, since the questions' ballots have no columns
 * in common.
 */

export type EventExportFormat = 'json' | 'csv';

export const eventExportFileName = (code: string, format: EventExportFormat) =>
  format === 'json' ? `event-${code}.json` : `event-${code}-results.csv`;

/** The export's pieces, and what closes the question export open when the client leaves halfway. */
export function eventExport(
  database: Database,
  { event, questions }: EventDetails,
  format: EventExportFormat,
  exportedAt: Date,
): { pieces: AsyncGenerator<string, void, undefined>; close(): Promise<void> } {
  let open: PollExportReader | undefined;
  let closed = false;
  const close = async () => {
    closed = true;
    await open?.close();
    open = undefined;
  };

  /** Each question's reader in turn, closed once its pieces were taken; questions deleted meanwhile are left out. */
  async function* readers(ballots: boolean): AsyncGenerator<PollExportReader, void, undefined> {
    for (const question of questions) {
      if (closed) return;
      open = await openPollExport(database, question.id, { ballots });
      if (!open) continue;
      try {
        yield open;
      } finally {
        await open?.close();
        open = undefined;
      }
    }
  }

  async function* json(): AsyncGenerator<string, void, undefined> {
    const opening = { exported_at: exportedAt.toISOString(), event };
    yield `${JSON.stringify(opening).slice(0, -1)},"questions":[\n`;
    let separator = '';
    for await (const reader of readers(true)) {
      for await (const piece of exportText(reader, { format: 'json' }, exportedAt)) {
        yield separator + piece;
        separator = '';
      }
      separator = ',';
    }
    yield ']}\n';
  }

  async function* csv(): AsyncGenerator<string, void, undefined> {
    yield '\uFEFF' + csvRecord(['question', 'title', 'kind', 'option', 'votes', 'hidden', 'held']);
    let position = 0;
    for await (const { head } of readers(false)) {
      position++;
      const cells = [String(position), head.poll.title, head.poll.kind];
      const rows =
        kindOf(head.poll.kind).values === 'answers'
          ? head.answers.map((group) => [group.text, String(group.count), String(group.hidden), String(group.held)])
          : head.options.map((option) => [option.option_text, String(option.votes), '', '']);
      yield rows.map((row) => csvRecord([...cells, ...row])).join('');
    }
  }

  return { pieces: format === 'json' ? json() : csv(), close };
}
