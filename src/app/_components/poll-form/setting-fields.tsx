import { useTranslations } from '../../_lib/intl';
import { POLL_KINDS, RESULTS_VISIBILITIES, type Poll, type PollKind } from '../../../domain/polls';
import { TEXT_MAX_CHOICES } from '../../../domain/schemas';
import { describedBy, FieldError } from './field-error';
import type { Draft, Errors } from './poll-draft';
import { useSettingWords, type SettingWords } from './setting-words';
import { hint } from '../rich-tags';

/**
 * What only a new poll chooses (editing a poll's texts leaves them be): when voting ends, where
 * people vote, how many answers each may pick, when results appear, whether it is listed, and
 * whether an open-text poll holds back profanity.
 */

/** The room first: most polls are run in one (the API's default stays the strict "address"). */
const VOTER_IDENTITIES: Poll['voter_identity'][] = ['browser', 'address'];

type Props = {
  draft: Draft;
  errors: Errors;
  change: (change: Partial<Draft>) => void;
  endsAt: string;
  setEndsAt: (endsAt: string) => void;
};

export function SettingFields({ draft, errors, change, endsAt, setEndsAt }: Props) {
  const t = useTranslations('PollForm');
  const words = useSettingWords();
  return (
    <>
      <div className="field">
        <label htmlFor="expires_at">{t.rich('endsAt', { hint })}</label>
        <input
          id="expires_at"
          type="datetime-local"
          value={endsAt}
          aria-invalid={Boolean(errors.expires_at)}
          aria-describedby={describedBy(errors, 'expires_at', 'expires-hint')}
          onChange={(e) => setEndsAt(e.target.value)}
        />
        <p id="expires-hint" className="hint">
          {t('endsAtHint')}
        </p>
        <FieldError errors={errors} id="expires_at" />
      </div>

      <SettingChoices
        name="voter_identity"
        legend={t('voterIdentity')}
        hintId="voter-identity-hint"
        hint={t('voterIdentityHint')}
        values={VOTER_IDENTITIES}
        words={words.voterIdentity}
        checked={draft.voterIdentity}
        onChange={(voterIdentity) => change({ voterIdentity })}
        errors={errors}
      />

      <AnswersPerVoterField draft={draft} errors={errors} change={change} />
      {draft.kind === 'text' && <FilterProfanityField draft={draft} errors={errors} change={change} />}

      <SettingChoices
        name="results_visibility"
        legend={t('resultsVisibility')}
        hintId="results-visibility-hint"
        hint={t('resultsVisibilityHint')}
        values={RESULTS_VISIBILITIES}
        words={words.resultsVisibility}
        checked={draft.resultsVisibility}
        onChange={(resultsVisibility) => change({ resultsVisibility })}
        errors={errors}
      />

      <div className="field">
        <div className="setting-choice">
          <input
            type="checkbox"
            id="listed"
            checked={draft.listed}
            aria-describedby="listed-hint"
            onChange={(e) => change({ listed: e.target.checked })}
          />
          <label htmlFor="listed">{t('listed')}</label>
        </div>
        <p id="listed-hint" className="hint">
          {t('listedHint')}
        </p>
      </div>
    </>
  );
}

/** Each kind's "answers per voter" when the creator has not chosen: one, or every answer ranked. */
const DEFAULT_MAX_CHOICES: Record<PollKind, string> = { choice: '1', ranked: '', text: '1' };

/**
 * How voters choose: some answers, or a ranking of them (which takes more answers). Switching
 * kind keeps a number the creator typed, and otherwise takes the new kind's default.
 */
export function KindField({ draft, errors, change }: Pick<Props, 'draft' | 'errors' | 'change'>) {
  const t = useTranslations('PollForm');
  const words = useSettingWords();
  return (
    <SettingChoices
      name="kind"
      legend={t('kind')}
      hintId="kind-hint"
      hint={t('kindHint')}
      values={POLL_KINDS}
      words={words.kind}
      checked={draft.kind}
      onChange={(kind) =>
        change({
          kind,
          maxChoices:
            draft.maxChoices === DEFAULT_MAX_CHOICES[draft.kind] ? DEFAULT_MAX_CHOICES[kind] : draft.maxChoices,
        })
      }
      errors={errors}
    />
  );
}

/**
 * How many answers one voter may pick (a choice poll), rank (a ranked poll: every one unless the
 * creator says fewer) or write (an open-text poll): one field whose words and bounds are the kind's.
 */
function AnswersPerVoterField({ draft, errors, change }: Pick<Props, 'draft' | 'errors' | 'change'>) {
  const t = useTranslations('PollForm.perVoter');
  const { kind } = draft;
  const most = kind === 'text' ? TEXT_MAX_CHOICES.max : draft.options.length;
  return (
    <div className="field">
      <label htmlFor="max_choices">{t(`${kind}.label`)}</label>
      <input
        id="max_choices"
        className="answers-per-voter"
        type="number"
        inputMode="numeric"
        min={1}
        max={most}
        step={1}
        placeholder={kind === 'ranked' ? t('ranked.placeholder') : undefined}
        value={draft.maxChoices}
        aria-invalid={Boolean(errors.max_choices)}
        aria-describedby={describedBy(errors, 'max_choices', 'max-choices-hint')}
        onChange={(e) => change({ maxChoices: e.target.value })}
      />
      <p id="max-choices-hint" className="hint">
        {t(`${kind}.hint`, { most })}
      </p>
      <FieldError errors={errors} id="max_choices" />
    </div>
  );
}

/** An open-text poll may hold back answers a profanity filter flags, until the creator shows them. */
function FilterProfanityField({ draft, errors, change }: Pick<Props, 'draft' | 'errors' | 'change'>) {
  const t = useTranslations('PollForm');
  return (
    <div className="field">
      <div className="setting-choice">
        <input
          type="checkbox"
          id="filter_profanity"
          checked={draft.filterProfanity}
          aria-describedby={describedBy(errors, 'filter_profanity', 'filter-profanity-hint')}
          onChange={(e) => change({ filterProfanity: e.target.checked })}
        />
        <label htmlFor="filter_profanity">{t('filterProfanity')}</label>
      </div>
      <p id="filter-profanity-hint" className="hint">
        {t('filterProfanityHint')}
      </p>
      <FieldError errors={errors} id="filter_profanity" />
    </div>
  );
}

/** One setting as radio buttons, each choice with its detail; the fieldset is described by a hint. */
function SettingChoices<Value extends string>(props: {
  name: string;
  legend: string;
  hintId: string;
  hint: string;
  values: readonly Value[];
  words: (value: Value) => SettingWords;
  checked: Value;
  onChange: (value: Value) => void;
  errors: Errors;
}) {
  const t = useTranslations('PollForm');
  const { name, values, errors } = props;
  return (
    <fieldset className="field" aria-describedby={describedBy(errors, name, props.hintId)}>
      <legend>{props.legend}</legend>
      <p id={props.hintId} className="hint">
        {props.hint}
      </p>
      {values.map((value) => (
        <div key={value} className="setting-choice">
          <input
            type="radio"
            id={`${name}-${value}`}
            name={name}
            value={value}
            checked={props.checked === value}
            onChange={() => props.onChange(value)}
          />
          <label htmlFor={`${name}-${value}`}>{t.rich('setting', { ...props.words(value), hint })}</label>
        </div>
      ))}
      <FieldError errors={errors} id={name} />
    </fieldset>
  );
}
