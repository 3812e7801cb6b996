import { z } from 'zod';

/**
 * The RCTab summary answer (src/kinds/ranked/rctab-export.ts) as a zod schema; responses.ts names
 * it for the OpenAPI document.
 */

/** Counts as RCTab writes them: text, keyed by option text (or `exhausted`). */
const rctabCounts = z.record(z.string(), z.string().regex(/^\d+$/));

/** `GET /api/polls/{id}/export.rctab.json`: RCTab's summary JSON, `jsonFormatVersion` 1. */
export const rctabSummarySchema = z
  .object({
    config: z.object({
      contest: z.string().describe('the poll’s title'),
      date: z.string().describe('the day the poll was created, YYYY-MM-DD'),
      generatedBy: z.string().describe('`pollcast`'),
      jurisdiction: z.string(),
      office: z.string(),
    }),
    jsonFormatVersion: z.literal('1'),
    results: z.array(
      z.object({
        inactiveBallots: z.object({
          exhaustedChoices: z.string(),
          overvotes: z.string(),
          repeatedRankings: z.string(),
          skippedRankings: z.string(),
        }),
        round: z.number().int().min(1),
        tally: rctabCounts.describe('votes of each option still in the count, by option text'),
        tallyResults: z.array(
          z.union([
            z.object({ eliminated: z.string(), transfers: rctabCounts }),
            z.object({ elected: z.string(), transfers: rctabCounts }),
          ]),
        ),
        threshold: z.string(),
      }),
    ),
    summary: z.object({
      finalThreshold: z.string(),
      numCandidates: z.number().int(),
      numWinners: z.number().int(),
      totalNumBallots: z.string(),
      undervotes: z.number().int(),
    }),
  })
  .describe('a ranked poll’s count in the summary format RCTab writes (RCVis and RCTab read it)');
