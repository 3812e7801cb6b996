import { bounds, findSpot, gather, separate, type Point, type SpaceWord } from './cloud-space';
import { readingDirection, wordWidthEm } from './word-metrics';

/**
 * Where each answer of a word cloud stands and how large it is drawn. Pure and deterministic: the
 * same answers (and the same earlier places) give the same picture on the server and in every
 * browser, so the cloud the server renders is the one the page hydrates.
 *
 * Each word has a place in the cloud's own space, kept from one update to the next (`places`):
 * a new word takes the free spot nearest the middle, a word that left (hidden) frees its spot,
 * and a word whose count changes stays where it is, unless it grew into a neighbour: then the two
 * move apart just enough, the smaller one more. Then each word may drift towards the middle by at
 * most half its height where the way is free, closing gaps, and the whole is zoomed to fit the
 * frame. So the cloud grows without jumping, and stays dense as it does.
 */

export type CloudAnswer = { key: string; text: string; count: number };
/** The frame the cloud is drawn in (an SVG viewBox from 0, 0), in its own units. */
export type CloudFrame = { width: number; height: number };
/** Each word's place in the cloud's own space, by key: what one layout hands the next. */
export type CloudPlaces = ReadonlyMap<string, Point>;

export type PlacedWord = {
  key: string;
  text: string;
  count: number;
  /** The middle of the word in the frame. */
  x: number;
  y: number;
  fontSize: number;
  /** Its drawn width at that size (the text is drawn at exactly this length). */
  width: number;
  direction: 'ltr' | 'rtl';
  /** One of TONES colours, the same for a word wherever and whenever it is drawn. */
  tone: number;
};

export type CloudLayout = { words: PlacedWord[]; places: CloudPlaces };

export const TONES = 5;
/** A line of text, from the top of its accents to the bottom of its descenders, in ems. */
export const LINE_EM = 1.24;
/** Space kept around each word, in its own ems. */
const PAD_X = 0.2;
const PAD_Y = 0.04;
/** The frame's margin on each side, and the most of its height one word's line may take. */
const MARGIN = 0.02;
const LARGEST_LINE = 0.2;
/** The most passes a new cloud takes to settle towards its middle. */
const SETTLING = 12;

type Word = SpaceWord & CloudAnswer & { em: number; size: number };

/**
 * Sizes from 1 (one answer) to 4 (the most given), by the logarithm of the count. Below 12 the
 * steps are those of 12, so two answers given once and twice do not look worlds apart.
 */
function relativeSize(count: number, most: number): number {
  return 1 + (3 * Math.log(Math.max(count, 1))) / Math.log(Math.max(most, 12));
}

/** FNV-1a of the key: a word's colour and the direction it first looks in for a free spot. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The answers as words of the cloud's space, at their earlier places; a new word at none yet (NaN). */
function wordsOf(answers: readonly CloudAnswer[], previous: CloudPlaces): Word[] {
  const most = Math.max(1, ...answers.map((answer) => answer.count));
  return answers.map((answer) => {
    const em = wordWidthEm(answer.text);
    const size = relativeSize(answer.count, most);
    const place = previous.get(answer.key);
    return {
      ...answer,
      at: place ? { x: place.x, y: place.y } : { x: NaN, y: NaN },
      em,
      size,
      halfWidth: size * (em / 2 + PAD_X),
      halfHeight: size * (LINE_EM / 2 + PAD_Y),
      angle: ((hashOf(answer.key) % 360) * Math.PI) / 180,
    };
  });
}

function middleOf(words: readonly Word[]): Point {
  if (words.length === 0) return { x: 0, y: 0 };
  const box = bounds(words);
  return { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The words zoomed and centred to fill the frame, no word's line taller than LARGEST_LINE of it. */
function fitted(words: readonly Word[], frame: CloudFrame): PlacedWord[] {
  if (words.length === 0) return [];
  const box = bounds(words);
  const largest = Math.max(...words.map((word) => word.size)) * LINE_EM;
  const zoom = Math.min(
    (frame.width * (1 - 2 * MARGIN)) / (box.right - box.left),
    (frame.height * (1 - 2 * MARGIN)) / (box.bottom - box.top),
    (frame.height * LARGEST_LINE) / largest,
  );
  const [middleX, middleY] = [(box.left + box.right) / 2, (box.top + box.bottom) / 2];
  return words.map((word) => {
    const { at } = word;
    const fontSize = word.size * zoom;
    return {
      key: word.key,
      text: word.text,
      count: word.count,
      x: round2(frame.width / 2 + (at.x - middleX) * zoom),
      y: round2(frame.height / 2 + (at.y - middleY) * zoom),
      fontSize: round2(fontSize),
      width: round2(word.em * fontSize),
      direction: readingDirection(word.text),
      tone: hashOf(word.key) % TONES,
    };
  });
}

/**
 * Lays the answers out in `frame`, most given first, from the places of `previous` (the last
 * layout's `places`) for the words still there. Keys must be unique.
 */
export function layoutCloud(
  answers: readonly CloudAnswer[],
  frame: CloudFrame,
  previous: CloudPlaces = new Map(),
): CloudLayout {
  const aspect = frame.width / frame.height;
  const words = wordsOf(answers, previous);
  const kept = words.filter((word) => !Number.isNaN(word.at.x));
  separate(kept, middleOf(kept), aspect);
  if (kept.length > 1) gather(kept, middleOf(kept), aspect);

  const placed = [...kept];
  for (const word of words) {
    if (!Number.isNaN(word.at.x)) continue;
    word.at = findSpot(word, { x: 0, y: 0 }, placed, aspect);
    placed.push(word);
  }
  // A cloud laid out anew settles at once, so laying it out again from its own places moves nothing.
  if (kept.length === 0) {
    for (let pass = 0; pass < SETTLING && gather(words, middleOf(words), aspect) > 0; pass++);
  }
  return { words: fitted(words, frame), places: new Map(words.map((word) => [word.key, word.at])) };
}
