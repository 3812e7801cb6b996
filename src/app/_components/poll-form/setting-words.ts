import { useTranslations } from '../../_lib/intl';
import type { Poll, PollKind, ResultsVisibility } from '../../../domain/polls';

/**
 * How the per-poll settings read to the creator, on the new-poll form and the manage page: each
 * value's name and its detail (messages/create, PollSettings). Voters read them as rules on the
 * poll page (messages/poll).
 */

export type SettingWords = { name: string; detail: string };

/** `after_vote` is `afterVote` among the messages' keys (a few values, each worked out once). */
const keys = new Map<string, string>();
function keyOf(value: string): string {
  let key = keys.get(value);
  if (key === undefined) {
    key = value.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
    keys.set(value, key);
  }
  return key;
}

export function useSettingWords() {
  const t = useTranslations('PollSettings');
  const words = (group: string, value: string): SettingWords => ({
    name: t(`${group}.${keyOf(value)}.name`),
    detail: t(`${group}.${keyOf(value)}.detail`),
  });
  return {
    voterIdentity: (value: Poll['voter_identity']) => words('voterIdentity', value),
    resultsVisibility: (value: ResultsVisibility) => words('resultsVisibility', value),
    kind: (value: PollKind) => words('kind', value),
  };
}
