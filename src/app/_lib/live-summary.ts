import type { PollKind } from '../../domain/polls';
import { finalRound, rankedResultsOf } from '../../kinds/ranked/ui/ranked-view';
import type { TextResults } from '../../kinds/text/results';
import type { ShownResults } from './live-counts';

/**
 * What the live region says of changes that others' votes make, and when. A view's standing is
 * who leads and by how much, of the results it shows (never counts it hides); the pace lets a
 * summary be said at most once every SUMMARY_EVERY_MS, or sooner when the lead changes, though
 * never within LEAD_GAP_MS of the last thing said, so a lead passed back and forth is not read
 * out at every vote. Pure: the clock is passed in.
 */

export const SUMMARY_EVERY_MS = 10_000;
export const LEAD_GAP_MS = 3_000;

/** A summary before it is put in words (live-words.ts): who leads, with what share of how many votes. */
export type Summary =
  | { kind: 'total'; total: number; final: boolean }
  | { kind: 'choice'; names: string[]; share: number; total: number; final: boolean }
  | { kind: 'ranked'; name: string; share: number; round: number; total: number; final: boolean }
  | { kind: 'text'; answers: string[]; given: number; total: number; final: boolean };

/** The results as a summary tells them: the total, who leads (a key, null when no one), and the summary (null with no votes). */
export type Standing = { total: number; lead: string | null; summary: Summary | null };

type StandingOf = {
  kind: PollKind;
  shown: ShownResults;
  options: readonly { id: string; text: string }[];
  /** False where the view shows no counts (they are hidden from this viewer, or on this screen). */
  countsShown: boolean;
  /** Voting has ended: the leader won. */
  final: boolean;
};

export function standingOf({ kind, shown, options, countsShown, final }: StandingOf): Standing {
  const { total } = shown;
  if (total === 0) return { total, lead: null, summary: null };
  const onlyTotal: Standing = { total, lead: null, summary: { kind: 'total', total, final } };
  if (!countsShown || !shown.visible) return onlyTotal;
  if (kind === 'ranked') return rankedStanding(shown, options, final) ?? onlyTotal;
  if (kind === 'text') return textStanding(shown, final) ?? onlyTotal;
  const most = Math.max(0, ...options.map((option) => shown.counts[option.id] ?? 0));
  if (most === 0) return onlyTotal;
  const leaders = options.filter((option) => shown.counts[option.id] === most);
  return {
    total,
    lead: leaders.map((option) => option.id).join(' '),
    summary: { kind: 'choice', names: leaders.map((option) => option.text), share: most / total, total, final },
  };
}

/** The count's winner so far, and its share of the ballots still counted in the final round. */
function rankedStanding(shown: ShownResults, options: StandingOf['options'], final: boolean): Standing | null {
  const results = shown.visible ? rankedResultsOf(shown.results) : null;
  const winner = results?.winner;
  if (!results || !winner) return null;
  const last = finalRound(
    results,
    options.map((option) => option.id),
    Infinity,
  );
  const bar = last?.bars.find((each) => each.id === winner);
  if (!last || !bar) return null;
  const name = options.find((option) => option.id === winner)?.text ?? winner;
  const { total } = shown;
  return { total, lead: winner, summary: { kind: 'ranked', name, share: bar.share, round: last.round, total, final } };
}

/** The answers given most (several when tied), and how many gave each. */
function textStanding(shown: ShownResults, final: boolean): Standing | null {
  const results = shown.visible && shown.results && 'answers' in shown.results ? (shown.results as TextResults) : null;
  const given = results?.answers[0]?.count ?? 0;
  if (!results || given === 0) return null;
  const answers = results.answers.filter((answer) => answer.count === given).map((answer) => answer.text);
  const { total } = shown;
  return { total, lead: answers.join('\u0000'), summary: { kind: 'text', answers, given, total, final } };
}

/** What was last said of the results (the view's first standing, before anything), and when anything was last said. */
export type Pace = { said: { total: number; lead: string | null }; at: number };

/** The pace of a view that just opened at `now` on `standing`: nothing to say yet. */
export function paceFrom(standing: Standing, now: number): Pace {
  return { said: { total: standing.total, lead: standing.lead }, at: now };
}

/** After the viewer's own announcement at `now`, with the results summarised in it (`standing`) or not. */
export function paceAfterOwn(pace: Pace, now: number, standing?: Standing): Pace {
  return { said: standing ? { total: standing.total, lead: standing.lead } : pace.said, at: now };
}

/**
 * What to do at `now` with the view's standing: say its summary (and the pace after), or wait
 * until `wakeAt` and look again, or nothing when nothing changed since it was last said.
 */
export function paceStep(
  pace: Pace,
  standing: Standing,
  now: number,
): { say: Summary | null; pace: Pace; wakeAt: number | null } {
  const { said } = pace;
  // Counts going out of sight (hidden here, or by the creator) are no news of the votes.
  const newLead = standing.lead !== null && standing.lead !== said.lead;
  if ((standing.total === said.total && !newLead) || standing.summary === null)
    return { say: null, pace, wakeAt: null };
  const due = pace.at + (newLead ? LEAD_GAP_MS : SUMMARY_EVERY_MS);
  if (now < due) return { say: null, pace, wakeAt: due };
  return { say: standing.summary, pace: paceFrom(standing, now), wakeAt: null };
}
