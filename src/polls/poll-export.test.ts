import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { pollExportSchema } from '../api/responses';
import type { BallotRow, PollExportReader } from '../db/poll-export';
import type { Poll } from '../domain/polls';
import { csvField, csvRecord, exportText, type ExportRequest, type PollExport } from './poll-export';

describe('a CSV field', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1 555 0100', "'+1 555 0100"],
    ['-5 degrees', "'-5 degrees"],
    ['@channel', "'@channel"],
    ['\tindented', "'\tindented"],
  ])('makes %j text that no spreadsheet runs as a formula', (text, field) => {
    expect(csvField(text)).toBe(field);
  });

  it('leaves a field that only holds such a character further in as it is', () => {
    expect(csvField('a=b+c-d@e')).toBe('a=b+c-d@e');
    expect(csvField(' =1')).toBe(' =1');
  });

  it('quotes a field with a comma, a quote or a line break, doubling its quotes (RFC 4180)', () => {
    expect(csvField('Pizza, please')).toBe('"Pizza, please"');
    expect(csvField('the "good" one')).toBe('"the ""good"" one"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('Crème brûlée 🍮')).toBe('Crème brûlée 🍮');
  });

  it('defuses before quoting, so the apostrophe is inside the quotes', () => {
    expect(csvField('=HYPERLINK("http://x.example","click")')).toBe('"\'=HYPERLINK(""http://x.example"",""click"")"');
    expect(csvField('\rx')).toBe('"\'\rx"');
  });

  it('ends a record with CRLF', () => {
    expect(csvRecord(['a', 'b,c', '=1'])).toBe('a,"b,c",\'=1\r\n');
  });
});

const POLL: Poll = {
  id: '11111111-1111-4111-8111-111111111111',
  title: 'Lunch?',
  description: null,
  kind: 'choice',
  filter_profanity: false,
  category: null,
  created_at: '2024-05-01T11:00:00.000Z',
  expires_at: '2024-05-01T13:00:00.000Z',
  is_active: true,
  total_votes: 2,
  voter_identity: 'address',
  max_choices: 2,
  results_visibility: 'creator',
  code: 'K7P2QX',
  listed: false,
};
const OPTIONS = [
  { id: 'aaaaaaaa-0000-4000-8000-000000000001', option_text: '=cmd', votes: 1 },
  { id: 'aaaaaaaa-0000-4000-8000-000000000002', option_text: 'Sushi, fresh', votes: 2 },
];

/** A reader over ballots held in memory, handed out two at a time. */
function readerOf(ballots: BallotRow[], poll: Poll = POLL): PollExportReader {
  let at = 0;
  return {
    head: { poll, options: OPTIONS, answers: [] },
    nextBallots: async () => ballots.slice(at, (at += 2)),
    close: async () => undefined,
  };
}

const BALLOTS: BallotRow[] = [
  { voted_at: '2024-05-01T12:00:00.123456Z', values: [OPTIONS[1]!.id, OPTIONS[0]!.id] },
  { voted_at: '2024-05-01T12:00:01.000001Z', values: [OPTIONS[1]!.id] },
];

async function textOf(request: ExportRequest, ballots = BALLOTS, poll = POLL): Promise<string[]> {
  const pieces: string[] = [];
  for await (const piece of exportText(readerOf(ballots, poll), request, new Date('2024-05-01T14:00:00.000Z'))) {
    pieces.push(piece);
  }
  return pieces;
}

