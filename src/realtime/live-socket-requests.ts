import { z } from 'zod';
import { toAppError } from '../db/caught-errors';
import { AppError } from '../domain/errors';
import { ballotOfBody, voteSchema } from '../domain/ballot-schema';

/** What a WebSocket client may send on /api/ws (docs/REALTIME.md), checked before anything runs. */

const pollId = z.string({ error: 'poll_id must be text' }).max(64, 'poll_id is too long');
/** The poll's admin token, for a creator's screen: sent in a message, so it stays out of URLs and logs. */
const adminToken = z.string({ error: 'admin_token must be text' }).max(200, 'admin_token is too long').optional();
const eventId = z.string({ error: 'event_id must be text' }).max(64, 'event_id is too long');
const requestId = z.union([z.string().max(100), z.number()], { error: 'request_id must be text or a number' });

const clientMessageSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('subscribe'), poll_id: pollId, admin_token: adminToken }),
    z.object({ type: z.literal('unsubscribe'), poll_id: pollId }),
    // An event's admin token shows its questions' counts whatever they hide, as a poll's does.
    z.object({ type: z.literal('subscribe_event'), event_id: eventId, admin_token: adminToken }),
    z.object({ type: z.literal('unsubscribe_event'), event_id: eventId }),
    z.object({ type: z.literal('refresh'), poll_id: pollId, admin_token: adminToken }),
    // The HTTP vote's ballot ({option_ids}, {option_id}, {ranking} or {answers}), read as voteSchema reads it.
    voteSchema.in
      .safeExtend({ type: z.literal('vote'), poll_id: pollId, request_id: requestId })
      .transform(({ option_id, option_ids, ranking, answers, ...message }) => ({
        ...message,
        ballot: ballotOfBody({ option_id, option_ids, ranking, answers }),
      })),
  ],
  { error: 'type must be subscribe, unsubscribe, refresh, vote, subscribe_event or unsubscribe_event' },
);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

type Parsed = { ok: true; message: ClientMessage } | { ok: false; error: AppError; context: Record<string, unknown> };

/** A refusal keeps the request_id the client sent, if any, so it can match the error to its request. */
export function parseMessage(data: unknown, isBinary: boolean): Parsed {
  if (isBinary) return { ok: false, error: new AppError('invalid_request', 'send text messages'), context: {} };
  let json: unknown;
  try {
    json = JSON.parse(String(data));
  } catch {
    return { ok: false, error: new AppError('invalid_request', 'messages must be JSON'), context: {} };
  }
  const result = clientMessageSchema.safeParse(json);
  if (result.success) return { ok: true, message: result.data };
  const context: Record<string, unknown> = {};
  const requestIdOf = (json as { request_id?: unknown } | null)?.request_id;
  if (typeof requestIdOf === 'string' || typeof requestIdOf === 'number') context.request_id = requestIdOf;
  return { ok: false, error: toAppError(result.error), context };
}
