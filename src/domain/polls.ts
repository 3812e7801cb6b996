/** Poll shapes as the API and pages see them, and the rules about a poll's state. */

export type OptionCount = { id: string; option_text: string; vote_count: number };

export type Poll = {
  id: string;
  title: string;
  description: string | null;
  category: string | null;
  created_at: string;
  expires_at: string | null;
  is_active: boolean;
  total_votes: number;
};

export type PollWithOptions = Poll & { options: OptionCount[]; seq: number };

export type VoterState = { has_voted: boolean; option_id: string | null };

export type Counts = { total_votes: number; options: { id: string; count: number }[] };

/** A poll takes votes while it is open and its end time, if any, is still ahead. */
export function isOpen(poll: { is_active: boolean; expires_at: string | Date | null }, now = Date.now()): boolean {
  if (!poll.is_active) return false;
  if (poll.expires_at === null) return true;
  return new Date(poll.expires_at).getTime() > now;
}

export function countsOf(poll: PollWithOptions): Counts {
  return {
    total_votes: poll.total_votes,
    options: poll.options.map((option) => ({ id: option.id, count: option.vote_count })),
  };
}
