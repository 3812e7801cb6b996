import type { useFormatter, useTranslations } from 'next-intl';
import { createElement, Fragment, type ReactElement, type ReactNode } from 'react';
import { TEXT_ANSWER_LIMITS } from '../../domain/answer-groups';

/**
 * What a voter reads when a vote is counted or refused, in messages/poll (namespace `VoteNotice`);
 * the no-JavaScript form and the live view share it.
 */

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

/** The page's words for notices (namespace `VoteNotice`) and its formatter, for lists. */
export type NoticeWords = {
  t: ReturnType<typeof useTranslations<'VoteNotice'>>;
  format: ReturnType<typeof useFormatter>;
};

/** Each text in the language's quotes, isolated so it keeps its own direction in any sentence. */
function quoted({ t }: NoticeWords, texts: readonly string[]): ReactElement[] {
  const isolated = (chunks: ReactNode) => createElement('bdi', { dir: 'auto' }, chunks);
  return texts.map((text, index) => createElement(Fragment, { key: index }, t.rich('quoted', { text, bdi: isolated })));
}

/** “A”, “A” and “B”, “A”, “B” and “C”, as the language lists them. */
function choiceList(words: NoticeWords, texts: readonly string[]): ReactNode {
  return words.format.list(quoted(words, texts), { type: 'conjunction' });
}

/** “A”, then “B”, then “C”: a ranking, most preferred first. */
function rankedList(words: NoticeWords, texts: readonly string[]): ReactNode {
  const [first, ...rest] = quoted(words, texts);
  return rest.reduce<ReactNode>(
    (earlier, next) =>
      words.t.rich('then', { earlier: () => createElement(Fragment, null, earlier), next: () => next }),
    first,
  );
}

/** How a notice names the ballot: `ranked`, a ranking; `written`, answers the voter wrote; else options chosen. */
type NoticeContext = {
  votedFor?: readonly string[] | undefined;
  retryAfter?: number | undefined;
  ranked?: boolean;
  written?: boolean;
};

/** The notice in the page's language; the ballot's texts in it keep their own direction. */
export function voteNoticeText(words: NoticeWords, notice: VoteNotice, context: NoticeContext = {}): ReactNode {
  const { t } = words;
  if (context.written) return writtenNoticeText(words, notice, context) ?? voteNoticeText(words, notice, {});
  const votedFor = context.votedFor?.length ? context.votedFor : undefined;
  const choices = () =>
    createElement(Fragment, null, (context.ranked ? rankedList : choiceList)(words, votedFor ?? []));
  switch (notice) {
    case 'counted':
      if (votedFor) return t.rich(context.ranked ? 'countedRanking' : 'countedFor', { choices });
      return t('counted');
    case 'already_voted':
      if (votedFor) return t.rich(context.ranked ? 'alreadyRanked' : 'alreadyVotedFor', { choices });
      return t('alreadyVoted');
    case 'poll_closed':
      return t('pollClosed');
    case 'rate_limited':
      return context.retryAfter
        ? t('rateLimitedFor', { wait: secondsText(words, context.retryAfter) })
        : t('rateLimited');
    case 'invalid_option':
      return t('invalidOption');
    case 'invalid_request':
      return t(context.ranked ? 'invalidRanking' : 'tooManyAnswers');
    case 'not_found':
      return t('notFound');
    case 'missing_choice':
      return t(context.ranked ? 'missingRanking' : 'missingChoice');
    case 'unavailable':
      return t('unavailable');
    case 'network':
      return t('network');
  }
}

/** "30 seconds", in the language's words and plural. */
function secondsText({ format }: NoticeWords, seconds: number): string {
  return format.number(seconds, { style: 'unit', unit: 'second', unitDisplay: 'long' });
}

/** True for notices that describe a refusal, shown as an alert rather than a status. */
export function isProblem(notice: VoteNotice): boolean {
  return notice !== 'counted';
}

/** What an open-text poll's voter reads, where it differs from the rest: their answers, and what an answer must be. */
function writtenNoticeText(words: NoticeWords, notice: VoteNotice, { votedFor = [] }: NoticeContext): ReactNode {
  const { t } = words;
  const choices = () => createElement(Fragment, null, choiceList(words, votedFor));
  switch (notice) {
    case 'counted':
      return votedFor.length > 0 ? t.rich('countedAnswers', { count: votedFor.length, choices }) : undefined;
    case 'already_voted':
      return votedFor.length > 0 ? t.rich('alreadyAnsweredWith', { choices }) : t('alreadyAnswered');
    case 'invalid_request':
      return t('invalidAnswers', { max: TEXT_ANSWER_LIMITS.length });
    case 'missing_choice':
      return t('missingAnswer');
    default:
      return undefined;
  }
}
