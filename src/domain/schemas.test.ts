import { describe, expect, it } from 'vitest';
import { voteSchema } from './ballot-schema';
import { createPollSchema, listPollsQuerySchema, samenessKey, updatePollSchema } from './schemas';

describe('poll creation rules', () => {
  const valid = { title: 'Lunch?', options: ['Pizza', 'Sushi'] };

  it('trims text and turns blank optional fields into null', () => {
    const poll = createPollSchema.parse({ ...valid, title: '  Lunch?  ', description: '   ', category: '' });
    expect(poll).toMatchObject({ title: 'Lunch?', description: null, category: null });
  });

  it('needs 2 to 20 distinct options of 1 to 255 characters', () => {
    expect(createPollSchema.safeParse({ ...valid, options: ['a'] }).success).toBe(false);
    expect(
      createPollSchema.safeParse({ ...valid, options: Array.from({ length: 20 }, (_, i) => `${i}`) }).success,
    ).toBe(true);
    expect(
      createPollSchema.safeParse({ ...valid, options: Array.from({ length: 21 }, (_, i) => `${i}`) }).success,
    ).toBe(false);
    expect(createPollSchema.safeParse({ ...valid, options: ['Yes', ' YES'] }).success).toBe(false);
    expect(createPollSchema.safeParse({ ...valid, options: ['a', 'b'.repeat(256)] }).success).toBe(false);
  });

  it('accepts an end time only in the future', () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(createPollSchema.parse({ ...valid, expires_at: future }).expires_at?.toISOString()).toBe(future);
    expect(createPollSchema.safeParse({ ...valid, expires_at: '2000-01-01T00:00:00Z' }).success).toBe(false);
    expect(createPollSchema.safeParse({ ...valid, expires_at: '12/31/2099' }).success).toBe(false);
  });

  it('explains each refusal in words a person understands', () => {
    const result = createPollSchema.safeParse({ options: ['a'] });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => issue.message) ?? [];
    expect(messages).toContain('a poll needs at least 2 options');
  });
});

