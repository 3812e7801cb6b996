import { LIMITS } from '../../../domain/schemas';
import { describedBy, FieldError } from './field-error';
import type { Draft, Errors } from './poll-draft';

/** The poll's texts besides its answers: the question, its description and its category. */

type FieldProps = { draft: Draft; errors: Errors; change: (change: Partial<Draft>) => void };

export function QuestionField({ draft, errors, change }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor="title">Question</label>
      <input
        id="title"
        value={draft.title}
        maxLength={LIMITS.title}
        aria-invalid={Boolean(errors.title)}
        aria-describedby={describedBy(errors, 'title')}
        onChange={(e) => change({ title: e.target.value })}
      />
      <FieldError errors={errors} id="title" />
    </div>
  );
}

export function DescriptionField({ draft, errors, change }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor="description">
        Description <span className="hint">(optional)</span>
      </label>
      <textarea
        id="description"
        rows={3}
        value={draft.description}
        maxLength={LIMITS.description}
        aria-invalid={Boolean(errors.description)}
        aria-describedby={describedBy(errors, 'description')}
        onChange={(e) => change({ description: e.target.value })}
      />
      <FieldError errors={errors} id="description" />
    </div>
  );
}

export function CategoryField({ draft, errors, change }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor="category">
        Category <span className="hint">(optional)</span>
      </label>
      <input
        id="category"
        value={draft.category}
        maxLength={LIMITS.category}
        placeholder="e.g. food, work, sport"
        aria-invalid={Boolean(errors.category)}
        aria-describedby={describedBy(errors, 'category')}
        onChange={(e) => change({ category: e.target.value })}
      />
      <FieldError errors={errors} id="category" />
    </div>
  );
}
