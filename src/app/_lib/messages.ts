import { TEXT_ANSWER_LIMITS } from '../../domain/answer-groups';

/** What a voter reads when a vote is refused; the no-JavaScript form and the live view share it. */

export type VoteNotice =
  | 'counted'
  | 'already_voted'
  | 'poll_closed'
  | 'rate_limited'
  | 'invalid_option'
  | 'invalid_request'
  | 'not_found'
  | 'missing_choice'
  | 'unavailable'
  | 'network';

const NOTICES: ReadonlySet<string> = new Set<VoteNotice>([
  'counted',
  'already_voted',
  'poll_closed',
  'rate_limited',
  'invalid_option',
  'invalid_request',
  'not_found',
  'missing_choice',
  'unavailable',
  'network',
]);

export function asVoteNotice(value: unknown): VoteNotice | undefined {
  return typeof value === 'string' && NOTICES.has(value) ? (value as VoteNotice) : undefined;
}

/** “A”, “A” and “B”, “A”, “B” and “C”. */
function quotedList(texts: readonly string[]): string {
  const quoted = texts.map((text) => `“${text}”`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}` : (quoted[0] ?? '');
}

/** “A”, then “B”, then “C”: a ranking, most preferred first. */
function rankedList(texts: readonly string[]): string {
  return texts.map((text) => `“${text}”`).join(', then ');
}

/** How a notice names the ballot: `ranked`, a ranking; `written`, answers the voter wrote; else options chosen. */
type NoticeContext = {
  votedFor?: readonly string[] | undefined;
  retryAfter?: number | undefined;
  ranked?: boolean;
  written?: boolean;
};

export function voteNoticeText(notice: VoteNotice, context: NoticeContext = {}): string {
  if (context.written) return writtenNoticeText(notice, context) ?? voteNoticeText(notice, {});
  const votedFor = context.votedFor?.length ? (context.ranked ? rankedList : quotedList)(context.votedFor) : undefined;
  switch (notice) {
    case 'counted':
      if (votedFor && context.ranked) return `Your ranking was counted: ${votedFor}.`;
      return votedFor ? `Your vote for ${votedFor} was counted.` : 'Your vote was counted.';
    case 'already_voted':
      if (votedFor && context.ranked) return `You already voted, ranking ${votedFor}.`;
      return votedFor ? `You already voted for ${votedFor}.` : 'You already voted in this poll.';
    case 'poll_closed':
      return 'This poll is closed, so it no longer takes votes.';
    case 'rate_limited':
      return context.retryAfter
        ? `Too many votes from your network. Try again in ${context.retryAfter} s.`
        : 'Too many votes from your network. Try again in a minute.';
    case 'invalid_option':
      return 'That answer is not part of this poll any more. Reload the page and choose again.';
    case 'invalid_request':
      return context.ranked
        ? 'That ranking names an option twice or ranks more than this poll takes. Check it and vote again.'
        : 'That is more answers than this poll takes. Choose fewer and vote again.';
    case 'not_found':
      return 'This poll no longer exists.';
    case 'missing_choice':
      return context.ranked ? 'Rank at least one option first.' : 'Choose an answer first.';
    case 'unavailable':
      return 'pollcast cannot save votes right now. Try again shortly.';
    case 'network':
      return 'Could not reach pollcast. Check your connection and try again.';
  }
}

/** True for notices that describe a refusal, shown as an alert rather than a status. */
export function isProblem(notice: VoteNotice): boolean {
  return notice !== 'counted';
}

/** What an open-text poll's voter reads, where it differs from the rest: their answers, and what an answer must be. */
function writtenNoticeText(notice: VoteNotice, { votedFor = [] }: NoticeContext): string | undefined {
  // Each answer isolated (FSI … PDI), so one written right to left keeps the sentence round it in order.
  const answers = votedFor.length > 0 ? quotedList(votedFor.map((answer) => `\u2068${answer}\u2069`)) : undefined;
  const plural = votedFor.length > 1;
  switch (notice) {
    case 'counted':
      return answers
        ? `Your ${plural ? 'answers' : 'answer'} ${answers} ${plural ? 'were' : 'was'} counted.`
        : undefined;
    case 'already_voted':
      return answers ? `You already answered ${answers}.` : 'You already answered this poll.';
    case 'invalid_request':
      return `Each answer needs 1 to ${TEXT_ANSWER_LIMITS.length} visible characters, and no two of your answers may read the same. Check them and send them again.`;
    case 'missing_choice':
      return 'Write an answer first.';
    default:
      return undefined;
  }
}
