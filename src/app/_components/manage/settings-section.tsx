import { useRef, type FormEvent } from 'react';
import { RESULTS_VISIBILITIES, type Poll, type ResultsVisibility } from '../../../domain/polls';
import { answersPerVoterText, KIND_TEXT, RESULTS_VISIBILITY_TEXT, VOTER_IDENTITY_TEXT } from '../../_lib/poll-settings';
import type { PollState } from './poll-changes';

/**
 * The poll's settings: those fixed at creation (the kind of a ranked or text poll too), when results appear and whether it is listed.
 * Once the token was taken (`controls`), the creator can reveal hidden results, list or unlist the
 * poll, and choose when results appear.
 */

/** How many settings above are fixed at creation, by kind. */
const FIXED_TEXT: Record<Poll['kind'], string> = { choice: 'These two', ranked: 'These three', text: 'These four' };

type Props = {
  created: Pick<Poll, 'kind' | 'voter_identity' | 'max_choices' | 'filter_profanity'>;
  optionCount: number;
  poll: PollState;
  /** Given once the token was taken. */
  controls?: Omit<ControlsProps, 'poll'> | undefined;
};

type ControlsProps = {
  poll: PollState;
  busy: boolean;
  update: (change: Partial<PollState>, done: string) => Promise<boolean>;
  visibilityChoice: ResultsVisibility;
  setVisibilityChoice: (choice: ResultsVisibility) => void;
};

export function SettingsSection({ created, optionCount, poll, controls }: Props) {
  const visibility = RESULTS_VISIBILITY_TEXT[poll.results_visibility];
  return (
    <section className="panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <dl className="settings">
        {created.kind !== 'choice' && (
          <>
            <dt>Kind of poll</dt>
            <dd>{KIND_TEXT[created.kind].choice}</dd>
          </>
        )}
        <dt>Where people vote</dt>
        <dd>{VOTER_IDENTITY_TEXT[created.voter_identity].choice}</dd>
        <dt>Answers per voter</dt>
        <dd>{answersPerVoterText(created.kind, created.max_choices, optionCount)}</dd>
        {created.kind === 'text' && (
          <>
            <dt>Profanity</dt>
            <dd>{created.filter_profanity ? 'Held back until you show it' : 'Not filtered'}</dd>
          </>
        )}
      </dl>
      <p className="hint">{FIXED_TEXT[created.kind]} were chosen when the poll was created and cannot be changed.</p>
      <p>
        <strong>When results appear:</strong> {visibility.choice} <span className="hint">({visibility.detail})</span>
      </p>
      {controls ? <SettingsControls poll={poll} {...controls} /> : null}
    </section>
  );
}

function SettingsControls({ poll, busy, update, visibilityChoice, setVisibilityChoice }: ControlsProps) {
  const visibilitySelect = useRef<HTMLSelectElement>(null);

  async function reveal() {
    // The button goes away with the hidden results; focus moves to the setting it changed.
    if (await update({ results_visibility: 'always' }, 'Results revealed: everyone sees the counts now.')) {
      requestAnimationFrame(() => visibilitySelect.current?.focus());
    }
  }

  function saveVisibility(event: FormEvent) {
    event.preventDefault();
    const text = RESULTS_VISIBILITY_TEXT[visibilityChoice];
    void update({ results_visibility: visibilityChoice }, `Saved: ${text.detail}.`);
  }

  return (
    <>
      {poll.results_visibility !== 'always' && (
        <p>
          <button type="button" disabled={busy} onClick={reveal}>
            Reveal results
          </button>
        </p>
      )}
      <p>
        <strong>On the home page:</strong>{' '}
        {poll.listed ? 'listed, for anyone to find' : 'unlisted: only people with its link or join code find it'}
      </p>
      <p>
        <button
          type="button"
          className="button-quiet"
          disabled={busy}
          onClick={() =>
            update(
              { listed: !poll.listed },
              poll.listed ? 'The poll is off the home page now.' : 'The poll is listed on the home page now.',
            )
          }
        >
          {poll.listed ? 'Take it off the home page' : 'List it on the home page'}
        </button>
      </p>
      <form onSubmit={saveVisibility}>
        <div className="field">
          <label htmlFor="results-visibility">Change when results appear</label>
          <select
            id="results-visibility"
            ref={visibilitySelect}
            value={visibilityChoice}
            onChange={(e) => setVisibilityChoice(e.target.value as ResultsVisibility)}
          >
            {RESULTS_VISIBILITIES.map((choice) => (
              <option key={choice} value={choice}>
                {RESULTS_VISIBILITY_TEXT[choice].choice}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={busy}>
          Save setting
        </button>
      </form>
    </>
  );
}
