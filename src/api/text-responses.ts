import { z } from 'zod';

/**
 * A text poll's results and its creator's moderation lists (src/kinds/text/results.ts) as zod
 * schemas; responses.ts names them for the OpenAPI document.
 */

const count = z.number().int().min(0);

const answerCountSchema = z.object({
  text: z.string().describe('the most-used spelling of the group of answers'),
  count: count.describe('ballots that gave an answer of this group'),
});

/** A text poll's results (src/kinds/text/results.ts; docs/decisions/0013-open-text-answers.md). */
export const textResultsSchema = z
  .object({
    answers: z
      .array(answerCountSchema)
      .max(100)
      .describe('the 100 answers given most, most first; ties: the first given first'),
    distinct: count.describe('how many different answers (groups) show, hidden and held ones left out'),
  })
  .describe(
    'the answers of a text poll, grouped: answers differing only in case, width, spaces, trailing punctuation or look-alike letters count as one; answers hidden by the creator or held by the profanity filter are left out',
  );

export const answerModerationSchema = z
  .object({
    hidden: z.array(answerCountSchema).max(100).describe('answers the creator hid, most given first'),
    held: z.array(answerCountSchema).max(100).describe('answers the profanity filter holds back, most given first'),
  })
  .describe('a text poll’s answers left out of its results; for the creator only (admin token)');

/** A text poll's groups in its export: every one, hidden and held ones marked. */
export const exportedAnswersSchema = z
  .array(
    z.object({
      text: z.string().describe('the most-used spelling of the group'),
      count,
      hidden: z.boolean().describe('the creator hid it from the results'),
      held: z.boolean().describe('the profanity filter holds it back from the results'),
    }),
  )
  .describe('a text poll’s every group of answers with a ballot, most given first');
