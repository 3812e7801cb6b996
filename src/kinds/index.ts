import type { PollKind } from '../domain/polls';
import { choice } from './choice';
import type { BallotKind } from './kind';
import { ranked } from './ranked';
import { text } from './text';

/** Every kind of ballot by name: the one list a new kind joins. */
const KINDS: Record<PollKind, BallotKind> = { choice, ranked, text };

/** The kind of a poll, by the name it stores. */
export function kindOf(name: PollKind): BallotKind {
  return KINDS[name];
}

/**
 * How many options one ballot may choose (or rank): the number the creator chose, or the kind's
 * default where they chose none, never more than the poll's options (where its ballots choose options). Worked out again when an
 * edit changes the options, so "rank them all" stays all of them and a chosen limit comes back
 * once there are options enough.
 */
export function maxChoicesOf(kind: PollKind, chosen: number | null | undefined, optionCount: number): number {
  const limit = chosen ?? kindOf(kind).defaultMaxChoices(optionCount);
  // A text poll has no options: its limit is on the answers a voter writes.
  return kindOf(kind).values === 'options' ? Math.min(limit, optionCount) : limit;
}
