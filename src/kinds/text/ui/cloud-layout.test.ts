import { describe, expect, it } from 'vitest';
import { layoutCloud, LINE_EM, TONES, type CloudAnswer, type CloudFrame, type PlacedWord } from './cloud-layout';

const FRAME: CloudFrame = { width: 800, height: 450 };

/** A small deterministic random source (mulberry32), so every run checks the same clouds. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'pizza',
  'sushi',
  'tacos',
  'ramen',
  'curry',
  'falafel',
  'dumplings',
  'paella',
  'pho',
  'burrito',
  'croissant',
  'kimchi',
  'moussaka',
  'pierogi',
  'shakshuka',
  'ceviche',
  'goulash',
  'biryani',
  'risotto',
  'poutine',
  'שקשוקה',
  'مقلوبة',
  '寿司',
  'bánh mì',
  '🍕🍕',
  'fish and chips',
  'a very long answer of forty characters!!',
  'W',
];

/** `n` answers with counts from 1 to about `most`, keys as the words. */
function answers(n: number, most: number, seed = 1): CloudAnswer[] {
  const next = random(seed);
  return Array.from({ length: n }, (_, i) => {
    const text = i < WORDS.length ? WORDS[i]! : `${WORDS[i % WORDS.length]} ${i}`;
    return { key: text, text, count: 1 + Math.floor(next() ** 3 * most) };
  }).sort((a, b) => b.count - a.count);
}

/** The box a word's letters are drawn in. */
function box(word: PlacedWord) {
  const height = word.fontSize * LINE_EM;
  return {
    left: word.x - word.width / 2,
    right: word.x + word.width / 2,
    top: word.y - height / 2,
    bottom: word.y + height / 2,
  };
}

function overlapping(words: readonly PlacedWord[]): [string, string][] {
  const found: [string, string][] = [];
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) {
      const [a, b] = [box(words[i]!), box(words[j]!)];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
        found.push([words[i]!.key, words[j]!.key]);
      }
    }
  }
  return found;
}

function outside(words: readonly PlacedWord[], frame: CloudFrame): string[] {
  return words
    .filter((word) => {
      const b = box(word);
      return b.left < 0 || b.top < 0 || b.right > frame.width || b.bottom > frame.height;
    })
    .map((word) => word.key);
}

