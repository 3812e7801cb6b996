/**
 * The word cloud's own space, where each word is a box round its centre, sized by its count: the
 * moves of cloud-layout.ts (a free spot on a spiral, a push apart, a step towards the middle),
 * each one never leaving two boxes overlapping where they did not before. Pure.
 */

export type Point = { x: number; y: number };

/** A word in the cloud's space; `at`, its centre, is the one thing the moves below change. */
export type SpaceWord = {
  key: string;
  at: Point;
  /** Half its box, padding included, in the cloud's units. */
  halfWidth: number;
  halfHeight: number;
  /** Which way it first looks for a free spot, in radians, from its key. */
  angle: number;
};

/** How far apart two boxes are, as a share of how far they must be: below 1 they overlap. */
function clearance(a: SpaceWord, at: Point, b: SpaceWord, bt: Point): number {
  return Math.max(
    Math.abs(at.x - bt.x) / (a.halfWidth + b.halfWidth),
    Math.abs(at.y - bt.y) / (a.halfHeight + b.halfHeight),
  );
}

/** A tiny tolerance, so boxes that only touch are not taken for overlapping after rounding. */
const TOUCH = 1 - 1e-9;

function overlaps(a: SpaceWord, at: Point, b: SpaceWord, bt: Point): boolean {
  return clearance(a, at, b, bt) < TOUCH;
}

/** The first word of `others` that `word` at `at` would overlap, `hint` tried first (the last one it hit). */
function firstHit(word: SpaceWord, at: Point, others: readonly SpaceWord[], hint?: SpaceWord) {
  if (hint && hint !== word && overlaps(word, at, hint, hint.at)) return hint;
  for (const other of others) if (other !== word && overlaps(word, at, other, other.at)) return other;
  return undefined;
}

/** Whether `word` at `at` overlaps none of `others`. */
function isFree(word: SpaceWord, at: Point, others: readonly SpaceWord[]): boolean {
  return firstHit(word, at, others) === undefined;
}

/**
 * The first free spot on a spiral out from `from`, stretched by `aspect` (the frame's width over
 * its height) so the cloud grows in the frame's shape.
 */
export function findSpot(word: SpaceWord, from: Point, others: readonly SpaceWord[], aspect: number): Point {
  const step = word.halfHeight;
  let turn = 0;
  let at = from;
  let hit = firstHit(word, at, others);
  for (let i = 0; i < 100_000 && hit; i++) {
    const radius = (step * turn) / Math.PI;
    turn += Math.min(0.5, Math.max(0.02, step / Math.max(radius, step)));
    const r = (step * turn) / Math.PI;
    at = { x: from.x + r * Math.cos(turn + word.angle) * aspect, y: from.y + r * Math.sin(turn + word.angle) };
    hit = firstHit(word, at, others, hit);
  }
  return at;
}

/** The shortest move that takes `word` off `other`, which stays: along the axis they overlap least on. */
function moveOff(word: SpaceWord, at: Point, other: SpaceWord, ot: Point): Point {
  const [dx, dy] = [at.x - ot.x, at.y - ot.y];
  const overlapX = word.halfWidth + other.halfWidth - Math.abs(dx);
  const overlapY = word.halfHeight + other.halfHeight - Math.abs(dy);
  // A word on the very spot of another leaves the way it first looks for a free spot.
  const away = (d: number, fallback: number) => (d !== 0 ? Math.sign(d) : fallback >= 0 ? 1 : -1);
  return overlapY / (word.halfHeight + other.halfHeight) <= overlapX / (word.halfWidth + other.halfWidth)
    ? { x: at.x, y: at.y + away(dy, Math.sin(word.angle)) * overlapY }
    : { x: at.x + away(dx, Math.cos(word.angle)) * overlapX, y: at.y };
}

/**
 * The first spot clear of `settled` straight out from `middle` through the word: the words
 * further out than it are not settled yet, so there they will make room in their turn.
 */
function slideOut(word: SpaceWord, middle: Point, settled: readonly SpaceWord[], aspect: number): Point {
  const [dx, dy] = [(word.at.x - middle.x) / aspect, word.at.y - middle.y];
  const length = Math.hypot(dx, dy);
  const [ux, uy] = length > 0 ? [(dx / length) * aspect, dy / length] : [Math.cos(word.angle), Math.sin(word.angle)];
  const step = word.halfHeight / 4;
  let at = word.at;
  for (let i = 1; i < 2_000 && firstHit(word, at, settled); i++) {
    at = { x: word.at.x + ux * step * i, y: word.at.y + uy * step * i };
  }
  return at;
}

/** Of two spots, the one nearer to `from`. */
function nearer(from: Point, a: Point, b: Point): Point {
  return Math.hypot(a.x - from.x, a.y - from.y) <= Math.hypot(b.x - from.x, b.y - from.y) ? a : b;
}

/**
 * Ends every overlap among `words` (words that grew into each other), from the middle out: each
 * word, in turn, takes the shortest moves off the words nearer the middle than itself, which stay
 * put; so the words round one that grew make room by about as much as it grew. A word that cannot
 * get clear so (rare) moves out from the middle until it is, or to the free spot nearest to where it
 * was if that is nearer.
 */
export function separate(words: readonly SpaceWord[], middle: Point, aspect: number) {
  // From the nearest edge of the box, so a large word round the middle is settled before the small ones beside it.
  const distance = (word: SpaceWord) =>
    Math.hypot(
      Math.max(0, Math.abs(word.at.x - middle.x) - word.halfWidth) / aspect,
      Math.max(0, Math.abs(word.at.y - middle.y) - word.halfHeight),
    );
  const settled: SpaceWord[] = [];
  for (const word of [...words].sort((a, b) => distance(a) - distance(b))) {
    let at = word.at;
    let hit = firstHit(word, at, settled);
    for (let i = 0; i < 6 && hit; i++) {
      at = moveOff(word, at, hit, hit.at);
      hit = firstHit(word, at, settled, hit);
    }
    if (hit) at = nearer(word.at, slideOut(word, middle, settled, aspect), findSpot(word, word.at, settled, aspect));
    word.at = at;
    settled.push(word);
  }
}

/**
 * Moves each word a step towards `middle` where the way is free, nearest words first, so the
 * cloud closes the gaps left by words that shrank or went. A step is at most half a word's own
 * height: words drift, they never jump. Returns how many moved.
 */
export function gather(words: readonly SpaceWord[], middle: Point, aspect: number): number {
  const distance = (word: SpaceWord) => Math.hypot((word.at.x - middle.x) / aspect, word.at.y - middle.y);
  let moved = 0;
  for (const word of [...words].sort((a, b) => distance(a) - distance(b))) {
    const at = word.at;
    const away = distance(word);
    if (away < 1e-6) continue;
    const step = Math.min(away, word.halfHeight);
    for (const share of [1, 0.5, 0.25]) {
      const t = (step * share) / away;
      const to = { x: at.x + (middle.x - at.x) * t, y: at.y + (middle.y - at.y) * t };
      if (isFree(word, to, words)) {
        word.at = to;
        moved++;
        break;
      }
    }
  }
  return moved;
}

/** The box round `words`, padding included. */
export function bounds(words: readonly SpaceWord[]) {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const word of words) {
    const { x, y } = word.at;
    left = Math.min(left, x - word.halfWidth);
    right = Math.max(right, x + word.halfWidth);
    top = Math.min(top, y - word.halfHeight);
    bottom = Math.max(bottom, y + word.halfHeight);
  }
  return { left, top, right, bottom };
}
