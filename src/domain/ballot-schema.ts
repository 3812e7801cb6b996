import { z } from 'zod';
import type { BallotField } from './polls';
import { LIMITS, MOST_OPTIONS, TEXT_MAX_CHOICES, answerTextSchema } from './schemas';

/** The vote's request shape, shared by the API, the WebSocket and the vote form. */

const optionIdOf = (label: string) => z.uuid({ error: `${label} must be the id of one of the poll’s options` });

/** A ballot as sent: the field it came in (after `option_id` became `option_ids`) and its values in the order sent. */
export type Ballot = { field: BallotField; values: string[] };

/** The vote body's fields, one of which holds the ballot. */
type BallotBody = { option_id?: string; option_ids?: string[]; ranking?: string[]; answers?: string[] };

/** The ballot of a body that has passed voteSchema's checks (exactly one field), for the WebSocket's vote too. */
export function ballotOfBody(body: BallotBody): Ballot {
  if (body.ranking) return { field: 'ranking', values: body.ranking };
  if (body.answers) return { field: 'answers', values: body.answers };
  return { field: 'option_ids', values: body.option_ids ?? [body.option_id as string] };
}

/**
 * A ballot: `{option_ids: [...]}`, or `{option_id}` for one option, in a choice poll; `{ranking:
 * [...]}`, most preferred first, in a ranked poll; `{answers: [...]}`, texts, in a text poll. After
 * parsing it is a Ballot; whether its field is the poll's is for the vote to tell.
 */
export const voteSchema = z
  .object({
    option_id: optionIdOf('option_id').optional(),
    option_ids: z
      .array(optionIdOf('each of option_ids'), { error: 'option_ids must be a list of option ids' })
      .min(1, 'choose at least one option')
      .max(LIMITS.maxOptions, `a ballot can choose at most ${LIMITS.maxOptions} options`)
      .optional(),
    ranking: z
      .array(optionIdOf('each of ranking'), { error: 'ranking must be a list of option ids, most preferred first' })
      .min(1, 'rank at least one option')
      .max(MOST_OPTIONS, `a ballot can rank at most ${MOST_OPTIONS} options`)
      .refine((ranking) => new Set(ranking.map((id) => id.toLowerCase())).size === ranking.length, {
        message: 'ranking must not name an option twice',
      })
      .optional(),
    answers: z
      .array(answerTextSchema, { error: 'answers must be a list of texts' })
      .min(1, 'write at least one answer')
      .max(TEXT_MAX_CHOICES.max, `a ballot can hold at most ${TEXT_MAX_CHOICES.max} answers`)
      .optional(),
  })
  .refine(
    (ballot) =>
      [ballot.option_id, ballot.option_ids, ballot.ranking, ballot.answers].filter((field) => field !== undefined)
        .length === 1,
    {
      message:
        'send option_ids (or option_id for a single choice), ranking in a ranked poll or answers in a text poll; one, not both',
    },
  )
  .transform(ballotOfBody);
