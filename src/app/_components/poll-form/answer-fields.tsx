import { useTranslations } from '../../_lib/intl';
import type { PollKind } from '../../../domain/polls';
import { LIMITS, OPTION_LIMITS } from '../../../domain/schemas';
import { describedBy, FieldError } from './field-error';
import type { Draft, Errors } from './poll-draft';
import { typedDirection } from './text-fields';

/**
 * The answers: one field each, in the order voters see them, with buttons to move one up or down
 * or remove it, and one to add another. Focus follows an added or removed answer.
 */

type Options = Draft['options'];

type Props = {
  /** How many answers a poll may have depends on its kind. */
  kind: PollKind;
  options: Options;
  errors: Errors;
  setOptions: (next: Options) => void;
  /** A key no answer of this form had yet. */
  newKey: () => number;
  requestFocus: (id: string) => void;
};

export function AnswerFields({ kind, options, errors, setOptions, newKey, requestFocus }: Props) {
  const t = useTranslations('PollForm');
  const limits = OPTION_LIMITS[kind];
  function addOption() {
    const key = newKey();
    setOptions([...options, { key, text: '' }]);
    requestFocus(`option-${options.length}`);
  }

  function removeOption(index: number) {
    setOptions(options.filter((_, i) => i !== index));
    requestFocus(`option-${Math.min(index, options.length - 2)}`);
  }

  function moveOption(index: number, by: -1 | 1) {
    const target = index + by;
    if (target < 0 || target >= options.length) return;
    const next = [...options];
    [next[index], next[target]] = [next[target]!, next[index]!];
    setOptions(next);
  }

  return (
    <fieldset className="field" aria-describedby={describedBy(errors, 'options', 'options-hint')}>
      <legend>{t('answers')}</legend>
      <p id="options-hint" className="hint">
        {t('answersHint', limits)}
      </p>
      {options.map((option, index) => (
        <AnswerRow
          key={option.key}
          index={index}
          count={options.length}
          text={option.text}
          errors={errors}
          onText={(text) => setOptions(options.map((o, i) => (i === index ? { ...o, text } : o)))}
          onMove={(by) => moveOption(index, by)}
          onRemove={() => removeOption(index)}
        />
      ))}
      <FieldError errors={errors} id="options" />
      <button type="button" className="button-quiet" disabled={options.length >= limits.max} onClick={addOption}>
        {t('addAnswer')}
      </button>
    </fieldset>
  );
}

type RowProps = {
  index: number;
  count: number;
  text: string;
  errors: Errors;
  onText: (text: string) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

function AnswerRow({ index, count, text, errors, onText, onMove, onRemove }: RowProps) {
  const t = useTranslations('PollForm');
  const id = `option-${index}`;
  const number = { number: index + 1 };
  return (
    <div>
      <div className="option-row">
        <label htmlFor={id} className="visually-hidden">
          {t('answer', number)}
        </label>
        <input
          id={id}
          dir={typedDirection(text)}
          value={text}
          placeholder={t('answer', number)}
          maxLength={LIMITS.option}
          aria-invalid={Boolean(errors[`options.${index}`])}
          aria-describedby={describedBy(errors, `options.${index}`)}
          onChange={(e) => onText(e.target.value)}
        />
        <button
          type="button"
          className="icon-button"
          aria-label={t('moveUp', number)}
          aria-disabled={index === 0}
          onClick={() => onMove(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={t('moveDown', number)}
          aria-disabled={index === count - 1}
          onClick={() => onMove(1)}
        >
          ↓
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={t('remove', number)}
          disabled={count <= LIMITS.minOptions}
          onClick={onRemove}
        >
          ✕
        </button>
      </div>
      <FieldError errors={errors} id={`options.${index}`} />
    </div>
  );
}
