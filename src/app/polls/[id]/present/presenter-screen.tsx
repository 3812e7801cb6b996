'use client';

import { useCallback, useRef, useState } from 'react';
import type { PollKind } from '../../../../domain/polls';
import type { WatchLive } from '../../../_client/live-client';
import type { ShownResults } from '../../../_lib/live-counts';
import { useAdminLink, useProblemsSaid, useReveal, useVotingSwitch } from './presenter-controls';
import { KeysDialog, PresenterFooter } from './presenter-footer';
import { usePresenterKeys } from './presenter-keys';
import { usePresenterLive, usePresenterView } from './presenter-live';
import { PresenterResults } from './presenter-results';
import { PresenterSide } from './presenter-side';

/**
 * The presenter screen: one viewport, no scrolling, at projector sizes (1920×1080 down to
 * 1024×768) with up to 20 options. It follows the live stream as a stranger would, so it never
 * shows more than the room may see. The admin token, from `#admin=` in the fragment, is only
 * sent (as a bearer token) to check it, to reveal the results and to close or reopen voting.
 * Keys (presenter-keys.ts, listed on screen by ?) work without a mouse; P pauses the results.
 * One status region (in the footer) says each change, the problems, and summaries of the votes.
 */

type Props = {
  pollId: string;
  title: string;
  kind: PollKind;
  options: { id: string; text: string }[];
  initial: ShownResults;
  expiresAt: string | null;
  maxChoices: number;
  /** The host people type before `/j/CODE`, as the visitor reached us. */
  joinHost: string;
  code: string;
  /** The QR code of the join address, rendered on the server from our own string. */
  qrSvg: string;
  /** Where the live states come from when not the poll's own stream: the event presenter's one connection. */
  watch?: WatchLive;
};

export function PresenterScreen(props: Props) {
  const { pollId, title, options, joinHost, code, qrSvg, maxChoices } = props;
  const [ended, setEnded] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [endsAt, setEndsAt] = useState(props.expiresAt);
  const keysDialog = useRef<HTMLDialogElement>(null);
  const { shown: latest, setShown, viewers, status } = usePresenterLive(pollId, props.initial, props.watch);
  const isOpen = latest.isActive && !latest.deleted && !ended;
  const { announcer, toggles, live } = usePresenterView({ kind: props.kind, options, latest, setShown, isOpen });
  const { announce } = announcer;
  const shown = live.view;
  const admin = useAdminLink(pollId);
  const onEnd = useCallback(() => setEnded(true), []);
  useProblemsSaid(problem, admin, announce);
  // Revealing makes the counts everyone's; once they are (or will be, as the poll closed), it has nothing to do.
  const canReveal =
    admin.state === 'valid' &&
    !shown.deleted &&
    (shown.visibility === 'creator' || (shown.visibility !== 'always' && isOpen));
  const { revealing, reveal } = useReveal(pollId, admin, setProblem);
  const { switching, switchVoting } = useVotingSwitch({
    pollId,
    admin,
    deleted: shown.deleted,
    isOpen,
    ended,
    setProblem,
    setShown,
    setEnded,
    setEndsAt,
  });
  const actions = { ...toggles, togglePause: live.togglePause, switchVoting, reveal: canReveal ? reveal : undefined };
  const showKeys = usePresenterKeys(keysDialog, actions, announce);

  return (
    <div className="presenter">
      <PresenterResults
        title={title}
        kind={props.kind}
        options={options}
        shown={shown}
        maxChoices={maxChoices}
        resultsShown={toggles.resultsShown}
        tableShown={toggles.tableShown}
      />
      <PresenterSide
        join={toggles.joinShown ? { qrSvg, joinHost, code } : undefined}
        shown={shown}
        viewers={viewers}
        waiting={live.paused ? live.waiting : undefined}
        isOpen={isOpen}
        endsAt={endsAt}
        onEnd={onEnd}
        reveal={canReveal ? { revealing, reveal } : undefined}
        problem={problem}
        admin={admin}
      />
      <PresenterFooter
        status={status}
        {...toggles}
        voting={admin.state === 'valid' && !shown.deleted ? { isOpen, switching, switchVoting } : undefined}
        canReveal={canReveal}
        showKeys={showKeys}
        paused={live.paused}
        togglePause={live.togglePause}
        announcer={announcer}
      />
      <KeysDialog dialogRef={keysDialog} />
    </div>
  );
}