describe('the word cloud layout', () => {
  it('draws nothing for no answers, and one answer in the middle', () => {
    expect(layoutCloud([], FRAME).words).toEqual([]);
    const [only] = layoutCloud([{ key: 'pizza', text: 'pizza', count: 3 }], FRAME).words;
    expect(only).toMatchObject({ key: 'pizza', x: 400, y: 225 });
    // One word is large, not the whole screen.
    expect(only!.fontSize * LINE_EM).toBeLessThanOrEqual(FRAME.height * 0.25);
  });

  it('gives the same picture for the same answers', () => {
    const given = answers(60, 40);
    expect(layoutCloud(given, FRAME)).toEqual(layoutCloud(given, FRAME));
  });

  it('never overlaps two words, and keeps every word whole inside the frame', () => {
    for (const [n, most, seed] of [
      [2, 1, 1],
      [12, 5, 2],
      [60, 40, 3],
      [100, 500, 4],
      [100, 1, 5],
    ] as const) {
      for (const frame of [FRAME, { width: 1200, height: 560 }, { width: 340, height: 300 }]) {
        const { words } = layoutCloud(answers(n, most, seed), frame);
        expect(words).toHaveLength(n);
        expect(overlapping(words)).toEqual([]);
        expect(outside(words, frame)).toEqual([]);
      }
    }
  });

  it('draws an answer given more often at least as large as one given less', () => {
    const { words } = layoutCloud(answers(40, 80), FRAME);
    const bySize = [...words].sort((a, b) => a.fontSize - b.fontSize);
    for (let i = 1; i < bySize.length; i++) expect(bySize[i]!.count).toBeGreaterThanOrEqual(bySize[i - 1]!.count);
    const top = words.find((word) => word.count === Math.max(...words.map((w) => w.count)))!;
    const least = words.find((word) => word.count === 1)!;
    expect(top.fontSize).toBeGreaterThan(2.5 * least.fontSize);
  });

  it('moves nothing when laid out again from its own places with the same counts', () => {
    const given = answers(60, 30);
    const first = layoutCloud(given, FRAME);
    const again = layoutCloud(given, FRAME, first.places);
    expect(again.places).toEqual(first.places);
    expect(again.words).toEqual(first.words);
  });

  it('keeps every word in its place when counts change and none grows into another', () => {
    const given = answers(30, 10);
    const first = layoutCloud(given, FRAME);
    // The least given answer is given once more: a little larger, with room round it.
    const last = given.at(-1)!;
    const more = given.map((answer) => (answer === last ? { ...answer, count: answer.count + 1 } : answer));
    const second = layoutCloud(more, FRAME, first.places);
    const moved = given.filter((answer) => {
      const [a, b] = [first.places.get(answer.key)!, second.places.get(answer.key)!];
      return Math.hypot(a.x - b.x, a.y - b.y) > 1;
    });
    expect(moved.length).toBeLessThanOrEqual(3);
  });

  it('puts a new word in free space, leaving the others where they were', () => {
    const before = answers(20, 6);
    const first = layoutCloud(before, FRAME);
    const after = [...before, { key: 'gazpacho', text: 'gazpacho', count: 1 }];
    const second = layoutCloud(after, FRAME, first.places);
    for (const answer of before) expect(second.places.get(answer.key)).toEqual(first.places.get(answer.key));
    expect(second.places.has('gazpacho')).toBe(true);
    expect(overlapping(second.words)).toEqual([]);
  });

  it('frees the place of a word that left, and places it anew when it comes back', () => {
    const given = answers(10, 4);
    const first = layoutCloud(given, FRAME);
    const without = layoutCloud(given.slice(1), FRAME, first.places);
    expect(without.places.has(given[0]!.key)).toBe(false);
    const back = layoutCloud(given, FRAME, without.places);
    expect(back.words.map((word) => word.key).sort()).toEqual(given.map((answer) => answer.key).sort());
    expect(overlapping(back.words)).toEqual([]);
  });

  it('grows live without jumping and stays dense: words drift a little, never two overlap', () => {
    const next = random(7);
    const counts = new Map<string, number>();
    let layout = layoutCloud([], FRAME);
    const moves: number[] = [];
    for (let vote = 0; vote < 600; vote++) {
      // Most votes repeat an answer, popular ones more; some bring a new one.
      const known = counts.size === 0 || next() < 0.15 ? counts.size : Math.floor(next() ** 2 * counts.size);
      const text = `word${known}`;
      counts.set(text, (counts.get(text) ?? 0) + 1);
      if (vote % 6 !== 5) continue;
      const shown = [...counts].map(([key, count]) => ({ key, text: key, count })).sort((a, b) => b.count - a.count);
      const next_ = layoutCloud(shown, FRAME, layout.places);
      expect(overlapping(next_.words)).toEqual([]);
      expect(outside(next_.words, FRAME)).toEqual([]);
      // In the cloud's own space a unit is the font size of a word given once.
      for (const [key, was] of layout.places) {
        const now = next_.places.get(key)!;
        moves.push(Math.hypot(now.x - was.x, now.y - was.y));
      }
      layout = next_;
    }
    moves.sort((a, b) => a - b);
    expect(counts.size).toBeGreaterThan(60);
    expect(moves[Math.floor(moves.length * 0.5)]).toBe(0);
    expect(moves[Math.floor(moves.length * 0.95)]).toBeLessThan(1);
    expect(moves[Math.floor(moves.length * 0.99)]).toBeLessThan(2);
    // The rarest long move is a small word sliding out of a crowd a word grew into: a few of its
    // lines, not across the cloud (some 60 units wide by now); it glides there (text.css).
    expect(moves.at(-1)).toBeLessThan(12);
    // As dense as a cloud laid out anew: its smallest words nearly as large.
    const smallest = (words: readonly PlacedWord[]) => Math.min(...words.map((word) => word.fontSize));
    const fresh = layoutCloud(
      [...counts].map(([key, count]) => ({ key, text: key, count })),
      FRAME,
    );
    expect(smallest(layout.words)).toBeGreaterThan(0.75 * smallest(fresh.words));
  });

  it('keeps the most given word in the middle as it grows far larger, the others making room', () => {
    const given = answers(12, 3);
    const first = layoutCloud(given, FRAME);
    const [topKey] = [given[0]!.key];
    const grown = given.map((answer) => (answer.key === topKey ? { ...answer, count: 400 } : answer));
    const second = layoutCloud(grown, FRAME, first.places);
    // It stays where it was, bar a nudge (a unit is the font size of a word given once); the others moved off it.
    const [was, now] = [first.places.get(topKey)!, second.places.get(topKey)!];
    expect(Math.hypot(now.x - was.x, now.y - was.y)).toBeLessThan(1);
    expect(overlapping(second.words)).toEqual([]);
    const top = second.words.find((word) => word.key === topKey)!;
    expect(Math.min(...second.words.map((word) => word.fontSize))).toBeLessThan(top.fontSize / 3);
  });

  it('gives each word one of the tones and its reading direction, whatever its place', () => {
    const { words } = layoutCloud(answers(28, 3), FRAME);
    expect(words.every((word) => Number.isInteger(word.tone) && word.tone >= 0 && word.tone < TONES)).toBe(true);
    expect(words.find((word) => word.key === 'שקשוקה')!.direction).toBe('rtl');
    expect(words.find((word) => word.key === 'pizza')!.direction).toBe('ltr');
    const again = layoutCloud(answers(28, 3).reverse(), FRAME);
    expect(again.words.find((word) => word.key === 'pizza')!.tone).toBe(
      words.find((word) => word.key === 'pizza')!.tone,
    );
  });
});
