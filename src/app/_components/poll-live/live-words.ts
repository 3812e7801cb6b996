import type { Summary } from '../../_lib/live-summary';

/**
 * Every word the live views add for following results (pause, announcements, the results as a
 * table), in one place until the interface is translated. Each entry's comment is its message in
 * ICU syntax, ready for a message file; numbers go through Intl, in LOCALE for now.
 */

const LOCALE = 'en';
const count = new Intl.NumberFormat(LOCALE);
const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 0 });
const names = new Intl.ListFormat(LOCALE, { style: 'long', type: 'conjunction' });

/** A poll's text inside a sentence, isolated (FSI … PDI) so one written right to left keeps the sentence in order. */
const quoted = (text: string) => `“\u2068${text}\u2069”`;

/** More tied leaders than this are counted, not named. */
const NAMED_TIES = 3;

export const LIVE_WORDS = {
  /** ICU: "Pause live updates" (a toggle: its pressed state says whether they are paused) */
  pause: 'Pause live updates',
  /** ICU: "Announce changes" (a toggle: pressed while changes from others are read out) */
  announce: 'Announce changes',
  /** ICU: "{count, plural, =0 {Paused, no new votes yet} one {Paused, # new vote waiting} other {Paused, # new votes waiting}}" */
  waiting: (waiting: number) =>
    waiting === 0
      ? 'Paused, no new votes yet'
      : `Paused, ${count.format(waiting)} new ${waiting === 1 ? 'vote' : 'votes'} waiting`,
  /** ICU: "Live updates paused." */
  paused: 'Live updates paused.',
  /** ICU: "Live updates resumed." */
  resumed: 'Live updates resumed.',
  /** ICU: "Changes will be announced." */
  announcing: 'Changes will be announced.',
  /** ICU: "Changes will not be announced." */
  silent: 'Changes will not be announced.',
  /** ICU: "Voting closed." */
  votingClosed: 'Voting closed.',
  /** ICU: "Voting reopened." */
  votingReopened: 'Voting reopened.',
  /** ICU: "This poll was deleted." */
  pollDeleted: 'This poll was deleted.',

  /** ICU: "Show as table" */
  showTable: 'Show as table',
  /** ICU: "Votes for each answer" */
  choiceCaption: 'Votes for each answer',
  /** ICU: "Answers given, most first" */
  answersCaption: 'Answers given, most first',
  /** ICU: "Answer" */
  answerColumn: 'Answer',
  /** ICU: "Votes" */
  votesColumn: 'Votes',
  /** ICU: "Percent" */
  percentColumn: 'Percent',
  /** ICU: "{count, number}" */
  count: (n: number) => count.format(n),
  /** ICU: "{share, number, percent}" (share from 0 to 1) */
  percent: (share: number) => percent.format(share),

  /** ICU: "Pause or resume live updates" */
  pauseKey: 'Pause or resume live updates',
  /** ICU: "Show the results as a table, or as bars again" */
  tableKey: 'Show the results as a table, or as bars again',
  /** ICU: "Table" (the presenter's toggle, pressed while the table shows) */
  table: 'Table',
  /** ICU: "Results shown as a table." */
  tableShown: 'Results shown as a table.',
  /** ICU: "Results shown as bars." */
  barsShown: 'Results shown as bars.',
  /** ICU: "Results as a table" (the scrolling box around the presenter's table) */
  tableRegion: 'Results as a table',
};

/** ICU: "{total, plural, one {# vote} other {# votes}}" */
function votes(total: number): string {
  return `${count.format(total)} ${total === 1 ? 'vote' : 'votes'}`;
}

/** ICU: "{total, plural, one {# ballot} other {# ballots}}" */
function ballots(total: number): string {
  return `${count.format(total)} ${total === 1 ? 'ballot' : 'ballots'}`;
}

/** The leaders by name, or how many they are when there are many. */
function leaders(texts: readonly string[]): string {
  return texts.length > NAMED_TIES ? `${count.format(texts.length)} answers` : names.format(texts.map(quoted));
}

/** A summary of the results in one sentence, as the live region says it. */
export function summaryText(summary: Summary): string {
  switch (summary.kind) {
    case 'total':
      // ICU: "{total, plural, one {# vote} other {# votes}} {final, select, true {in total} other {so far}}."
      return `${votes(summary.total)} ${summary.final ? 'in total' : 'so far'}.`;
    case 'choice':
      return choiceText(summary);
    case 'ranked':
      // ICU: "{name} {final, select, true {won} other {leads}} the count with {share, number, percent} in round {round}, {total, plural, one {# ballot} other {# ballots}}."
      return `${quoted(summary.name)} ${summary.final ? 'won' : 'leads'} the count with ${percent.format(summary.share)} in round ${count.format(summary.round)}, ${ballots(summary.total)}.`;
    case 'text':
      // ICU: "{leaders, plural, one {Top answer: {answers}} other {Top answers: {answers}}}, {given, plural, one {given once} other {given # times}}{leaders, plural, one {} other { each}}; {total, plural, one {# vote} other {# votes}}."
      return `${summary.answers.length === 1 ? 'Top answer' : 'Top answers'}: ${leaders(summary.answers)}, given ${summary.given === 1 ? 'once' : `${count.format(summary.given)} times`}${summary.answers.length === 1 ? '' : ' each'}; ${votes(summary.total)}.`;
  }
}

function choiceText(summary: Extract<Summary, { kind: 'choice' }>): string {
  const share = percent.format(summary.share);
  if (summary.names.length === 1) {
    // ICU: "{name} {final, select, true {won} other {leads}} with {share, number, percent}, {total, plural, one {# vote} other {# votes}}."
    return `${quoted(summary.names[0]!)} ${summary.final ? 'won' : 'leads'} with ${share}, ${votes(summary.total)}.`;
  }
  // ICU: "{leaders} {final, select, true {tied} other {are tied}} at {share, number, percent} each, {total, plural, one {# vote} other {# votes}}."
  return `${leaders(summary.names)} ${summary.final ? 'tied' : 'are tied'} at ${share} each, ${votes(summary.total)}.`;
}
