/**
 * How wide a word is drawn, in ems, and which way it reads: worked out from its characters alone,
 * never from a font, so the server and every browser lay a cloud out alike. The cloud draws each
 * word at exactly this width (SVG `textLength`), so an estimate a little off changes a word's
 * letter spacing, never whether it overlaps another or leaves the picture.
 */

/** Characters that draw nothing or ride on the one before: marks, format and ignorable characters. */
const ZERO_WIDTH = /[\p{M}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
/** Emoji drawn as pictures, a little wider than an em in colour emoji fonts. */
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
/** Scripts written in square cells of one em: Chinese, Japanese, Korean, and fullwidth forms. */
const FULL_WIDTH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff01-\uff60]/u;
const NARROW = /[iljI.,:;'!|`´‘’\u00b7]/u;
const SEMI_NARROW = /[frt()[\]{}"“”\-/\\*]/u;
const WIDE_SMALL = /[mw]/u;
const WIDE_CAPITAL = /[MW@%]/u;
const CAPITAL = /\p{Lu}/u;
const DIGIT = /\p{Nd}/u;
const SPACE = /\s/u;

/**
 * Letters of the scripts written right to left. The first letter of a word that is one of these
 * makes it read right to left, as `dir="auto"` would decide.
 */
const RIGHT_TO_LEFT =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;

/** Text drawn a little bold is a little wider than the regular widths below. */
const BOLD = 1.06;

function charWidth(char: string): number {
  if (ZERO_WIDTH.test(char)) return 0;
  if (PICTOGRAPH.test(char)) return 1.25;
  if (FULL_WIDTH.test(char)) return 1;
  if (SPACE.test(char)) return 0.3;
  if (NARROW.test(char)) return 0.3;
  if (SEMI_NARROW.test(char)) return 0.4;
  if (WIDE_SMALL.test(char)) return 0.86;
  if (WIDE_CAPITAL.test(char)) return 0.95;
  if (CAPITAL.test(char)) return 0.7;
  if (DIGIT.test(char)) return 0.6;
  return 0.58;
}

/** The width of `text` in ems, at the cloud's weight. A pictograph joined to the one before (ZWJ) adds nothing. */
export function wordWidthEm(text: string): number {
  let width = 0;
  let joined = false;
  for (const char of text) {
    if (char === '\u200d') {
      joined = true;
      continue;
    }
    if (!(joined && PICTOGRAPH.test(char))) width += charWidth(char);
    joined = false;
  }
  return Math.max(width * BOLD, 0.3);
}

/** Which way a word reads: that of its first letter, left to right when it has none. */
export function readingDirection(text: string): 'ltr' | 'rtl' {
  for (const char of text) {
    if (RIGHT_TO_LEFT.test(char) && /\p{L}/u.test(char)) return 'rtl';
    if (/\p{L}/u.test(char)) return 'ltr';
  }
  return 'ltr';
}
