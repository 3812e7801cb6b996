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