describe('the export text', () => {
  it('writes one CSV row per ballot: its time, then 1 or 0 under each option', async () => {
    const text = (await textOf({ format: 'csv', part: 'ballots' })).join('');
    expect(text).toBe(
      '\uFEFFvoted_at (UTC),\'=cmd,"Sushi, fresh"\r\n' +
        '2024-05-01 12:00:00.123,1,1\r\n' +
        '2024-05-01 12:00:01.000,0,1\r\n',
    );
  });

  it('writes the CSV results as one row per option', async () => {
    const text = (await textOf({ format: 'csv', part: 'results' })).join('');
    expect(text).toBe('\uFEFFoption,votes\r\n\'=cmd,1\r\n"Sushi, fresh",2\r\n');
  });

  it('writes JSON that parses to the documented shape, choices in the poll’s order', async () => {
    const document = JSON.parse((await textOf({ format: 'json' })).join('')) as PollExport;
    expect(pollExportSchema.parse(document)).toEqual(document);
    expect(document.exported_at).toBe('2024-05-01T14:00:00.000Z');
    // Presented as at the export: the end time had passed, so the poll reads as closed.
    expect(document.poll).toEqual({ ...POLL, is_active: false });
    expect(document.results).toEqual([
      { option_id: OPTIONS[0]!.id, option_text: '=cmd', votes: 1 },
      { option_id: OPTIONS[1]!.id, option_text: 'Sushi, fresh', votes: 2 },
    ]);
    expect(document.ballots).toEqual([
      {
        voted_at: '2024-05-01T12:00:00.123Z',
        option_ids: [OPTIONS[0]!.id, OPTIONS[1]!.id],
        options: ['=cmd', 'Sushi, fresh'],
      },
      { voted_at: '2024-05-01T12:00:01.000Z', option_ids: [OPTIONS[1]!.id], options: ['Sushi, fresh'] },
    ]);
  });

  it('writes valid JSON for a poll without ballots', async () => {
    const document = JSON.parse((await textOf({ format: 'json' }, [])).join('')) as PollExport;
    expect(document.ballots).toEqual([]);
  });

  it('gives one piece per page of ballots, so the next page is read only when asked for', async () => {
    const four = [...BALLOTS, ...BALLOTS];
    expect(await textOf({ format: 'csv', part: 'ballots' }, four)).toHaveLength(2);
    // The last piece closes the document.
    expect(await textOf({ format: 'json' }, four)).toHaveLength(3);
    expect(await textOf({ format: 'csv', part: 'ballots' }, [])).toEqual([
      '\uFEFFvoted_at (UTC),\'=cmd,"Sushi, fresh"\r\n',
    ]);
  });

  it('refuses a ballot naming an option the poll does not have', async () => {
    const stray = [{ voted_at: BALLOTS[0]!.voted_at, values: ['bbbbbbbb-0000-4000-8000-000000000000'] }];
    await expect(textOf({ format: 'json' }, stray)).rejects.toThrow(/does not have/);
  });

  it('is described by the schema the OpenAPI document gives it', () => {
    expectTypeOf<z.output<typeof pollExportSchema>>().toEqualTypeOf<PollExport>();
  });
});

describe('the export of a ranked poll', () => {
  const RANKED: Poll = { ...POLL, kind: 'ranked', max_choices: 2 };
  // Ballots come from the reads in rank order: Sushi first, then =cmd.
  const ranked = (request: ExportRequest) => textOf(request, BALLOTS, RANKED);

  it('writes one CSV row per ballot: its time, its number, then the option text at each rank', async () => {
    expect((await ranked({ format: 'csv', part: 'ballots' })).join('')).toBe(
      '\uFEFFvoted_at (UTC),ballot,rank 1,rank 2\r\n' +
        '2024-05-01 12:00:00.123,1,"Sushi, fresh",\'=cmd\r\n' +
        '2024-05-01 12:00:01.000,2,"Sushi, fresh",\r\n',
    );
  });

  it('writes each JSON ballot as its ranking, most preferred first', async () => {
    const document = JSON.parse((await ranked({ format: 'json' })).join('')) as PollExport;
    expect(pollExportSchema.parse(document)).toEqual(document);
    expect(document.poll.kind).toBe('ranked');
    expect(document.ballots).toEqual([
      {
        voted_at: '2024-05-01T12:00:00.123Z',
        ranking: [OPTIONS[1]!.id, OPTIONS[0]!.id],
        options: ['Sushi, fresh', '=cmd'],
      },
      { voted_at: '2024-05-01T12:00:01.000Z', ranking: [OPTIONS[1]!.id], options: ['Sushi, fresh'] },
    ]);
  });
});
