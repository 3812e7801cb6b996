import { LIMITS, samenessKey } from './schemas';

/**
 * The answers of an open-text poll (issue 27): how long one may be, how many one ballot holds, and
 * which answers count as one.
 */

/** One answer's length in characters; how many answers a ballot may hold (the poll's max_choices). */
export const TEXT_ANSWER_LIMITS = { length: LIMITS.answer, minAnswers: 1, maxAnswers: 10 } as const;

// Marks that end a sentence or a clause, as they read after samenessKey's NFKC: fullwidth ！？，．
// have become ASCII, … has become "...", ‼ "!!". Ideographic (。、), Arabic (؟ ، ؛ ۔), Devanagari
// (। ॥), Armenian (։), Ethiopic (። ፣ ፤ ፧) and the interrobang (‽ ⸮) are listed as themselves.
// Closing brackets and quotes are not: "(yes)" without ")" would read worse, not the same. Nor #,
// + or ', which end real answers ("C#", "C++", "students'").
const TRAILING_PUNCTUATION =
  /[.,!?;:\u3002\u3001\u061F\u060C\u061B\u06D4\u0964\u0965\u0589\u1362-\u1364\u1367\u203D\u2E2E]+$/u;

/**
 * The key of the group an answer counts in: answers with one key are one answer in the results.
 * On top of samenessKey (case, width and compatibility forms, invisible characters, look-alike
 * letters), whitespace is dropped wherever it is ("ice cream" and "icecream") and so is sentence
 * punctuation at the end ("Yes!!" and "yes"). Accents stay: "pêche" and "peche" are different
 * words. An answer that is nothing but punctuation keeps it, so "?" and "!!!" stay two answers.
 */
export function answerGroupKey(answer: string): string {
  const key = samenessKey(answer).replace(/\s+/gu, '');
  return key.replace(TRAILING_PUNCTUATION, '') || key;
}
