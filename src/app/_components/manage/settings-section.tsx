import { useTranslations } from '../../_lib/intl';
import { useRef, type FormEvent, type ReactNode } from 'react';
import { RESULTS_VISIBILITIES, type Poll, type ResultsVisibility } from '../../../domain/polls';
import { useSettingWords } from '../poll-form/setting-words';
import { hint } from '../rich-tags';
import type { PollState } from './poll-changes';

/**
 * The poll's settings: those fixed at creation (the kind of a ranked or text poll too), when results appear and whether it is listed.
 * Once the token was taken (`controls`), the creator can reveal hidden results, list or unlist the
 * poll, and choose when results appear.
 */

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

const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;

export function SettingsSection({ created, optionCount, poll, controls }: Props) {
  const t = useTranslations('ManageSettings');
  const words = useSettingWords();
  const { kind, max_choices: most } = created;
  return (
    <section className="panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('heading')}</h2>
      <dl className="settings">
        {kind !== 'choice' && (
          <>
            <dt>{t('kind')}</dt>
            <dd>{words.kind(kind).name}</dd>
          </>
        )}
        <dt>{t('voterIdentity')}</dt>
        <dd>{words.voterIdentity(created.voter_identity).name}</dd>
        <dt>{t('perVoter')}</dt>
        <dd>{kind === 'ranked' && most >= optionCount ? t('ranksAll') : t(`${kind}PerVoter`, { most })}</dd>
        {kind === 'text' && (
          <>
            <dt>{t('profanity')}</dt>
            <dd>{t(created.filter_profanity ? 'profanityHeld' : 'profanityShown')}</dd>
          </>
        )}
      </dl>
      <p className="hint">{t(`fixed.${kind}`)}</p>
      <p>{t.rich('resultsVisibility', { ...words.resultsVisibility(poll.results_visibility), strong, hint })}</p>
      {controls ? <SettingsControls poll={poll} {...controls} /> : null}
    </section>
  );
}

function SettingsControls({ poll, busy, update, visibilityChoice, setVisibilityChoice }: ControlsProps) {
  const t = useTranslations('ManageSettings');
  const words = useSettingWords();
  const visibilitySelect = useRef<HTMLSelectElement>(null);

  async function reveal() {
    // The button goes away with the hidden results; focus moves to the setting it changed.
    if (await update({ results_visibility: 'always' }, t('revealed'))) {
      requestAnimationFrame(() => visibilitySelect.current?.focus());
    }
  }

  function saveVisibility(event: FormEvent) {
    event.preventDefault();
    void update(
      { results_visibility: visibilityChoice },
      t('visibilitySaved', words.resultsVisibility(visibilityChoice)),
    );
  }

  return (
    <>
      {poll.results_visibility !== 'always' && (
        <p>
          <button type="button" disabled={busy} onClick={reveal}>
            {t('reveal')}
          </button>
        </p>
      )}
      <p>{t.rich(poll.listed ? 'listed' : 'unlisted', { strong })}</p>
      <p>
        <button
          type="button"
          className="button-quiet"
          disabled={busy}
          onClick={() => update({ listed: !poll.listed }, t(poll.listed ? 'unlistedNow' : 'listedNow'))}
        >
          {t(poll.listed ? 'unlist' : 'list')}
        </button>
      </p>
      <form onSubmit={saveVisibility}>
        <div className="field">
          <label htmlFor="results-visibility">{t('changeVisibility')}</label>
          <select
            id="results-visibility"
            ref={visibilitySelect}
            value={visibilityChoice}
            onChange={(e) => setVisibilityChoice(e.target.value as ResultsVisibility)}
          >
            {RESULTS_VISIBILITIES.map((choice) => (
              <option key={choice} value={choice}>
                {words.resultsVisibility(choice).name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={busy}>
          {t('saveVisibility')}
        </button>
      </form>
    </>
  );
}
