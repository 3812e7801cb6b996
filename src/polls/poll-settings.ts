import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { polls } from '../db/schema';
import type { Poll } from '../domain/polls';

/**
 * What the vote path must know about a poll before a ballot is written: whose ballot it is
 * (address or browser), its kind, how many options (or answers) it may hold and whether it filters
 * profanity. All are fixed when the poll is created, so each instance keeps them in memory once
 * read, and a vote costs no read for them.
 */

export type PollSettings = Pick<Poll, 'voter_identity' | 'max_choices' | 'kind' | 'filter_profanity'>;

/** Enough for the polls being voted on at any one time; the oldest entry goes first. */
const REMEMBERED = 10_000;

export function createPollSettings(database: Database) {
  const known = new Map<string, PollSettings>();
  const read = database.db
    .select({
      voter_identity: polls.voterIdentity,
      max_choices: polls.maxChoices,
      kind: polls.kind,
      filter_profanity: polls.filterProfanity,
    })
    .from(polls)
    .where(eq(polls.id, sql.placeholder('id')))
    .prepare('pollcast_poll_settings');

  return async function pollSettings(pollId: string): Promise<PollSettings | undefined> {
    const remembered = known.get(pollId);
    if (remembered) return remembered;
    const [row] = await read.execute({ id: pollId });
    if (!row) return undefined;
    if (known.size >= REMEMBERED) known.delete(known.keys().next().value as string);
    known.set(pollId, row);
    return row;
  };
}

export type PollSettingsReader = ReturnType<typeof createPollSettings>;
