'use client';

import { useTranslations } from '../../_lib/intl';
import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import type { Poll } from '../../../domain/polls';
import type { ShownResults } from '../../_lib/live-counts';
import { useFailureText } from '../api-failure';
import { JoinCode } from '../join-code';
import { PollLive } from '../poll-live/poll-live';
import { useCreatorAccess, type CreatorAccess } from './creator-access';
import { DeleteSection } from './delete-section';
import { useModeration } from './moderation-section';
import { EndTimeSection } from './end-time-section';
import { usePollChanges, usePollState, type Message } from './poll-changes';
import { SettingsSection } from './settings-section';
import { ShowSection } from './show-section';
import { TextsSection, useTextsEditing, type PollTexts } from './texts-section';
import { VotingSection } from './voting-section';
import { code } from '../rich-tags';

/**
 * The creator's page below its title: the settings, the controls and the live results. The
 * admin token is read from the URL fragment in the browser (it never reaches our server's logs)
 * and sent as a bearer token: to PATCH/DELETE /api/polls/{id}, to GET it with every count
 * whatever the poll hides from voters, and on the live stream. The server renders the page
 * without the token, so the results wait for the browser; so do the controls, which appear only
 * once the API has taken the token (a wrong link gets a message and none of them).
 */

type Props = {
  poll: Poll;
  options: { id: string; text: string }[];
  /** The results as the server rendered them for this visitor, shown when the token is missing or refused. */
  initial: ShownResults;
  /** Where people type the join code: `host/j/CODE`, as the visitor reached us. */
  joinUrl: string;
  /** The link, QR code and embed code, rendered by the server; shown to the creator only. */
  share: ReactNode;
};

export function ManagePanel({ poll: created, options, initial, joinUrl, share }: Props) {
  const t = useTranslations('Manage');
  const pollId = created.id;
  const state = usePollState(created);
  const { token, access, adminResults, moderation } = useCreatorAccess(pollId, state.granted);
  const changes = usePollChanges(pollId, token, state.updated);
  const granted = token && access.state === 'granted' ? token : undefined;
  const moderating = useModeration(created, granted, moderation, changes.setMessage);
  const { poll } = state;
  const textsEditing = useTextsEditing(created, options, () =>
    changes.setMessage({ ok: true, text: t(created.kind === 'text' ? 'savedQuestion' : 'savedTexts') }),
  );
  const [confirming, setConfirming] = useState(false);
  const [deleted, setDeleted] = useState(false);

  if (deleted) {
    return (
      <div className="notice notice-ok" role="status">
        <p>{t('deleted')}</p>
        <Link href="/">{t('backHome')}</Link>
      </div>
    );
  }

  const ended = poll.expires_at !== null && new Date(poll.expires_at).getTime() <= Date.now();
  const { busy, update } = changes;
  const { visibilityChoice, setVisibilityChoice } = state;
  const controls = granted ? { busy, update, visibilityChoice, setVisibilityChoice } : undefined;
  const settings = <SettingsSection created={created} optionCount={options.length} poll={poll} controls={controls} />;
  const results = (
    <CreatorResults
      created={created}
      texts={textsEditing.texts}
      expiresAt={poll.expires_at}
      initial={initial}
      access={{ token, access, adminResults, moderation }}
      moderating={moderating}
    />
  );

  if (!granted) return <CheckingAccess token={token} access={access} settings={settings} results={results} />;
  const presentUrl = `/polls/${pollId}/present#admin=${encodeURIComponent(granted)}`;
  return (
    <>
      <ChangeMessage message={changes.message} />

      <section className="panel" aria-labelledby="room-heading">
        <h2 id="room-heading">{t('joinCode')}</h2>
        <JoinCode code={created.code} joinUrl={joinUrl} presentUrl={presentUrl} />
      </section>

      {/* What a creator opens this page to see first: the votes, live. */}
      {results}
      {moderating.section}

      <TextsSection created={created} token={granted} hasVotes={(adminResults?.total ?? 0) > 0} {...textsEditing} />
      <VotingSection open={poll.is_active && !ended} ended={ended} busy={busy} update={update} />
      <EndTimeSection
        poll={poll}
        endsAt={state.endsAt}
        setEndsAt={state.setEndsAt}
        busy={busy}
        update={update}
        setMessage={changes.setMessage}
      />
      {settings}
      <ShowSection pollId={pollId} token={granted} presentUrl={presentUrl} />
      {share}
      <DeleteSection
        title={textsEditing.texts.title}
        confirming={confirming}
        setConfirming={setConfirming}
        busy={busy}
        send={changes.send}
        onDeleted={() => setDeleted(true)}
      />
    </>
  );
}

/** What came of the creator's last change, read out as it comes. */
function ChangeMessage({ message }: { message: Message | null }) {
  return (
    <div aria-live="polite">
      {message && <p className={`notice ${message.ok ? 'notice-ok' : 'notice-bad'}`}>{message.text}</p>}
    </div>
  );
}

/** Before the token was taken, or without one: why there are no controls, then the settings and results. */
function CheckingAccess({
  token,
  access,
  settings,
  results,
}: Pick<CreatorAccess, 'token' | 'access'> & { settings: ReactNode; results: ReactNode }) {
  const t = useTranslations('Manage');
  const failureText = useFailureText();
  return (
    <>
      <div role="status">
        {token === null && <p className="notice notice-bad">{t.rich('noToken', { code })}</p>}
        {token && access.state === 'checking' && <p className="hint">{t('checking')}</p>}
        {access.state === 'refused' && <p className="notice notice-bad">{failureText(access.failure)}</p>}
      </div>
      {settings}
      {results}
    </>
  );
}

/**
 * The live results: nothing until the page knows whether it has a token; with one, they wait for
 * every count, then follow the stream as the creator sees it (or as a visitor, if the token failed).
 */
function CreatorResults({
  created,
  texts,
  expiresAt,
  initial,
  access: { token, adminResults },
  moderating,
}: {
  created: Poll;
  texts: PollTexts;
  expiresAt: string | null;
  initial: ShownResults;
  access: CreatorAccess;
  moderating: Pick<ReturnType<typeof useModeration>, 'answerAction' | 'onLiveUpdate'>;
}) {
  const t = useTranslations('Manage');
  if (token === undefined) return null;
  if (token && adminResults === undefined) return <p className="hint">{t('loadingResults')}</p>;
  return (
    <PollLive
      key={adminResults ? 'creator' : 'visitor'}
      pollId={created.id}
      title={texts.title}
      kind={created.kind}
      options={texts.options}
      initial={adminResults ?? initial}
      expiresAt={expiresAt}
      voterIdentity={created.voter_identity}
      maxChoices={created.max_choices}
      votedOptionIds={[]}
      adminToken={adminResults && token ? token : undefined}
      answerAction={moderating.answerAction}
      onLiveUpdate={moderating.onLiveUpdate}
    />
  );
}
