'use client';

import { useTranslations } from '../../_lib/intl';
import { useCallback, useEffect, useState } from 'react';
import type { Poll, PollKind } from '../../../domain/polls';
import type { WatchLive } from '../../_client/live-client';
import type { AnswerAction } from '../../../kinds/text/ui/answer-list';
import { msLeft } from '../../_lib/format';
import type { ShownResults } from '../../_lib/live-counts';
import type { VoteNotice } from '../../_lib/messages';
import { useBallot } from './ballot';
import { useAnnouncer } from './live-announcer';
import { LiveControls, LiveRegion } from './live-controls';
import { useLiveResults } from './live-results';
import { useLiveView, useVoteNews } from './live-view';
import { PollStateLine } from './poll-state-line';
import { RankedVoteForm } from './ranked-vote-form';
import { ResultsSection } from './results-section';
import { TextVoteForm } from './text-vote-form';
import { VoteForm, VoteOutcome } from './vote-form';

/**
 * The live part of a poll: its open/closed state, the vote form and the results bars. The
 * server renders it with the poll's state at request time, so reading and voting work without
 * JavaScript (the form posts to a server action); with JavaScript it votes through the API and
 * follows the poll's live stream. A poll that takes several answers shows checkboxes; without
 * JavaScript they post one option_id field each. A ranked poll shows its ranking ballot, numbered
 * selects without JavaScript, and its rounds as results. An open-text poll shows a field per answer
 * (`answer` fields without JavaScript), and a word cloud. Where the poll lets this viewer see the counts
 * (its results_visibility), the results move below the form before they vote too; where it hides
 * them, the total is shown with a word on when the counts appear, and the bars come as soon as
 * the stream or the vote answer brings counts. Once hydrated, the viewer can pause the moving
 * results and switch off spoken summaries (useLiveView); its one status region says what changed.
 */

export type PollLiveProps = {
  pollId: string;
  title: string;
  /** How its ballot chooses: some answers, a ranking of them, or answers the voter writes. */
  kind: PollKind;
  options: { id: string; text: string }[];
  initial: ShownResults;
  expiresAt: string | null;
  voterIdentity: Poll['voter_identity'];
  maxChoices: number;
  /** What this voter chose (an open-text poll: what they wrote); empty until they vote. */
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
  /** A button on each answer of an open-text poll's results (the manage page: the creator's Hide). */
  answerAction?: AnswerAction | undefined;
  /** Told of each new live state (the manage page reads its lists of hidden answers again). */
  onLiveUpdate?: (() => void) | undefined;
  /** Where the live states come from when not the poll's own stream: an event page's one connection. */
  watch?: WatchLive | undefined;
};

/** The state behind PollLive: the results as they arrive and as the view shows them, the ballot, the status region. */
function usePollLive(props: PollLiveProps) {
  const { pollId, kind, options, adminToken, embedded = false } = props;
  // The server-rendered form must post without JavaScript, so limits on ticking apply once hydrated.
  const [hydrated, setHydrated] = useState(false);
  // Whether the end time has passed; read once here so the server's page already says so.
  const [ended, setEnded] = useState(() => (msLeft(props.expiresAt) ?? 1) <= 0);
  useEffect(() => setHydrated(true), []);
  const { shown: latest, setShown, status } = useLiveResults(pollId, props.initial, adminToken, props.watch);
  const isOpen = latest.isActive && !latest.deleted && !ended;
  const announcer = useAnnouncer();
  const live = useLiveView({ kind, options, latest, setLatest: setShown, isOpen, announcer });
  const ballot = useBallot({
    pollId,
    pollKind: kind,
    options,
    votedOptionIds: props.votedOptionIds,
    notice: props.notice,
    embedded,
    setShown: live.setOwn,
  });
  useVoteNews(ballot.notice, announcer.announce, live.standing);
  const [tableOpen, setTableOpen] = useState(false);
  const onEnd = useCallback(() => setEnded(true), []);
  const { onLiveUpdate } = props;
  useEffect(() => onLiveUpdate?.(), [latest.seq, onLiveUpdate]);
  const table = { open: tableOpen, setOpen: setTableOpen };
  return { hydrated, ended, onEnd, latest, status, isOpen, announcer, live, ballot, table };
}

