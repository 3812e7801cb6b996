'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { watchPoll, type LiveStatus } from '../_client/live-client';
import { applyLiveState, applyVoteCounts, percentOf, type ShownResults } from '../_lib/live-counts';
import { msLeft, votesText } from '../_lib/format';
import { asVoteNotice, isProblem, voteNoticeText, type VoteNotice } from '../_lib/messages';
import { RESULTS_VISIBILITY_TEXT, RESULTS_WAIT_TEXT, VOTER_IDENTITY_TEXT } from '../_lib/poll-settings';
import { EMBED_REQUEST_HEADER } from '../../domain/embed';
import type { Poll } from '../../domain/polls';
import { Countdown } from './countdown';

/**
 * The live part of a poll: its open/closed state, the vote form and the results bars. The
 * server renders it with the poll's state at request time, so reading and voting work without
 * JavaScript (the form posts to a server action); with JavaScript it votes through the API and
 * follows the poll's live stream. A poll that takes several answers shows checkboxes; without
 * JavaScript they post one option_id field each. Where the poll lets this viewer see the counts
 * (its results_visibility), the results move below the form before they vote too; where it hides
 * them, the total is shown with a word on when the counts appear, and the bars come as soon as
 * the stream or the vote answer brings counts.
 */

export type PollLiveProps = {
  pollId: string;
  title: string;
  options: { id: string; text: string }[];
  initial: ShownResults;
  expiresAt: string | null;
  voterIdentity: Poll['voter_identity'];
  maxChoices: number;
  /** What this voter chose; empty until they vote. */
  votedOptionIds: string[];
  notice?: { kind: VoteNotice; retryAfter?: number } | undefined;
  /** The no-JavaScript vote path; without it (the manage page) only results are shown. */
  voteAction?: (formData: FormData) => Promise<void>;
  /** The poll's admin token (the manage page): the live stream then carries the counts whatever the poll hides. */
  adminToken?: string | undefined;
  /**
   * In the embed, a frame on another site: votes say so (their voter cookie must work in a
   * frame, docs/EMBED.md), and the rules' fine print is left to the full page.
   */
  embedded?: boolean;
};

type Notice = { kind: VoteNotice; retryAfter?: number | undefined; votedFor?: string[] | undefined };

/** What the stream's state means for this viewer, said while the poll is open (a closed poll has nothing left to update). */
function liveText(status: LiveStatus, countsShown: boolean): string {
  switch (status) {
    case 'connecting':
      return 'Connecting…';
    case 'live':
      return countsShown
        ? 'Live: results update as votes come in'
        : 'Live: the number of votes updates as they come in';
    case 'reconnecting':
      return 'Reconnecting…';
    case 'closed':
      return 'Live updates stopped';
  }
}

