import { z } from 'zod';
import type { BallotRow, ExportedAnswer, ExportHead, PollExportReader } from '../db/poll-export';
import type { Poll } from '../domain/polls';
import { kindOf } from '../kinds';
import { presentPoll } from './present-poll';

/**
 * What a poll's export says and how it is written (docs/API.md, "Export"): CSV for spreadsheets,
 * JSON for programs. Nothing here knows a voter: a ballot is its time and its choices.
 */

/** The query of the CSV export: one ballot per row (the default), or the count per option (or group of answers). */
export const csvExportQuerySchema = z.object({
  part: z.enum(['ballots', 'results']).default('ballots'),
});

type CsvPart = z.output<typeof csvExportQuerySchema>['part'];
export type ExportRequest = { format: 'json' } | { format: 'csv'; part: CsvPart };

type ExportedResult = { option_id: string; option_text: string; votes: number };
/** A choice ballot's options in the poll's order; a ranked ballot's `ranking`, most preferred first; a text ballot's answers. */
type ExportedBallot =
  | { voted_at: string; option_ids: string[]; options: string[] }
  | { voted_at: string; ranking: string[]; options: string[] }
  | { voted_at: string; answers: string[] };
/**
 * The JSON export, as one value (it is written piece by piece). A text poll's `results` are its
 * groups of answers, hidden and held ones too, marked.
 */
export type PollExport = {
  exported_at: string;
  poll: Poll;
  results: ExportedResult[] | ExportedAnswer[];
  ballots: ExportedBallot[];
};

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
/** Excel reads a CSV file without it in the computer's legacy code page, garbling every non-ASCII letter. */
const BYTE_ORDER_MARK = '\uFEFF';
const CSV_TIME_HEADER = 'voted_at (UTC)';

/** A spreadsheet runs a cell that starts with one of these as a formula (or as the start of one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): defused when a spreadsheet would read it as a formula (a leading
 * apostrophe makes it text), and quoted when it holds a comma, a quote or a line break.
 */
export function csvField(text: string): string {
  const defused = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(defused) ? `"${defused.replaceAll('"', '""')}"` : defused;
}

/** One CSV record, ended by CRLF as RFC 4180 asks. */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** `2024-05-01 12:00:00.123` from `2024-05-01T12:00:00.123456Z`: a form spreadsheets read as a date and time. */
const spreadsheetTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
/** To the millisecond, as every instant in the API. */
const apiTime = (iso: string) => `${iso.slice(0, 23)}Z`;

export function exportFileName(poll: Pick<Poll, 'code'>, request: ExportRequest): string {
  if (request.format === 'json') return `poll-${poll.code}.json`;
  return request.part === 'results' ? `poll-${poll.code}-results.csv` : `poll-${poll.code}.csv`;
}

/**
 * A ballot as the JSON export writes it: a choice ballot's options in the poll's order, a ranked
 * ballot's in its own (the order the reads give them in), each with its option texts.
 */
function exportedBallotOf(head: ExportHead): (ballot: BallotRow) => ExportedBallot {
  const { ordered, values } = kindOf(head.poll.kind);
  if (values === 'answers') return (ballot) => ({ voted_at: apiTime(ballot.voted_at), answers: ballot.values });
  const positions = new Map(head.options.map((option, i) => [option.id, i]));
  const positionOf = (id: string) => {
    const position = positions.get(id);
    if (position === undefined) throw new Error(`a ballot chose option ${id}, which its poll does not have`);
    return position;
  };
  return (ballot) => {
    const chosen = ballot.values.map(positionOf);
    if (!ordered) chosen.sort((a, b) => a - b);
    const ids = chosen.map((position) => head.options[position]!.id);
    const options = chosen.map((position) => head.options[position]!.option_text);
    const voted_at = apiTime(ballot.voted_at);
    return ordered ? { voted_at, ranking: ids, options } : { voted_at, option_ids: ids, options };
  };
}

/**
 * The export's text, piece by piece: one piece per page of ballots (the first opening with the
 * header, or the poll and its results), so the caller pulls the next page only when the last
 * piece was taken, and the first piece has been through every kind of read the export makes.
 */
export async function* exportText(
  reader: PollExportReader,
  request: ExportRequest,
  exportedAt: Date,
): AsyncGenerator<string, void, undefined> {
  const { head } = reader;
  if (request.format === 'csv' && request.part === 'results') {
    yield BYTE_ORDER_MARK + resultsCsv(head);
    return;
  }
  if (request.format === 'csv') {
    // The kind's columns: 1 or 0 per option for a choice poll, `ballot, rank 1 … rank N` for a ranked one.
    const table = kindOf(head.poll.kind).exportTable(head.options, head.poll.max_choices);
    let text = BYTE_ORDER_MARK + csvRecord([CSV_TIME_HEADER, ...table.header]);
    let ballots = 0;
    for (let page = await reader.nextBallots(); page.length > 0; page = await reader.nextBallots()) {
      for (const ballot of page) {
        text += csvRecord([spreadsheetTime(ballot.voted_at), ...table.cells(++ballots, ballot.values)]);
      }
      yield text;
      text = '';
    }
    if (text) yield text;
    return;
  }
  const results: PollExport['results'] =
    kindOf(head.poll.kind).values === 'answers'
      ? head.answers
      : head.options.map((option) => ({ option_id: option.id, option_text: option.option_text, votes: option.votes }));
  const opening = { exported_at: exportedAt.toISOString(), poll: presentPoll(head.poll, exportedAt), results };
  // The opening object's text without its closing brace, then the ballots one per line.
  let text = `${JSON.stringify(opening).slice(0, -1)},"ballots":[`;
  let separator = '\n';
  const exportedBallot = exportedBallotOf(head);
  for (let page = await reader.nextBallots(); page.length > 0; page = await reader.nextBallots()) {
    for (const ballot of page) {
      text += separator + JSON.stringify(exportedBallot(ballot));
      separator = ',\n';
    }
    yield text;
    text = '';
  }
  yield `${text}\n]}\n`;
}

/** `option,votes` per option; a text poll's `answer,count,hidden,held` per group of answers, most given first. */
function resultsCsv(head: ExportHead): string {
  if (kindOf(head.poll.kind).values === 'answers') {
    const rows = head.answers.map((group) =>
      csvRecord([group.text, String(group.count), String(group.hidden), String(group.held)]),
    );
    return csvRecord(['answer', 'count', 'hidden', 'held']) + rows.join('');
  }
  const rows = head.options.map((option) => csvRecord([option.option_text, String(option.votes)]));
  return csvRecord(['option', 'votes']) + rows.join('');
}
