/** When two texts read the same to a person: the rule behind options that must differ, and answers that group. */

// Characters that draw nothing: zero-width space and joiners, word joiner, BOM, soft hyphen,
// variation selectors, Hangul fillers (all Default_Ignorable), the other format characters (Cf)
// and the blank braille pattern, which fonts draw as a space.
export const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u2800]/gu;

/**
 * Letters of Cyrillic and Greek (and two Latin IPA forms) that are drawn like a Latin letter, each
 * pair written as the case-folded look-alike, then the Latin letter. Where a letter's capital and
 * small forms resemble different Latin letters (Greek Η/η: H/n), the capital wins, because fonts
 * draw capitals identically. Greek μ is left out: it is also the micro sign, and "µs" and "ms" are
 * different answers. Digits and Latin letters are never folded into each other (0/O, 1/l, rn/m):
 * in a poll those are different answers someone typed on purpose. Final ς joins σ, as case
 * folding would have it.
 */
const LOOKALIKE_LATIN: ReadonlyMap<string, string> = new Map(
  [
    'аa вb еe ѕs іi јj кk мm нh оo рp сc тt уy үy хx һh ԁd ԛq ԝw ӏi ѵv',
    'αa βb γy εe ζz ηh ιi κk νn οo ρp τt υy χx ϲc ϳj ϝf ςσ',
    'ɑa ɡg',
  ]
    .join(' ')
    .split(' ')
    .map((pair) => [...pair] as [string, string]),
);
const LOOKALIKE = new RegExp(`[${[...LOOKALIKE_LATIN.keys()].join('')}]`, 'gu');

/**
 * What an option reads as, for telling whether two options are the same answer: compatibility
 * forms unified (fullwidth Ｐ is P, ﬁ is fi), case folded, invisible characters dropped, runs of
 * whitespace made one space, and look-alike letters folded to the Latin letter they imitate. The
 * decomposed form is folded so accented look-alikes (Cyrillic ё) land on the accented Latin letter.
 */
export function samenessKey(value: string): string {
  return (
    value
      .normalize('NFKD')
      .replace(INVISIBLE, '')
      // Upper then lower approximates full case folding: ß and SS, ς and Σ meet.
      .toUpperCase()
      .toLowerCase()
      .replace(LOOKALIKE, (letter) => LOOKALIKE_LATIN.get(letter) ?? letter)
      .normalize('NFKC')
      .replace(/\s+/gu, ' ')
      .trim()
  );
}
