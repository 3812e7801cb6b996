import { describe, expect, it } from 'vitest';
import { TEXT_ANSWER_LIMITS, answerGroupKey } from './answer-groups';
import { answerTextSchema } from './schemas';

const sameGroup = (a: string, b: string) => expect(answerGroupKey(a), `${a} and ${b}`).toBe(answerGroupKey(b));
const otherGroup = (a: string, b: string) => expect(answerGroupKey(a), `${a} and ${b}`).not.toBe(answerGroupKey(b));

describe('answers that count as one', () => {
  it('groups answers that differ only in case', () => {
    sameGroup('Pizza', 'pizza');
    sameGroup('PIZZA', 'pIzZa');
    sameGroup('STRASSE', 'straße');
    sameGroup('ΣΟΦΙΑ', 'σοφια');
  });

  it('groups full-width letters and digits with ordinary ones', () => {
    sameGroup('Ｐｉｚｚａ', 'pizza');
    sameGroup('ｎｏ ４２', 'no 42');
    sameGroup('ﬁsh', 'fish');
  });

  it('groups answers that differ only in spaces, around and inside', () => {
    sameGroup('  ice cream ', 'ice cream');
    sameGroup('ice cream', 'icecream');
    sameGroup('ice   cream', 'ice\u00a0cream');
    sameGroup('ice cream', 'ice\u3000cream');
    sameGroup('i c e c r e a m', 'ice cream');
  });

  it('groups answers that differ only in punctuation at the end, repeated or not', () => {
    for (const end of [
      '.',
      '!',
      '?',
      '!!!',
      '?!',
      '...',
      '…',
      ',',
      ';',
      ':',
      ' !',
      '！',
      '？',
      '。',
      '‼',
      '؟',
      '।',
      '‽',
    ])
      sameGroup(`yes${end}`, 'yes');
    sameGroup('Great job!!!', 'great job');
    sameGroup('Oui !', 'oui');
    sameGroup('好。', '好');
    sameGroup('مرحبا؟', 'مرحبا');
  });

  it('keeps punctuation that is not at the end, or that ends real answers', () => {
    otherGroup('e.g', 'eg');
    otherGroup('C#', 'C');
    otherGroup('C++', 'C');
    otherGroup('(yes)', '(yes');
    otherGroup('students’', 'students');
    otherGroup('¿Qué?', 'Qué');
    sameGroup('¿Qué?', '¿qué');
  });

  it('groups look-alike letters of other scripts with the Latin letter they imitate', () => {
    sameGroup('\u0430pple', 'apple'); // Cyrillic а
    sameGroup('Ρizza', 'Pizza'); // Greek Ρ
    sameGroup('\u0455h\u0456t', 'shit'); // Cyrillic ѕ, і
  });

  it('ignores invisible characters and direction controls inside an answer', () => {
    sameGroup('pi\u200bzza', 'pizza');
    sameGroup('\u202epizza', 'pizza');
    sameGroup('pizza\u2069', 'pizza');
  });

  it('keeps accents distinct, however they are typed', () => {
    otherGroup('pêche', 'peche');
    otherGroup('péché', 'pêche');
    otherGroup('Müller', 'Muller');
    sameGroup('pe\u0302che', 'p\u00eache');
    sameGroup('PÊCHE!', 'pêche');
  });

  it('keeps letters and digits that only look alike apart', () => {
    otherGroup('0', 'O');
    otherGroup('1', 'l');
    otherGroup('rn', 'm');
    otherGroup('µs', 'ms');
  });

  it('keeps different words apart', () => {
    otherGroup('pizza', 'pasta');
    otherGroup('yes', 'yess');
    otherGroup('yes', 'no');
    otherGroup('1', '2');
    otherGroup('🍕', '🍔');
  });

  it('gives an answer of punctuation only a key of its own, never the empty key', () => {
    for (const answer of ['?', '!!!', '...', '…', '。', '‽']) expect(answerGroupKey(answer)).not.toBe('');
    otherGroup('?', '!!!');
    otherGroup('?', '!');
    otherGroup('...', '.');
    sameGroup('…', '...');
    sameGroup(' ? ', '?');
    sameGroup('？', '?');
    otherGroup('?', 'yes');
  });

  it('keeps emoji and other symbols as they are', () => {
    sameGroup('🍕', ' 🍕 ');
    sameGroup('🍕!', '🍕');
    otherGroup('🍕', '🍕🍕');
    // The joiner is invisible, so the joined emoji and its two parts side by side read alike.
    sameGroup('👩\u200d💻', '👩💻');
  });
});

describe('the limits of an answer', () => {
  it('are 1 to 10 answers of up to 40 characters, the length the answer rules hold', () => {
    expect(TEXT_ANSWER_LIMITS).toEqual({ length: 40, minAnswers: 1, maxAnswers: 10 });
    expect(answerTextSchema.safeParse('a'.repeat(TEXT_ANSWER_LIMITS.length)).success).toBe(true);
    expect(answerTextSchema.safeParse('a'.repeat(TEXT_ANSWER_LIMITS.length + 1)).success).toBe(false);
  });
});
