/**
 * A poll's results as JSON text, written once per results object. Every answer and live message
 * at one seq carries the same results (src/polls/poll-results.ts hands out one object per seq):
 * a text poll's top 100 answers, or a ranked poll's rounds, tens of KB in a large poll. With votes
 * spread over many polls nearly every vote starts a seq, so its vote answer and its bus message
 * splice this text in instead of writing it twice.
 */
/** Keyed by any kind's results object (kind.ts's PollResults, kept generic so a kind can import this). */
const written = new WeakMap<object, string>();

/**
 * Gives the JSON text of a results object its kind has written already, from parts it keeps
 * between seqs (a text poll's lead: src/kinds/text/results.ts). It must be what
 * `JSON.stringify(results)` would write.
 */
export function keepResultsJson(results: object, text: string): void {
  written.set(results, text);
}

/** `value` as JSON, its `results` (moved last) from the text written once for that results object. */
export function jsonWithResults<T extends { results?: object | null }>(value: T): string {
  const { results, ...rest } = value;
  if (!results) return JSON.stringify(value);
  let text = written.get(results);
  if (text === undefined) written.set(results, (text = JSON.stringify(results)));
  const head = JSON.stringify(rest);
  return `${head.length > 2 ? `${head.slice(0, -1)},` : '{'}"results":${text}}`;
}