describe('ranked polls', () => {
  const options = (n: number) => Array.from({ length: n }, (_, i) => `candidate ${i + 1}`);
  const issues = (result: { error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
    result.error?.issues.map(({ message, path }) => ({ message, path: path.join('.') }));

  it('makes a choice poll unless told otherwise, and refuses a kind it does not know', () => {
    expect(createPollSchema.parse({ title: 't', options: options(2) }).kind).toBe('choice');
    expect(createPollSchema.parse({ kind: 'ranked', title: 't', options: options(2) }).kind).toBe('ranked');
    expect(issues(createPollSchema.safeParse({ kind: 'approval', title: 't', options: options(2) }))).toEqual([
      { message: 'kind must be "choice", "ranked" or "text"', path: 'kind' },
    ]);
  });

  it('takes 2 to 50 options in a ranked poll and 2 to 20 in a choice poll', () => {
    expect(createPollSchema.safeParse({ kind: 'ranked', title: 't', options: options(50) }).success).toBe(true);
    expect(issues(createPollSchema.safeParse({ kind: 'ranked', title: 't', options: options(51) }))).toEqual([
      { message: 'a poll can have at most 20 options (a ranked poll 50)', path: 'options' },
    ]);
    expect(issues(createPollSchema.safeParse({ kind: 'choice', title: 't', options: options(21) }))).toEqual([
      { message: 'a poll can have at most 20 options', path: 'options' },
    ]);
    expect(issues(createPollSchema.safeParse({ kind: 'ranked', title: 't', options: options(1) }))).toEqual([
      { message: 'a ranked poll needs at least 2 options', path: 'options' },
    ]);
  });

  it('leaves max_choices to the kind when it is not given, and bounds it by the options when it is', () => {
    expect(createPollSchema.parse({ kind: 'ranked', title: 't', options: options(5) }).max_choices).toBeUndefined();
    expect(
      createPollSchema.parse({ kind: 'ranked', title: 't', options: options(5), max_choices: 3 }).max_choices,
    ).toBe(3);
    expect(
      createPollSchema.safeParse({ kind: 'ranked', title: 't', options: options(5), max_choices: 6 }).success,
    ).toBe(false);
  });
});

describe('text polls', () => {
  const issues = (body: unknown) =>
    createPollSchema.safeParse(body).error?.issues.map(({ message, path }) => ({ message, path: path.join('.') }));

  it('takes no options, one answer per ballot by default and up to ten', () => {
    const poll = createPollSchema.parse({ kind: 'text', title: 'One word for today?' });
    expect(poll).toMatchObject({ kind: 'text', options: [], filter_profanity: false });
    expect(poll.max_choices).toBeUndefined();
    expect(createPollSchema.parse({ kind: 'text', title: 't', options: [], max_choices: 10 }).max_choices).toBe(10);
    expect(issues({ kind: 'text', title: 't', max_choices: 11 })).toEqual([
      { message: 'max_choices can be at most 10 in a text poll', path: 'max_choices' },
    ]);
    expect(issues({ kind: 'text', title: 't', options: ['a', 'b'] })).toEqual([
      { message: 'a text poll takes no options: its voters write their answers', path: 'options' },
    ]);
  });

  it('takes filter_profanity in a text poll only, and still says what else is wrong', () => {
    expect(createPollSchema.parse({ kind: 'text', title: 't', filter_profanity: true }).filter_profanity).toBe(true);
    expect(issues({ title: 't', options: ['a', 'b'], filter_profanity: true })).toEqual([
      { message: 'filter_profanity is for text polls only', path: 'filter_profanity' },
    ]);
    expect(issues({ options: ['a'] })).toEqual([
      { message: 'title must be text', path: 'title' },
      { message: 'a poll needs at least 2 options', path: 'options' },
    ]);
    expect(issues({ title: 't' })).toEqual([{ message: 'options must be a list of texts', path: 'options' }]);
  });
});

describe('ballots', () => {
  const [a, b, c] = [
    'aaaaaaaa-0000-4000-8000-000000000001',
    'aaaaaaaa-0000-4000-8000-000000000002',
    'aaaaaaaa-0000-4000-8000-000000000003',
  ];
  const messages = (body: unknown) => voteSchema.safeParse(body).error?.issues.map((issue) => issue.message);

  it('reads a ranking in its order, options as options, and answers as texts', () => {
    expect(voteSchema.parse({ ranking: [c, a, b] })).toEqual({ field: 'ranking', values: [c, a, b] });
    expect(voteSchema.parse({ option_ids: [c, a] })).toEqual({ field: 'option_ids', values: [c, a] });
    expect(voteSchema.parse({ option_id: b })).toEqual({ field: 'option_ids', values: [b] });
    expect(voteSchema.parse({ answers: [' Pizza ', 'Cafe\u0301'] })).toEqual({
      field: 'answers',
      values: ['Pizza', 'Caf\u00e9'],
    });
  });

  it('refuses no answers, more than ten, and an answer the text rules refuse', () => {
    expect(messages({ answers: [] })).toEqual(['write at least one answer']);
    expect(messages({ answers: Array.from({ length: 11 }, (_, i) => `answer ${i}`) })).toEqual([
      'a ballot can hold at most 10 answers',
    ]);
    expect(messages({ answers: ['x'.repeat(41)] })).toEqual(['each answer must be at most 40 characters']);
    expect(messages({ answers: 'Pizza' })).toEqual(['answers must be a list of texts']);
  });

  it('refuses an empty ranking, an option twice in any case, a malformed id and two fields at once', () => {
    expect(messages({ ranking: [] })).toEqual(['rank at least one option']);
    expect(messages({ ranking: [a, b, a.toUpperCase()] })).toEqual(['ranking must not name an option twice']);
    expect(messages({ ranking: [a, 'b'] })).toEqual(['each of ranking must be the id of one of the poll’s options']);
    expect(messages({ ranking: [a], option_ids: [a] })).toEqual([
      'send option_ids (or option_id for a single choice), ranking in a ranked poll or answers in a text poll; one, not both',
    ]);
    expect(messages({ ranking: Array.from({ length: 51 }, () => a) })).toEqual([
      'a ballot can rank at most 50 options',
    ]);
  });
});

describe('poll management rules', () => {
  it('needs at least one change', () => {
    expect(updatePollSchema.safeParse({}).success).toBe(false);
    expect(updatePollSchema.safeParse({ is_active: false }).success).toBe(true);
    expect(updatePollSchema.safeParse({ expires_at: null }).success).toBe(true);
    expect(updatePollSchema.safeParse({ is_active: 'no' }).success).toBe(false);
  });
});

describe('listing rules', () => {
  it('defaults to page 1 of 20 and bounds the limit to 1..100', () => {
    expect(listPollsQuerySchema.parse({})).toEqual({ page: 1, limit: 20, category: undefined });
    expect(listPollsQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(listPollsQuerySchema.safeParse({ limit: '2.5' }).success).toBe(false);
  });
});

describe('text that cannot be stored or cannot be seen', () => {
  const valid = { title: 'Lunch?', options: ['Pizza', 'Sushi'] };
  const issuesOf = (input: unknown) => {
    const result = createPollSchema.safeParse(input);
    return result.success
      ? []
      : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  };

  it.each([
    ['NUL', '\u0000'],
    ['escape', '\u001b[31m'],
    ['DEL', '\u007f'],
    ['C1 next-line', '\u0085'],
    ['C1 CSI', '\u009b'],
  ])('refuses a %s character in every text field, naming the field', (_name, bad) => {
    expect(issuesOf({ ...valid, title: `Lunch${bad}` })).toEqual([
      { path: 'title', message: 'title must not contain control characters' },
    ]);
    expect(issuesOf({ ...valid, options: ['Pizza', `Su${bad}shi`] })).toEqual([
      { path: 'options.1', message: 'each option must not contain control characters' },
    ]);
    expect(issuesOf({ ...valid, category: `food${bad}` })).toEqual([
      { path: 'category', message: 'category must not contain control characters' },
    ]);
    expect(issuesOf({ ...valid, description: `why${bad}` })).toEqual([
      { path: 'description', message: 'description must not contain control characters' },
    ]);
  });

  it('allows line breaks and tabs in the description only, storing \n for \r\n', () => {
    const poll = createPollSchema.parse({ ...valid, description: 'one\r\ntwo\n\tthree' });
    expect(poll.description).toBe('one\ntwo\n\tthree');
    expect(issuesOf({ ...valid, description: 'one\rtwo' })).toEqual([
      { path: 'description', message: 'description must not contain control characters' },
    ]);
    for (const field of ['title', 'category'] as const) {
      for (const bad of ['a\nb', 'a\tb', 'a\r\nb']) {
        expect(issuesOf({ ...valid, [field]: bad })).toEqual([
          { path: field, message: `${field} must not contain control characters` },
        ]);
      }
    }
    expect(issuesOf({ ...valid, options: ['a\nb', 'c'] })[0]?.path).toBe('options.0');
  });

  it('refuses a lone UTF-16 surrogate but accepts a paired one', () => {
    expect(issuesOf({ ...valid, title: 'Lunch \ud83c' })).toEqual([
      { path: 'title', message: 'title must be valid Unicode text' },
    ]);
    expect(issuesOf({ ...valid, options: ['\udc00Pizza', 'Sushi'] })).toEqual([
      { path: 'options.0', message: 'each option must be valid Unicode text' },
    ]);
    expect(issuesOf({ ...valid, category: '\ud800' })[0]?.message).toBe('category must be valid Unicode text');
    expect(issuesOf({ ...valid, description: 'x\udfff' })[0]?.message).toBe('description must be valid Unicode text');
    expect(createPollSchema.parse({ ...valid, title: 'Lunch \ud83c\udf55' }).title).toBe('Lunch 🍕');
  });

  it.each([
    ['zero-width space', '\u200b'],
    ['zero-width joiner and non-joiner', '\u200d\u200c'],
    ['word joiner', '\u2060'],
    ['soft hyphen', '\u00ad'],
    ['variation selector', '\ufe0f'],
    ['Mongolian vowel separator', '\u180e'],
    ['Hangul filler', '\u3164'],
    ['a mix with spaces', ' \u200b \u00a0\u2060\u3000 '],
  ])('refuses a title or option made only of %s', (_name, invisible) => {
    expect(issuesOf({ ...valid, title: invisible })).toEqual([
      { path: 'title', message: 'title must contain visible characters' },
    ]);
    expect(issuesOf({ ...valid, options: ['Pizza', invisible] })).toEqual([
      { path: 'options.1', message: 'each option must contain visible characters' },
    ]);
  });

  it('refuses a title of only byte order marks as blank, since trim() counts them as spaces', () => {
    expect(issuesOf({ ...valid, title: '\ufeff\ufeff' })).toEqual([{ path: 'title', message: 'title is required' }]);
  });

  it('reads an invisible-only description or category as not given', () => {
    const poll = createPollSchema.parse({ ...valid, description: '\u200b\u2060', category: '\ufeff\u00ad' });
    expect(poll).toMatchObject({ description: null, category: null });
  });

  it('keeps invisible characters that are part of visible text', () => {
    // ZWJ joins the woman and the laptop into one emoji; FE0F asks for the coloured heart.
    const poll = createPollSchema.parse({ ...valid, title: '👩\u200d💻 or \u2764\ufe0f?' });
    expect(poll.title).toBe('👩\u200d💻 or \u2764\ufe0f?');
  });

  it('stores every text field as trimmed NFC', () => {
    const decomposed = 'Cafe\u0301';
    const poll = createPollSchema.parse({
      title: ` ${decomposed} `,
      description: `${decomposed}\n`,
      options: [decomposed, 'Tea'],
      category: `${decomposed} `,
    });
    expect(poll).toMatchObject({ title: 'Caf\u00e9', description: 'Caf\u00e9', category: 'Caf\u00e9' });
    expect(poll.options).toEqual(['Caf\u00e9', 'Tea']);
  });

  it('counts the length limit after normalising', () => {
    // 255 letters each followed by a combining accent compose to 255 characters.
    const title = 'e\u0301'.repeat(255);
    expect(createPollSchema.parse({ ...valid, title }).title).toHaveLength(255);
    expect(issuesOf({ ...valid, title: 'e\u0301'.repeat(256) })[0]?.message).toBe(
      'title must be at most 255 characters',
    );
  });
});

describe('options that read the same', () => {
  const duplicateMessage = (options: string[]) => {
    const result = createPollSchema.safeParse({ title: 'Lunch?', options });
    return result.success
      ? undefined
      : result.error.issues.find((issue) => issue.path.join('.') === 'options')?.message;
  };

  it.each([
    ['case', 'Pizza', 'PIZZA'],
    ['Cyrillic a', 'Pizza', 'Pizz\u0430'],
    ['all-Cyrillic look-alikes', 'copy', '\u0441\u043e\u0440\u0443'],
    ['Cyrillic capitals', 'HOT', '\u041d\u041e\u0422'],
    ['Greek capitals', 'NO', '\u039d\u039f'],
    ['Greek small letters', 'pizza', '\u03c1izz\u03b1'],
    ['a fullwidth letter', 'Pizza', '\uff30izza'],
    ['a ligature', 'Coffee', 'Co\ufb00ee'],
    ['a zero-width space', 'Pizza', 'Piz\u200bza'],
    ['a soft hyphen', 'Pizza', 'Piz\u00adza'],
    ['a byte order mark', 'Pizza', 'Pi\ufeffzza'],
    ['a word joiner', 'Pizza', 'Pizz\u2060a'],
    ['a variation selector', 'Pizza', 'Pizza\ufe0e'],
    ['doubled and odd spaces', 'Ice cream', 'Ice \u00a0 \u3000cream'],
    ['decomposed accents', 'Caf\u00e9', 'Cafe\u0301'],
    ['an accented look-alike', 'No\u00ebl', 'No\u0451l'],
    ['sharp s', 'Straße', 'STRASSE'],
    ['Greek final sigma', '\u039f\u03a3', '\u03bf\u03c3'],
  ])('treats options differing only by %s as one', (_name, a, b) => {
    expect(samenessKey(a)).toBe(samenessKey(b));
    expect(duplicateMessage(['Sushi', a, b])).toBe(
      'options must be different from each other (options 2 and 3 read the same)',
    );
  });

  it.each([
    ['micro and milli', 'µs', 'ms'],
    ['digit zero and letter O', '0', 'O'],
    ['digit one and letter l', '1', 'l'],
    ['rn and m', 'modern', 'modem'],
    ['an accent', 'Café', 'Cafe'],
    ['Russian words', 'да', 'нет'],
    ['Greek words', 'ναι', 'όχι'],
  ])('keeps options that differ by %s apart', (_name, a, b) => {
    expect(samenessKey(a)).not.toBe(samenessKey(b));
    expect(duplicateMessage([a, b])).toBeUndefined();
  });

  it('stores each option as written, not as its sameness key', () => {
    expect(createPollSchema.parse({ title: 't', options: ['\uff30izza', 'Sushi'] }).options).toEqual([
      '\uff30izza',
      'Sushi',
    ]);
  });
});

describe('the category filter of a listing', () => {
  it('refuses control characters and broken text with an issue naming category', () => {
    for (const [bad, message] of [
      ['food\u0000', 'category must not contain control characters'],
      ['\u0000', 'category must not contain control characters'],
      ['food\u009b', 'category must not contain control characters'],
      ['food\ud800', 'category must be valid Unicode text'],
    ]) {
      const result = listPollsQuerySchema.safeParse({ category: bad });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
        ['category', message],
      ]);
    }
  });

  it('matches the stored form: trimmed NFC, and blank or invisible means no filter', () => {
    expect(listPollsQuerySchema.parse({ category: ' Cafe\u0301 ' }).category).toBe('Caf\u00e9');
    expect(listPollsQuerySchema.parse({ category: '\u200b' }).category).toBeUndefined();
    expect(listPollsQuerySchema.parse({ category: '  ' }).category).toBeUndefined();
  });
});
