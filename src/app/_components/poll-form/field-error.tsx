import type { Errors } from './poll-draft';

/** A field's problem, shown under it and named by its `aria-describedby`. */

/** The ids that describe field `id`: its hint, if any, and its error while it has one. */
export function describedBy(errors: Errors, id: string, hint?: string): string | undefined {
  return [hint, errors[id] ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;
}

export function FieldError({ errors, id }: { errors: Errors; id: string }) {
  return errors[id] ? (
    <p id={`${id}-error`} className="field-error">
      {errors[id]}
    </p>
  ) : null;
}
