import { createTranslator, type AbstractIntlMessages } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { createPollSchema } from '../../../domain/schemas';
import en from '../../../../messages/create/en.json';
import de from '../../../../messages/create/de.json';
import { pathsOf, problemsOf } from './form-errors';
import { createBody, draftOf, EMPTY, type Draft } from './poll-draft';

/** The FormErrors messages of one language, looked up by key strings as the form does. */
function translator(locale: string, messages: AbstractIntlMessages) {
  const t = createTranslator({ locale, messages, namespace: 'FormErrors' });
  return (key: string, values?: Record<string, string | number>) => t(key, values as never);
}
const english = translator('en', en);
const german = translator('de', de);

const draft = (change: Partial<Draft> = {}, options = ['Tea', 'Coffee']): Draft => ({
  ...draftOf({ ...EMPTY, title: 'Drinks?', options }),
  ...change,
});

/** What the form says of a draft the schema refuses, as it checks before sending. */
function refused(form: Draft, t = english) {
  const checked = createPollSchema.safeParse(createBody(form, ''));
  expect(checked.success).toBe(false);
  return problemsOf(pathsOf(checked.error!.issues), form, t);
}

describe('the new-poll form’s words for a refusal', () => {
  it('asks for the question and each blank answer, in the page’s language', () => {
    const blank = draft({ title: '  ' }, ['', 'Coffee']);
    expect(refused(blank)).toEqual({ title: 'Write your question.', 'options.0': 'Write this answer, or remove it.' });
    expect(refused(blank, german)).toEqual({
      title: 'Bitte geben Sie Ihre Frage ein.',
      'options.0': 'Geben Sie diese Antwort ein oder entfernen Sie sie.',
    });
  });

  it('names the two answers that read the same', () => {
    expect(refused(draft({}, ['Tea', 'Coffee', 'TEA ']))).toEqual({
      options: 'Answers 1 and 3 read the same: make each one different.',
    });
  });

  it('says what is wrong with text that is not blank: control characters, or nothing visible', () => {
    const rule = 'Use at least one visible character, and no control characters.';
    expect(refused(draft({ title: 'Drinks\u0007?', description: 'Hot\u0000' }))).toEqual({
      title: rule,
      description: rule,
    });
    expect(refused(draft({ title: '\u200b\u200b' })).title).toBe(rule);
  });

  it('gives the bounds of answers per voter by kind', () => {
    expect(refused(draft({ maxChoices: '3' })).max_choices).toBe('Choose a number from 1 to 2.');
    expect(refused(draft({ kind: 'ranked', maxChoices: '0' })).max_choices).toBe(
      'Choose a number from 1 to 2, or leave it empty.',
    );
    expect(refused(draft({ kind: 'text', maxChoices: '11' }, [])).max_choices).toBe('Choose a number from 1 to 10.');
  });

  it('says a field it has no place for, or an unknown one, for the whole form', () => {
    const form = draft();
    expect(problemsOf(['listed', 'whatever', ''], form, english)).toEqual({
      form: 'Part of the poll was not accepted. Check it and try again.',
    });
    expect(problemsOf(['options'], draft({}, ['A']), german).options).toBe('Geben Sie mindestens 2 Antworten an.');
  });
});
