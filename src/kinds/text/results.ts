import type { AnswerGroupCount } from '../../domain/polls';
import { keepResultsJson } from '../results-json';

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
  /**
   * The lead in results order. Kept sorted as batches come, rather than sorted at every seq: a
   * batch touches a few groups of a hundred, and a poll spread over many batches gets a new seq,
   * and so new results, for nearly every vote. Beside each group, in the same places: its answer
   * as results show it, and that answer as JSON, made once when the group takes its place, so a
   * seq's results and their JSON (which the vote's answer and the live message carry) are copied
   * from these rather than built again for all hundred.
   */
  private readonly order: CountedGroup[] = [];
  private readonly answers: AnswerCount[] = [];
  private readonly answersJson: string[] = [];

  constructor(
    groups: Iterable<CountedGroup>,
    private distinct: number,
    private readonly limit = SHOWN_ANSWERS,
  ) {
    for (const group of groups) this.place(group);
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
      const at = this.order.findIndex((held) => held.key === group.key);
      if (at >= 0) this.remove(at);
      if (group.shown) {
        const { key, text, count, firstGiven } = group;
        this.place({ key, text, count, firstGiven });
      }
    }
    this.trim();
    return this.order.length >= Math.min(this.limit, this.distinct);
  }

  /** The results as of the last batch taken: a new object each time, as every seq gets its own. */
  results(): TextResults {
    const results = { answers: this.answers.slice(), distinct: this.distinct };
    keepResultsJson(results, `{"answers":[${this.answersJson.join(',')}],"distinct":${this.distinct}}`);
    return results;
  }

  /** Puts a group after every group that comes before it in results order (binary search). */
  private place(group: CountedGroup): void {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (resultsOrder(this.order[middle]!, group) <= 0) low = middle + 1;
      else high = middle;
    }
    const answer = { text: group.text, count: group.count };
    this.order.splice(low, 0, group);
    this.answers.splice(low, 0, answer);
    this.answersJson.splice(low, 0, JSON.stringify(answer));
  }

  private remove(at: number): void {
    this.order.splice(at, 1);
    this.answers.splice(at, 1);
    this.answersJson.splice(at, 1);
  }

  private trim(): void {
    if (this.order.length > this.limit) {
      this.order.length = this.limit;
      this.answers.length = this.limit;
      this.answersJson.length = this.limit;
    }
  }
}
