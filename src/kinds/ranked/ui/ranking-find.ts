/**
 * Finding an option on a long ranking ballot by typing part of its text: what a voter types is
 * compared without case or accents, each word anywhere in the option's text ("garcia 50" finds
 * "Candidate 50 García").
 */

/** How many options a ballot has before it offers to find one by typing. */
export const FIND_FROM_OPTIONS = 11;

function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en');
}

/** The options whose text holds every word typed, in their order; all of them while nothing is typed. */
export function optionsMatching<T extends { option_text: string }>(options: readonly T[], typed: string): T[] {
  const words = folded(typed).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...options];
  return options.filter((option) => {
    const text = folded(option.option_text);
    return words.every((word) => text.includes(word));
  });
}
