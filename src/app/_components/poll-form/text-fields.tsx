import { useTranslations } from '../../_lib/intl';
import { LIMITS } from '../../../domain/schemas';
import { describedBy, FieldError } from './field-error';
import { hint } from '../rich-tags';
import type { Draft, Errors } from './poll-draft';

/** The poll's texts besides its answers: the question, its description and its category. */

type FieldProps = { draft: Draft; errors: Errors; change: (change: Partial<Draft>) => void };

/**
 * A field of poll text reads in the direction of what is typed in it, whatever the page's; empty,
 * it keeps the page's, so its caret and placeholder start where the page reads from.
 */
export const typedDirection = (value: string) => (value ? 'auto' : undefined);

export function QuestionField({ draft, errors, change }: FieldProps) {
  const t = useTranslations('PollForm');
  return (
    <div className="field">
      <label htmlFor="title">{t('question')}</label>
      <input
        id="title"
        dir={typedDirection(draft.title)}
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
  const t = useTranslations('PollForm');
  return (
    <div className="field">
      <label htmlFor="description">{t.rich('description', { hint })}</label>
      <textarea
        id="description"
        dir={typedDirection(draft.description)}
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
  const t = useTranslations('PollForm');
  return (
    <div className="field">
      <label htmlFor="category">{t.rich('category', { hint })}</label>
      <input
        id="category"
        dir={typedDirection(draft.category)}
        value={draft.category}
        maxLength={LIMITS.category}
        placeholder={t('categoryExamples')}
        aria-invalid={Boolean(errors.category)}
        aria-describedby={describedBy(errors, 'category')}
        onChange={(e) => change({ category: e.target.value })}
      />
      <FieldError errors={errors} id="category" />
    </div>
  );
}
