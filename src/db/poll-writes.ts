import { eq, inArray, sql } from 'drizzle-orm';
import { optionCountProblem, type CreatePollInput, type PollTexts } from '../domain/schemas';
import type { PollWithOptions, ResultsVisibility } from '../domain/polls';
import { maxChoicesOf } from '../kinds';
import type { Database, Db } from './client';
import { violatesUnique } from './errors';
import { pollColumns, toPoll } from './polls';
import { pollOptions, polls } from './schema';

/** What changes a poll: creating it with its options, its state, its texts while it has no ballot, deleting it. */

/** The database draws each poll's join code; one of 887 million is rarely taken, and then it draws again. */
const CODE_DRAWS = 5;

export async function insertPoll(
  database: Database,
  input: CreatePollInput,
  creatorIp: string | null,
  adminTokenHash: string,
): Promise<PollWithOptions> {
  for (let draw = 1; ; draw++) {
    try {
      return await insertPollOnce(database, input, creatorIp, adminTokenHash);
    } catch (error) {
      if (draw >= CODE_DRAWS || !violatesUnique(error, 'polls_code_key')) throw error;
    }
  }
}

function insertPollOnce(
  database: Database,
  input: CreatePollInput,
  creatorIp: string | null,
  adminTokenHash: string,
): Promise<PollWithOptions> {
  return database.db.transaction((tx) => insertPollIn(tx, input, creatorIp, adminTokenHash));
}

/** A poll and its options, in the caller's transaction: a poll alone, or an event's question (src/db/events.ts). */
export async function insertPollIn(
  tx: Db,
  input: CreatePollInput,
  creatorIp: string | null,
  adminTokenHash: string,
): Promise<PollWithOptions> {
  const [row] = await tx
    .insert(polls)
    .values({
      kind: input.kind,
      title: input.title,
      description: input.description,
      category: input.category,
      expiresAt: input.expires_at ?? null,
      voterIdentity: input.voter_identity,
      maxChoices: maxChoicesOf(input.kind, input.max_choices, input.options.length),
      chosenMaxChoices: input.max_choices ?? null,
      resultsVisibility: input.results_visibility,
      listed: input.listed,
      filterProfanity: input.filter_profanity,
      optionCounts: input.options.map(() => 0),
      creatorIp,
      adminTokenHash,
    })
    .returning(pollColumns);
  if (!row) throw new Error('insert into polls returned no row');
  // A text poll has no options (and an insert of no rows is no statement).
  const options =
    input.options.length === 0
      ? []
      : await tx
          .insert(pollOptions)
          .values(input.options.map((optionText, position) => ({ pollId: row.id, optionText, position })))
          .returning({
            id: pollOptions.id,
            option_text: pollOptions.optionText,
            position: pollOptions.position,
          });
  // RETURNING promises no order.
  options.sort((a, b) => a.position - b.position);
  return {
    ...toPoll(row),
    seq: row.seq,
    revision: row.revision,
    options: options.map(({ id, option_text }) => ({ id, option_text, vote_count: 0 })),
  };
}

/** Applies a change and bumps seq in one statement; false when the poll is gone. */
export async function updatePollState(
  database: Database,
  id: string,
  change: {
    isActive?: boolean | undefined;
    expiresAt?: Date | null | undefined;
    resultsVisibility?: ResultsVisibility | undefined;
    listed?: boolean | undefined;
  },
): Promise<boolean> {
  // The builder leaves out what is undefined, so only the fields the change names are set.
  const rows = await database.db
    .update(polls)
    .set({
      isActive: change.isActive,
      expiresAt: change.expiresAt,
      resultsVisibility: change.resultsVisibility,
      listed: change.listed,
      seq: sql`${polls.seq} + 1`,
    })
    .where(eq(polls.id, id))
    .returning({ id: polls.id });
  return rows.length > 0;
}

export type PollEdit = {
  texts: PollTexts;
  state: Parameters<typeof updatePollState>[2];
};

/**
 * Changes a poll's texts (and, in the same transaction, any state the change also names), while
 * it has no ballot. The poll's row is locked first, as the vote batch locks it, so a vote either
 * committed before (and the edit is refused) or is judged after it, against the new options (the
 * batch notices the new revision: src/votes/batch-statement.ts). An option whose text is unchanged keeps
 * its id; the others are replaced. New options set max_choices again from the creator's choice
 * (src/kinds/index.ts, maxChoicesOf). 'has_votes' when a ballot is in; `{ problem }` when its kind
 * cannot have that many options.
 */
export function editPoll(
  database: Database,
  id: string,
  { texts, state }: PollEdit,
): Promise<'edited' | 'not_found' | 'has_votes' | { problem: string }> {
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ totalVotes: polls.totalVotes, chosenMaxChoices: polls.chosenMaxChoices, kind: polls.kind })
      .from(polls)
      .where(eq(polls.id, id))
      .for('update');
    if (!row) return 'not_found';
    if (row.totalVotes > 0) return 'has_votes';
    if (texts.options) {
      const problem = optionCountProblem(row.kind, texts.options.length);
      if (problem) return { problem };
      const current = await tx
        .select({ id: pollOptions.id, text: pollOptions.optionText })
        .from(pollOptions)
        .where(eq(pollOptions.pollId, id));
      const idByText = new Map(current.map((option) => [option.text, option.id]));
      const stays = new Set(texts.options.flatMap((text) => idByText.get(text) ?? []));
      const gone = current.filter((option) => !stays.has(option.id)).map((option) => option.id);
      if (gone.length > 0) await tx.delete(pollOptions).where(inArray(pollOptions.id, gone));
      for (const [position, text] of texts.options.entries()) {
        const sameTextId = idByText.get(text);
        if (sameTextId) await tx.update(pollOptions).set({ position }).where(eq(pollOptions.id, sameTextId));
        else await tx.insert(pollOptions).values({ pollId: id, optionText: text, position });
      }
    }
    await tx
      .update(polls)
      .set({
        title: texts.title,
        description: texts.description,
        category: texts.category,
        optionCounts: texts.options?.map(() => 0),
        maxChoices: texts.options && maxChoicesOf(row.kind, row.chosenMaxChoices, texts.options.length),
        isActive: state.isActive,
        expiresAt: state.expiresAt,
        resultsVisibility: state.resultsVisibility,
        listed: state.listed,
        revision: sql`${polls.revision} + 1`,
        seq: sql`${polls.seq} + 1`,
      })
      .where(eq(polls.id, id));
    return 'edited';
  });
}

export async function deletePollRow(database: Database, id: string): Promise<boolean> {
  const rows = await database.db.delete(polls).where(eq(polls.id, id)).returning({ id: polls.id });
  return rows.length > 0;
}
