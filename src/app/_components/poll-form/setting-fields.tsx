import { POLL_KINDS, RESULTS_VISIBILITIES, type Poll, type PollKind } from '../../../domain/polls';
import { TEXT_MAX_CHOICES } from '../../../domain/schemas';
import { KIND_TEXT, RESULTS_VISIBILITY_TEXT, VOTER_IDENTITY_TEXT } from '../../_lib/poll-settings';
import { describedBy, FieldError } from './field-error';
import type { Draft, Errors } from './poll-draft';

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
  return (
    <>
      <div className="field">
        <label htmlFor="expires_at">
          Voting ends at <span className="hint">(optional, your local time)</span>
        </label>
        <input
          id="expires_at"
          type="datetime-local"
          value={endsAt}
          aria-invalid={Boolean(errors.expires_at)}
          aria-describedby={describedBy(errors, 'expires_at', 'expires-hint')}
          onChange={(e) => setEndsAt(e.target.value)}
        />
        <p id="expires-hint" className="hint">
          Leave it empty to keep the poll open until you close it.
        </p>
        <FieldError errors={errors} id="expires_at" />
      </div>

      <SettingChoices
        name="voter_identity"
        legend="Where will people vote?"
        hintId="voter-identity-hint"
        hint="A room often shares one network address, so there each browser gets one vote (someone who clears their cookies can vote again); one vote per address is strict, but then a whole room on one Wi-Fi counts as one voter."
        values={VOTER_IDENTITIES}
        texts={VOTER_IDENTITY_TEXT}
        checked={draft.voterIdentity}
        onChange={(voterIdentity) => change({ voterIdentity })}
        errors={errors}
      />

      <AnswersPerVoterField draft={draft} errors={errors} change={change} />
      {draft.kind === 'text' && <FilterProfanityField draft={draft} errors={errors} change={change} />}

      <SettingChoices
        name="results_visibility"
        legend="When results appear"
        hintId="results-visibility-hint"
        hint="Everyone always sees how many votes there are; this decides who sees the count of each answer, and when. You can change it later."
        values={RESULTS_VISIBILITIES}
        texts={RESULTS_VISIBILITY_TEXT}
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
          <label htmlFor="listed">List this poll on the home page</label>
        </div>
        <p id="listed-hint" className="hint">
          If it is not listed, only people with its link or join code can find it. You can change this later.
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
  return (
    <SettingChoices
      name="kind"
      legend="How do people vote?"
      hintId="kind-hint"
      hint="Ranked choice finds the answer most voters can accept: if no answer has more than half of the first choices, the last is dropped and its voters' next choices count, round by round. Open answers need no answers from you: voters write their own, and the same answer written alike counts together."
      values={POLL_KINDS}
      texts={KIND_TEXT}
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

function AnswersPerVoterField(props: Pick<Props, 'draft' | 'errors' | 'change'>) {
  if (props.draft.kind === 'text') return <WrittenPerVoterField {...props} />;
  return props.draft.kind === 'ranked' ? <RanksPerVoterField {...props} /> : <ChoicesPerVoterField {...props} />;
}

/** An open-text poll: how many answers one voter may write. */
function WrittenPerVoterField({ draft, errors, change }: Pick<Props, 'draft' | 'errors' | 'change'>) {
  return (
    <div className="field">
      <label htmlFor="max_choices">Answers per voter</label>
      <input
        id="max_choices"
        className="answers-per-voter"
        type="number"
        inputMode="numeric"
        min={1}
        max={TEXT_MAX_CHOICES.max}
        step={1}
        value={draft.maxChoices}
        aria-invalid={Boolean(errors.max_choices)}
        aria-describedby={describedBy(errors, 'max_choices', 'max-choices-hint')}
        onChange={(e) => change({ maxChoices: e.target.value })}
      />
      <p id="max-choices-hint" className="hint">
        How many answers each voter may write, from 1 to {TEXT_MAX_CHOICES.max}.
      </p>
      <FieldError errors={errors} id="max_choices" />
    </div>
  );
}

/** An open-text poll may hold back answers a profanity filter flags, until the creator shows them. */
function FilterProfanityField({ draft, errors, change }: Pick<Props, 'draft' | 'errors' | 'change'>) {
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
        <label htmlFor="filter_profanity">Hold back profanity</label>
      </div>
      <p id="filter-profanity-hint" className="hint">
        Answers an English profanity filter flags stay out of the results until you show them on the manage page. Their
        voters are not told. Chosen now, it cannot be changed later.
      </p>
      <FieldError errors={errors} id="filter_profanity" />
    </div>
  );
}

/** A ranked poll: how many answers one voter may rank, every one unless the creator says fewer. */
function RanksPerVoterField({ draft, errors, change }: Pick<Props, 'draft' | 'errors' | 'change'>) {
  return (
    <div className="field">
      <label htmlFor="max_choices">How many may one voter rank</label>
      <input
        id="max_choices"
        className="answers-per-voter"
        type="number"
        inputMode="numeric"
        min={1}
        max={draft.options.length}
        step={1}
        placeholder="All"
        value={draft.maxChoices}
        aria-invalid={Boolean(errors.max_choices)}
        aria-describedby={describedBy(errors, 'max_choices', 'max-choices-hint')}
        onChange={(e) => change({ maxChoices: e.target.value })}
      />
      <p id="max-choices-hint" className="hint">
        Leave it empty to let each voter rank all {draft.options.length} answers, or choose from 1 to{' '}
        {draft.options.length}.
      </p>
      <FieldError errors={errors} id="max_choices" />
    </div>
  );
}

function ChoicesPerVoterField({ draft, errors, change }: Pick<Props, 'draft' | 'errors' | 'change'>) {
  return (
    <div className="field">
      <label htmlFor="max_choices">Answers per voter</label>
      <input
        id="max_choices"
        className="answers-per-voter"
        type="number"
        inputMode="numeric"
        min={1}
        max={draft.options.length}
        step={1}
        value={draft.maxChoices}
        aria-invalid={Boolean(errors.max_choices)}
        aria-describedby={describedBy(errors, 'max_choices', 'max-choices-hint')}
        onChange={(e) => change({ maxChoices: e.target.value })}
      />
      <p id="max-choices-hint" className="hint">
        How many answers each voter may pick, from 1 to {draft.options.length}.
      </p>
      <FieldError errors={errors} id="max_choices" />
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
  texts: Record<Value, { choice: string; detail: string }>;
  checked: Value;
  onChange: (value: Value) => void;
  errors: Errors;
}) {
  const { name, values, texts, errors } = props;
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
          <label htmlFor={`${name}-${value}`}>
            {texts[value].choice} <span className="hint">({texts[value].detail})</span>
          </label>
        </div>
      ))}
      <FieldError errors={errors} id={name} />
    </fieldset>
  );
}