export function PollLive(props: PollLiveProps) {
  const { pollId, title, options, maxChoices, voteAction, adminToken, embedded = false } = props;
  const [shown, setShown] = useState(props.initial);
  const [votedOptionIds, setVotedOptionIds] = useState(props.votedOptionIds);
  const [chosen, setChosen] = useState<string[]>([]);
  // The server-rendered form must post without JavaScript, so limits on ticking apply once hydrated.
  const [hydrated, setHydrated] = useState(false);
  const [status, setStatus] = useState<LiveStatus | null>(null);
  const [pending, setPending] = useState(false);
  // Whether the end time has passed; read once here so the server's page already says so.
  const [ended, setEnded] = useState(() => (msLeft(props.expiresAt) ?? 1) <= 0);
  // Voting swaps the form for the results; focus follows so keyboard users are not dropped on <body>.
  const focusResults = useRef(false);
  const textsOf = (ids: unknown): string[] =>
    Array.isArray(ids) ? options.filter((option) => ids.includes(option.id)).map((option) => option.text) : [];
  const [notice, setNotice] = useState<Notice | null>(
    props.notice ? { ...props.notice, votedFor: textsOf(props.votedOptionIds) } : null,
  );

  useEffect(() => setHydrated(true), []);

  // The creator edited the question or answers (possible only before the first vote): show the new ones.
  const router = useRouter();
  const revision = props.initial.revision;
  useEffect(() => {
    if (shown.revision > revision) router.refresh();
  }, [shown.revision, revision, router]);

  useEffect(
    () =>
      watchPoll(
        pollId,
        { onState: (state) => setShown((current) => applyLiveState(current, state)), onStatus: setStatus },
        adminToken === undefined ? {} : { adminToken },
      ),
    [pollId, adminToken],
  );
  const onEnd = useCallback(() => setEnded(true), []);
  const focusWhenShown = useCallback((heading: HTMLHeadingElement | null) => {
    if (!heading || !focusResults.current) return;
    focusResults.current = false;
    heading.focus();
  }, []);

  const isOpen = shown.isActive && !shown.deleted && !ended;
  const canVote = voteAction !== undefined && isOpen && votedOptionIds.length === 0;
  const multiple = maxChoices > 1;
  // An inactive poll whose end time is still ahead (or that has none) was closed by its creator.
  const stateText = shown.deleted ? 'Deleted' : isOpen ? 'Open for votes' : ended ? 'Closed' : 'Closed by its creator';
  const showsEndTime = props.expiresAt !== null && !shown.deleted && (isOpen || ended);
  const waitText =
    shown.visible || shown.deleted || shown.visibility === 'always' ? null : RESULTS_WAIT_TEXT[shown.visibility];

  function toggle(optionId: string, checked: boolean) {
    setChosen((current) => (checked ? [...current, optionId] : current.filter((id) => id !== optionId)));
  }

  async function vote(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const optionIds = new FormData(event.currentTarget)
      .getAll('option_id')
      .filter((value): value is string => typeof value === 'string');
    if (optionIds.length === 0) {
      setNotice({ kind: 'missing_choice' });
      return;
    }
    setPending(true);
    try {
      const response = await fetch(`/api/polls/${pollId}/vote`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(embedded ? { [EMBED_REQUEST_HEADER]: '1' } : {}) },
        body: JSON.stringify({ option_ids: optionIds }),
      });
      const body = await response.json().catch(() => null);
      if (response.ok) {
        setShown((current) =>
          applyVoteCounts(current, { new_counts: body.new_counts, results_visible: body.results_visible === true }),
        );
        setVotedOptionIds(optionIds);
        setNotice({ kind: 'counted', votedFor: textsOf(optionIds) });
        focusResults.current = true;
        return;
      }
      const code = body?.error?.code;
      const details = body?.error?.details ?? {};
      if (code === 'already_voted') {
        setVotedOptionIds(Array.isArray(details.option_ids) ? details.option_ids : []);
        focusResults.current = true;
      }
      if (code === 'poll_closed') setShown((current) => ({ ...current, isActive: false }));
      if (code === 'not_found') setShown((current) => ({ ...current, isActive: false, deleted: true }));
      setNotice({
        kind: asVoteNotice(code) ?? (response.status >= 500 ? 'unavailable' : 'invalid_option'),
        votedFor: textsOf(details.option_ids),
        retryAfter: typeof details.retry_after === 'number' ? details.retry_after : undefined,
      });
    } catch {
      setNotice({ kind: 'network' });
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <p className="row">
        <span className="status">{stateText}</span>
        {showsEndTime && props.expiresAt && (
          <>
            <span aria-hidden="true">·</span>
            <Countdown key={props.expiresAt} expiresAt={props.expiresAt} onEnd={onEnd} />
          </>
        )}
        {status && isOpen && <span className={`live live-${status}`}>{liveText(status, shown.visible)}</span>}
      </p>

      {shown.deleted ? (
        <p className="notice notice-bad">This poll was deleted by its creator.</p>
      ) : (
        !isOpen && <p className="notice">Voting has ended.{shown.visible && ' These are the results.'}</p>
      )}

      <div aria-live="polite" aria-atomic="true">
        {notice && (
          <p className={`notice ${isProblem(notice.kind) ? 'notice-bad' : 'notice-ok'}`}>
            {voteNoticeText(notice.kind, notice)}
          </p>
        )}
      </div>

      {canVote && (
        <form method="post" action={voteAction} onSubmit={vote}>
          <input type="hidden" name="poll_id" value={pollId} />
          <fieldset>
            <legend>
              <span className="visually-hidden">{title}: </span>
              {multiple ? `Choose up to ${maxChoices}` : 'Choose one answer'}
            </legend>
            <div className="choices">
              {options.map((option) => (
                <label key={option.id} className="choice">
                  {multiple ? (
                    <input
                      type="checkbox"
                      name="option_id"
                      value={option.id}
                      disabled={hydrated && chosen.length >= maxChoices && !chosen.includes(option.id)}
                      onChange={(event) => toggle(option.id, event.target.checked)}
                    />
                  ) : (
                    <input type="radio" name="option_id" value={option.id} required />
                  )}
                  <span>{option.text}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <p className="row">
            <button type="submit" disabled={pending || (multiple && hydrated && chosen.length === 0)}>
              {pending ? 'Voting…' : 'Vote'}
            </button>
            {!shown.visible && <span className="hint">{votesText(shown.total)} so far</span>}
          </p>
          {waitText && <p className="notice">{waitText}.</p>}
        </form>
      )}
      {(!canVote || shown.visible) && (
        // Remounted when the form goes, so the heading takes the focus the vote button had.
        <section key={canVote ? 'beside-ballot' : 'results'} aria-labelledby="results-heading">
          <h2 id="results-heading" ref={focusWhenShown} tabIndex={-1}>
            {canVote ? 'Results so far' : 'Results'}
          </h2>
          <div aria-live="polite">
            {waitText && <p className="notice">{waitText}.</p>}
            <ol className="results">
              {options.map((option) => {
                // Hidden counts are not zeros: without them there are no figures and no bar.
                const count = shown.visible ? (shown.counts[option.id] ?? 0) : null;
                const percent = count === null ? 0 : percentOf(count, shown.total);
                return (
                  <li key={option.id} data-option-id={option.id}>
                    <div className="result-label">
                      <span>
                        {option.text}
                        {votedOptionIds.includes(option.id) && <span className="mine">Your vote</span>}
                      </span>
                      {count !== null && (
                        <span className="result-figures">
                          {votesText(count)} · {Math.round(percent)}%
                        </span>
                      )}
                    </div>
                    {count !== null && (
                      <svg className="bar" aria-hidden="true" focusable="false">
                        <rect height="100%" width={`${percent}%`} />
                      </svg>
                    )}
                  </li>
                );
              })}
            </ol>
            <p>
              <strong>{votesText(shown.total)}</strong> in total
            </p>
            {multiple && shown.visible && (
              <p className="hint">Percentages are of voters; each voter may pick up to {maxChoices}.</p>
            )}
          </div>
        </section>
      )}
      {voteAction && !embedded && (
        <>
          <p className="hint">{VOTER_IDENTITY_TEXT[props.voterIdentity].rule}</p>
          <p className="hint">{RESULTS_VISIBILITY_TEXT[shown.visibility].rule}</p>
        </>
      )}
    </>
  );
}
