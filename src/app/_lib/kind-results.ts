import type { PollResults } from '../../kinds/kind';
import type { RankedResults } from '../../kinds/ranked/tally';
import type { TextResults } from '../../kinds/text/results';

/** A poll's results as the view of its kind takes them: null where there are none, or they are another kind's. */

/** A ranked poll's count: its rounds. */
export function rankedResults(results: PollResults | null | undefined): RankedResults | null {
  return results && 'rounds' in results ? results : null;
}

/** An open-text poll's answers given most. */
export function textResults(results: PollResults | null | undefined): TextResults | null {
  return results && 'answers' in results ? results : null;
}
