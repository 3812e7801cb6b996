import type { PollKind } from '../domain/polls';
import { choice } from './choice';
import type { BallotKind } from './kind';
import { ranked } from './ranked';

/** Every kind of ballot by name: the one list a new kind joins. */
const KINDS: Record<PollKind, BallotKind> = { choice, ranked };

/** The kind of a poll, by the name it stores. */
export function kindOf(name: PollKind): BallotKind {
  return KINDS[name];
}