export function PollLive(props: PollLiveProps) {
  const { pollId, title, kind, options, maxChoices, voteAction, embedded = false } = props;
  const t = useTranslations('Ballot');
  const { hydrated, ended, onEnd, latest, status, isOpen, announcer, live, ballot, table } = usePollLive(props);
  const shown = live.view;
  const canVote = voteAction !== undefined && isOpen && ballot.votedOptionIds.length === 0;
  const waitText = waitTextOf(t, shown);

  return (
    <>
      <PollStateLine
        shown={shown}
        isOpen={isOpen}
        ended={ended}
        expiresAt={props.expiresAt}
        onEnd={onEnd}
        status={status}
        paused={live.paused}
      />

      {hydrated && !latest.deleted && (
        <LiveControls
          paused={live.paused}
          waiting={live.waiting}
          togglePause={live.togglePause}
          announcing={announcer.enabled}
          toggleAnnouncing={announcer.toggleEnabled}
        />
      )}

      <LiveRegion message={announcer.message}>
        <VoteOutcome notice={ballot.notice} />
      </LiveRegion>

      {canVote && (
        <Ballot
          kind={kind}
          pollId={pollId}
          title={title}
          options={options}
          maxChoices={maxChoices}
          voteAction={voteAction}
          ballot={ballot}
          hydrated={hydrated}
          total={shown.visible ? undefined : shown.total}
          waitText={waitText}
        />
      )}
      {(!canVote || shown.visible) && (
        // Remounted when the form goes, so the heading takes the focus the vote button had.
        <ResultsSection
          key={canVote ? 'beside-ballot' : 'results'}
          pollKind={kind}
          embedded={embedded}
          options={options}
          shown={shown}
          votedOptionIds={ballot.votedOptionIds}
          maxChoices={maxChoices}
          besideBallot={canVote}
          waitText={waitText}
          headingRef={ballot.focusWhenShown}
          answerAction={props.answerAction}
          table={table}
        />
      )}
      {voteAction && !embedded && (
        <>
          <p className="hint">{t('identityRule', { identity: props.voterIdentity })}</p>
          <p className="hint">{t('visibilityRule', { visibility: shown.visibility })}</p>
        </>
      )}
    </>
  );
}

/** What a viewer who may not see the counts yet is told; null where they see them or nothing hides them. */
function waitTextOf(t: ReturnType<typeof useTranslations<'Ballot'>>, shown: ShownResults): string | null {
  if (shown.visible || shown.deleted || shown.visibility === 'always') return null;
  return t('resultsWait', { visibility: shown.visibility });
}

type BallotProps = Pick<PollLiveProps, 'kind' | 'pollId' | 'title' | 'options' | 'maxChoices'> & {
  voteAction: (formData: FormData) => Promise<void>;
  ballot: ReturnType<typeof useBallot>;
  hydrated: boolean;
  total: number | undefined;
  waitText: string | null;
};

/** The form of the poll's kind: boxes to tick, options to rank, or answers to write. */
function Ballot({ kind, ballot, ...props }: BallotProps) {
  if (kind === 'text') {
    return <TextVoteForm {...props} onVote={(answers) => void ballot.voteValues(answers)} pending={ballot.pending} />;
  }
  return kind === 'ranked' ? (
    <RankedVoteForm {...props} onVote={(ranking) => void ballot.voteValues(ranking)} pending={ballot.pending} />
  ) : (
    <VoteForm
      {...props}
      onSubmit={ballot.vote}
      chosen={ballot.chosen}
      toggle={ballot.toggle}
      pending={ballot.pending}
    />
  );
}
