import { useCallback, useRef, useState, type Dispatch, type FormEvent, type SetStateAction } from 'react';
import { EMBED_REQUEST_HEADER } from '../../../domain/embed';
import type { BallotField, PollKind } from '../../../domain/polls';
import { applyVoteCounts, type ShownResults } from '../../_lib/live-counts';
import { asVoteNotice, type VoteNotice } from '../../_lib/messages';

/**
 * This viewer's ballot: the boxes ticked (or the ranking), the vote sent through the API, what it
 * chose, and the notice it came back with. Voting swaps the form for the results, and focus
 * follows to their heading so keyboard users are not dropped on <body>.
 */

/**
 * Each kind's ballot as the API takes it (src/kinds/, `ballotField` and `ordered`): its body field,
 * and whether its order is part of it. Here, as browser code takes no values from src/kinds.
 */
const BALLOTS: Record<PollKind, { ballotField: BallotField; ordered: boolean }> = {
  choice: { ballotField: 'option_ids', ordered: false },
  ranked: { ballotField: 'ranking', ordered: true },
  text: { ballotField: 'answers', ordered: false },
};

export type Notice = {
  kind: VoteNotice;
  retryAfter?: number | undefined;
  votedFor?: string[] | undefined;
  /** `votedFor` is a ranking, most preferred first. */
  ranked?: boolean;
  /** `votedFor` is the answers the voter wrote (an open-text poll). */
  written?: boolean;
};

type Options = {
  pollId: string;
  pollKind: PollKind;
  options: { id: string; text: string }[];
  /** What this voter chose (an open-text poll: the answers they wrote), as the server rendered it; empty until they vote. */
  votedOptionIds: string[];
  notice?: { kind: VoteNotice; retryAfter?: number } | undefined;
  embedded: boolean;
  setShown: Dispatch<SetStateAction<ShownResults>>;
};

export function useBallot({ pollId, pollKind, options, embedded, setShown, ...first }: Options) {
  const { ballotField } = BALLOTS[pollKind];
  const { textsOf, noticeOf } = ballotWords(pollKind, options);
  const [votedOptionIds, setVotedOptionIds] = useState(first.votedOptionIds);
  const [chosen, setChosen] = useState<string[]>([]);
  const [pending, setPending] = useState(false);
  const focusResults = useRef(false);
  const [notice, setNotice] = useState<Notice | null>(
    first.notice ? noticeOf({ ...first.notice, votedFor: textsOf(first.votedOptionIds) }) : null,
  );

  const focusWhenShown = useCallback((heading: HTMLHeadingElement | null) => {
    if (!heading || !focusResults.current) return;
    focusResults.current = false;
    heading.focus();
  }, []);

  function toggle(optionId: string, checked: boolean) {
    setChosen((current) => (checked ? [...current, optionId] : current.filter((id) => id !== optionId)));
  }

  /** The choice form's submit: the ticked boxes. */
  function vote(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const optionIds = new FormData(event.currentTarget)
      .getAll('option_id')
      .filter((value): value is string => typeof value === 'string');
    if (optionIds.length === 0) {
      setNotice({ kind: 'missing_choice' });
      return;
    }
    void send(optionIds);
  }

  /** Sends the ballot in the field its poll's kind takes (`option_ids`, `ranking`, `answers`). */
  async function send(optionIds: string[]) {
    setPending(true);
    try {
      const { response, body } = await postBallot(pollId, { [ballotField]: optionIds }, embedded);
      if (response.ok) {
        setShown((current) =>
          applyVoteCounts(current, {
            new_counts: body.new_counts,
            results_visible: body.results_visible === true,
            results: body.results,
          }),
        );
        setVotedOptionIds(optionIds);
        setNotice(noticeOf({ kind: 'counted', votedFor: textsOf(optionIds) }));
        focusResults.current = true;
        return;
      }
      const code = body?.error?.code;
      const details = body?.error?.details ?? {};
      const earlier: unknown = details[ballotField];
      if (code === 'already_voted') {
        setVotedOptionIds(Array.isArray(earlier) ? earlier : []);
        focusResults.current = true;
      }
      if (code === 'poll_closed') setShown((current) => ({ ...current, isActive: false }));
      if (code === 'not_found') setShown((current) => ({ ...current, isActive: false, deleted: true }));
      setNotice(
        noticeOf({
          kind: asVoteNotice(code) ?? (response.status >= 500 ? 'unavailable' : 'invalid_option'),
          votedFor: textsOf(earlier),
          retryAfter: typeof details.retry_after === 'number' ? details.retry_after : undefined,
        }),
      );
    } catch {
      setNotice({ kind: 'network' });
    } finally {
      setPending(false);
    }
  }

  return { votedOptionIds, chosen, toggle, pending, notice, vote, voteValues: send, focusWhenShown };
}

/**
 * How a notice names a ballot: its options' texts, in its order where the order is part of it (a
 * ranking); an open-text poll's answers as written.
 */
function ballotWords(pollKind: PollKind, options: Options['options']) {
  const { ordered } = BALLOTS[pollKind];
  const written = pollKind === 'text';
  return {
    textsOf(ids: unknown): string[] {
      if (!Array.isArray(ids)) return [];
      if (written) return ids.filter((answer): answer is string => typeof answer === 'string');
      const chosen = ordered
        ? ids.flatMap((id) => options.filter((option) => option.id === id))
        : options.filter((option) => ids.includes(option.id));
      return chosen.map((option) => option.text);
    },
    noticeOf: (notice: Omit<Notice, 'ranked' | 'written'>): Notice =>
      written ? { ...notice, written } : ordered ? { ...notice, ranked: true } : notice,
  };
}

/** POST /api/polls/{id}/vote, and its answer's body (null when it is no JSON). */
async function postBallot(pollId: string, ballot: Record<string, string[]>, embedded: boolean) {
  const response = await fetch(`/api/polls/${pollId}/vote`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(embedded ? { [EMBED_REQUEST_HEADER]: '1' } : {}) },
    body: JSON.stringify(ballot),
  });
  const body = await response.json().catch(() => null);
  return { response, body };
}
