import type { AnswerGroupCount } from '../../domain/polls';

/**
 * A text poll's results (docs/decisions/0013-open-text-answers.md): the groups of answers given
 * most, most first, ties first given first, each shown as its most-used spelling, and how many
 * groups show in all. Hidden groups (by the creator) and held ones (by the profanity filter) are
 * left out of both.
 */

/** One group of answers as results show it: its most-used spelling and how many gave it. */
export type AnswerCount = { text: string; count: number };

export type TextResults = { answers: AnswerCount[]; distinct: number };

/** What only a text poll's creator sees: groups hidden by them, and groups the profanity filter holds back. */
export type AnswerModeration = { hidden: AnswerCount[]; held: AnswerCount[] };

/** How many groups results, live messages and the creator's lists carry: the same size whatever the poll holds. */
export const SHOWN_ANSWERS = 100;

/** A group as the results order it. */
export type CountedGroup = Pick<AnswerGroupCount, 'key' | 'text' | 'count' | 'firstGiven'>;

/** The results' order: most given first, then first given first (the seq that first gave it, then its place). */
export function resultsOrder(a: CountedGroup, b: CountedGroup): number {
  return b.count - a.count || a.firstGiven[0] - b.firstGiven[0] || a.firstGiven[1] - b.firstGiven[1];
}

/**
 * The groups that lead a text poll, as one process keeps them between reads: at most `limit` of
 * the groups that show, and how many show in all. Counts only grow, so a group can enter the lead
 * only in a batch that gave it an answer, and that batch tells its count: the lead stays right
 * from batches alone, while no group in it stops showing.
 */
export class LeadingAnswers {
  private readonly groups = new Map<string, CountedGroup>();

  constructor(
    groups: Iterable<CountedGroup>,
    private distinct: number,
    private readonly limit = SHOWN_ANSWERS,
  ) {
    for (const group of groups) this.groups.set(group.key, group);
    this.trim();
  }

  /**
   * Takes what one committed batch did to the groups it gave answers to. False when the lead can
   * no longer be known from batches (a group in it stopped showing and others may follow it in):
   * then the caller reads the groups again.
   */
  take(touched: readonly AnswerGroupCount[]): boolean {
    for (const group of touched) {
      this.distinct += Number(group.shown) - Number(group.shownBefore);
      if (group.shown) {
        const { key, text, count, firstGiven } = group;
        this.groups.set(key, { key, text, count, firstGiven });
      } else this.groups.delete(group.key);
    }
    this.trim();
    return this.groups.size >= Math.min(this.limit, this.distinct);
  }

  /** The results as of the last batch taken: a new object each time, as every seq gets its own. */
  results(): TextResults {
    const answers = [...this.groups.values()].sort(resultsOrder).map(({ text, count }) => ({ text, count }));
    return { answers, distinct: this.distinct };
  }

  private trim(): void {
    if (this.groups.size <= this.limit) return;
    const kept = [...this.groups.values()].sort(resultsOrder).slice(0, this.limit);
    this.groups.clear();
    for (const group of kept) this.groups.set(group.key, group);
  }
}
