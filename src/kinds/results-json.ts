import type { PollResults } from './kind';

/**
 * A poll's results as JSON text, written once per results object. Every answer and live message
 * at one seq carries the same results (src/polls/poll-results.ts hands out one object per seq):
 * a text poll's top 100 answers, or a ranked poll's rounds, tens of KB in a large poll. With votes
 * spread over many polls nearly every vote starts a seq, so its vote answer and its bus message
 * splice this text in instead of writing it twice.
 */
const written = new WeakMap<PollResults, string>();

/** `value` as JSON, its `results` (moved last) from the text written once for that results object. */
export function jsonWithResults<T extends { results?: PollResults | null }>(value: T): string {
  const { results, ...rest } = value;
  if (!results) return JSON.stringify(value);
  let text = written.get(results);
  if (text === undefined) written.set(results, (text = JSON.stringify(results)));
  const head = JSON.stringify(rest);
  return `${head.length > 2 ? `${head.slice(0, -1)},` : '{'}"results":${text}}`;
}
