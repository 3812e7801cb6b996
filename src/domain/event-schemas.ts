import { z } from 'zod';
import { MAX_EVENT_QUESTIONS } from './events';
import { createPollSchema, titleSchema } from './schemas';

/** The request shapes of events (docs/API.md, "Events"): each question is the body of a new poll. */

const questionsSchema = <T extends z.ZodType>(item: T) =>
  z
    .array(item, { error: 'questions must be a list' })
    .min(1, 'an event needs at least one question')
    .max(MAX_EVENT_QUESTIONS, `an event can have at most ${MAX_EVENT_QUESTIONS} questions`);

/** A new event: its title and its questions in order, each the body of a new poll. */
export const createEventSchema = z.object({
  title: titleSchema,
  questions: questionsSchema(createPollSchema),
});
export type CreateEventInput = z.output<typeof createEventSchema>;

/**
 * A change to an event: where the audience is (`current`, an index or null for "waiting"), the
 * whole new list of questions (an existing question's id keeps it, a poll body adds one, a
 * question left out is removed), or its end. Absent fields stay as they are.
 */
export const updateEventSchema = z
  .object({
    current: z
      .number({ error: 'current must be a question’s index (from 0) or null' })
      .int('current must be a whole number')
      .min(0, 'current must be at least 0')
      .nullable()
      .optional(),
    questions: questionsSchema(
      z.union([z.uuid({ error: 'each question must be an existing question’s id or a new poll' }), createPollSchema]),
    ).optional(),
    ended: z.literal(true, { error: 'ended can only be true: an event that ended stays ended' }).optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'send at least one of current, questions, ended',
  });
export type UpdateEventInput = z.output<typeof updateEventSchema>;
