import { describe, expect, it } from 'vitest';
import { kindWords } from '../../../../tests/support/kind-messages';
import { checkAnswers, readAnswerFields, type AnswerProblem } from './answer-fields';

/** A field's problem as the ballot says it, in English unless told. */
function words(problem: AnswerProblem | null | undefined, locale: Parameters<typeof kindWords>[1] = 'en') {
  return problem ? kindWords('AnswerBallot', locale)(problem.rule, problem) : null;
}

function form(...answers: string[]): FormData {
  const data = new FormData();
  data.append('poll_id', 'p');
  for (const answer of answers) data.append('answer', answer);
  return data;
}

describe('the open-text ballot form fields', () => {
  it('reads every `answer` field in order, blanks left out', () => {
    expect(readAnswerFields(form('Pizza', '', '  ', 'Sushi'))).toEqual(['Pizza', 'Sushi']);
    expect(readAnswerFields(form('', ''))).toEqual([]);
    expect(readAnswerFields(new FormData())).toEqual([]);
  });

  it('keeps repeats and bad answers for the vote to refuse, with the same error as through the API', () => {
    expect(readAnswerFields(form('Pizza', 'pizza', '\u0007'))).toEqual(['Pizza', 'pizza', '\u0007']);
  });
});

describe('the checks before sending', () => {
  it('sends the answers given, as the rules keep them, blank fields left out', () => {
    expect(checkAnswers([' Pizza ', '', 'Sushi'])).toEqual({ ok: true, answers: ['Pizza', 'Sushi'] });
  });

  it('asks for an answer when every field is blank', () => {
    expect(checkAnswers(['', '  '])).toEqual({ ok: false, fields: [null, null], allBlank: true });
  });

  it('names an answer that reads the same as an earlier one, as the API groups them', () => {
    const check = checkAnswers(['Ice cream', 'ICECREAM!', 'Ｉｃｅ ｃｒｅａｍ']);
    expect(check).toEqual({
      ok: false,
      allBlank: false,
      fields: [null, { rule: 'same', first: 1 }, { rule: 'same', first: 1 }],
    });
    if (check.ok) return;
    expect(words(check.fields[1])).toBe(
      'This reads the same as answer 1: write a different answer, or leave it empty.',
    );
  });

  it('says at its field what the text rules refuse', () => {
    const check = checkAnswers(['ok', 'a\u202Eb', '\u200B', 'x'.repeat(41), 'a\u0007b', '\uD800b']);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.fields.map((problem) => words(problem))).toEqual([
      null,
      'This answer must not contain text direction controls (U+202A–U+202E, U+2066–U+2069, LRM, RLM, ALM).',
      'This answer must contain visible characters.',
      'This answer must be at most 40 characters.',
      'This answer must not contain control characters.',
      'This answer must be valid Unicode text.',
    ]);
    // Each of the text rules has words of its own: none falls back to the general message.
    expect(check.fields.map((problem) => problem?.rule)).not.toContain('unreadable');
  });

  it('says each problem in the page’s language', () => {
    const check = checkAnswers(['Kind', 'KIND!', 'x'.repeat(41)]);
    if (check.ok) throw new Error('the answers should be refused');
    expect(words(check.fields[1], 'de')).toBe(
      'Diese Antwort gleicht Antwort 1: Schreiben Sie eine andere Antwort oder lassen Sie das Feld leer.',
    );
    expect(words(check.fields[2], 'ar')).toBe('يجب ألا تتجاوز هذه الإجابة 40 حرفًا.');
    expect(words(check.fields[2], 'fr')).toBe('Cette réponse doit faire au plus 40 caractères.');
  });

  it('keeps accents apart, as the groups do', () => {
    expect(checkAnswers(['pêche', 'peche'])).toEqual({ ok: true, answers: ['pêche', 'peche'] });
  });
});
