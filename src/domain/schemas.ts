import { z } from 'zod';

/** Request shapes, one schema each, shared by the API and the web forms. */

export const LIMITS = {
  title: 255,
  option: 255,
  description: 2000,
  category: 100,
  minOptions: 2,
  maxOptions: 20,
} as const;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

const futureInstant = z
  .string({ error: 'expires_at must be an ISO-8601 date and time' })
  .refine((value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: 'expires_at must be an ISO-8601 date and time',
  })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() > Date.now(), { message: 'expires_at must be in the future' });

export const createPollSchema = z.object({
  title: text('title', LIMITS.title),
  description: z
    .string({ error: 'description must be text' })
    .trim()
    .max(LIMITS.description, `description must be at most ${LIMITS.description} characters`)
    .optional()
    .nullable()
    .transform((value) => value || null),
  options: z
    .array(text('each option', LIMITS.option), { error: 'options must be a list of texts' })
    .min(LIMITS.minOptions, `a poll needs at least ${LIMITS.minOptions} options`)
    .max(LIMITS.maxOptions, `a poll can have at most ${LIMITS.maxOptions} options`)
    .refine((options) => new Set(options.map((o) => o.toLowerCase())).size === options.length, {
      message: 'options must be different from each other',
    }),
  category: z
    .string({ error: 'category must be text' })
    .trim()
    .max(LIMITS.category, `category must be at most ${LIMITS.category} characters`)
    .optional()
    .nullable()
    .transform((value) => value || null),
  expires_at: futureInstant.optional().nullable(),
});
export type CreatePollInput = z.infer<typeof createPollSchema>;

export const updatePollSchema = z
  .object({
    is_active: z.boolean({ error: 'is_active must be true or false' }).optional(),
    expires_at: futureInstant.nullable().optional(),
  })
  .refine((body) => body.is_active !== undefined || body.expires_at !== undefined, {
    message: 'send is_active, expires_at or both',
  });
export type UpdatePollInput = z.infer<typeof updatePollSchema>;

export const uuidSchema = z.uuid();
export const isUuid = (value: unknown): value is string => uuidSchema.safeParse(value).success;

export const voteSchema = z.object({
  option_id: z.uuid({ error: 'option_id must be the id of one of the poll’s options' }),
});

export const listPollsQuerySchema = z.object({
  page: z.coerce.number({ error: 'page must be a whole number from 1' }).int().min(1).max(100_000).default(1),
  limit: z.coerce.number({ error: 'limit must be a whole number from 1 to 100' }).int().min(1).max(100).default(20),
  category: z
    .string()
    .trim()
    .max(LIMITS.category)
    .optional()
    .transform((value) => value || undefined),
});

export const trendingQuerySchema = z.object({
  limit: z.coerce.number({ error: 'limit must be a whole number from 1 to 50' }).int().min(1).max(50).default(10),
});
