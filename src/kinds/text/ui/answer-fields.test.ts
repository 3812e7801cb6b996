import { describe, expect, it } from 'vitest';
import { checkAnswers, readAnswerFields } from './answer-fields';

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
    expect(checkAnswers(['', '  '])).toEqual({ ok: false, fields: [null, null], ballot: 'Write an answer first.' });
  });

  it('names an answer that reads the same as an earlier one, as the API groups them', () => {
    const check = checkAnswers(['Ice cream', 'ICECREAM!', 'Ｉｃｅ ｃｒｅａｍ']);
    expect(check).toEqual({
      ok: false,
      ballot: null,
      fields: [
        null,
        'This reads the same as answer 1: write a different answer, or leave it empty.',
        'This reads the same as answer 1: write a different answer, or leave it empty.',
      ],
    });
  });

  it('says at its field what the text rules refuse', () => {
    const check = checkAnswers(['ok', 'a\u202Eb', '\u200B', 'x'.repeat(41)]);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.fields[0]).toBeNull();
    expect(check.fields[1]).toMatch(/^This answer must not contain text direction controls/);
    expect(check.fields[2]).toBe('This answer must contain visible characters.');
    expect(check.fields[3]).toBe('This answer must be at most 40 characters.');
  });

  it('keeps accents apart, as the groups do', () => {
    expect(checkAnswers(['pêche', 'peche'])).toEqual({ ok: true, answers: ['pêche', 'peche'] });
  });
});
