import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';

/**
 * The profanity filter a creator may switch on for an open-text poll (`filter_profanity`): an
 * answer it flags is held back from the results, not refused, so its voter learns nothing about
 * how to get past it.
 *
 * It is the `obscenity` library's English word list and its recommended transformers, which
 * catch what people type to slip a word past a plain list: any case, letters repeated ("fuuuck"),
 * leetspeak and symbols ("sh1t", "$hit", "a$$hole", "fvck"), accented and look-alike letters
 * ("fück", "fμck", Cyrillic "shіt", full-width "ｆｕｃｋ"). On top of it, letters spaced or dotted
 * one by one ("f u c k", "f.u.c.k") are read joined together.
 *
 * It does not catch most words half hidden by asterisks ("sh*t", "f**k", "c*nt"; "f*ck" it does),
 * spellings by sound ("phuck"), abbreviations ("wtf", "stfu"), languages other than English, or
 * insults made of innocent words. It errs on the other side too: a few innocent words contain or
 * read like a listed word ("Moby Dick", "sex"); the worst of those in answers (foods, places,
 * names) are allowed below, and the creator can show any held answer.
 *
 * Give it an answer as it was typed, not its group key: with the spaces gone, "this hit" reads
 * "thishit".
 */

/** Innocent words the English list flags, each seen as a real answer (a food, a place, a name). */
const INNOCENT = ['cockpit', 'cumin', 'dickinson', 'fukuoka', 'penistone', 'rapeseed', 'shiitake'];

// Three or more single letters or digits, each apart from the next by up to three spaces or
// marks: "f u c k", "f.u.c.k", "s-h-1-t". Words of two letters or more are left alone, so
// "a cat" never reads "acat".
const SPELLED_OUT = /(?<![\p{L}\p{N}])[\p{L}\p{N}](?:[^\p{L}\p{N}]{1,3}[\p{L}\p{N}](?![\p{L}\p{N}])){2,}/gu;

let matcher: RegExpMatcher | undefined;

/** Built on first use: building takes tens of milliseconds, and most polls never filter. */
function englishMatcher(): RegExpMatcher {
  if (!matcher) {
    const { blacklistedTerms, whitelistedTerms = [] } = englishDataset.build();
    matcher = new RegExpMatcher({
      blacklistedTerms,
      whitelistedTerms: [...whitelistedTerms, ...INNOCENT],
      ...englishRecommendedTransformers,
    });
  }
  return matcher;
}

/** Whether an answer contains a profane English word, however it is disguised (see above). */
export function isProfane(answer: string): boolean {
  const joined = answer.replace(SPELLED_OUT, (letters) => letters.replace(/[^\p{L}\p{N}]/gu, ''));
  return englishMatcher().hasMatch(answer) || (joined !== answer && englishMatcher().hasMatch(joined));
}
