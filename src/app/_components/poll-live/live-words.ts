import { useFormatter, useTranslations } from '../../_lib/intl';
import { useCallback } from 'react';
import type { Summary } from '../../_lib/live-summary';

/**
 * A summary of the results in one sentence of the page's language (messages/live, `Live.summary`),
 * as the view's status region says it. Poll text is isolated (FSI … PDI) inside the language's
 * quotation marks, so an answer written right to left keeps the sentence round it in order.
 */

/** More tied leaders than this are counted, not named. */
const NAMED_TIES = 3;

export function useSummaryText(): (summary: Summary) => string {
  const t = useTranslations('Live.summary');
  const format = useFormatter();
  return useCallback(
    (summary: Summary) => {
      const quoted = (text: string) => t('quoted', { text: `\u2068${text}\u2069` });
      const leaders = (texts: readonly string[]) =>
        texts.length > NAMED_TIES ? t('several', { count: texts.length }) : format.list(texts.map(quoted));
      const count = summary.total;
      switch (summary.kind) {
        case 'total':
          return t(summary.final ? 'totalFinal' : 'totalSoFar', { count });
        case 'choice': {
          const { names, share } = summary;
          if (names.length === 1) return t(summary.final ? 'won' : 'leads', { name: quoted(names[0]!), share, count });
          return t(summary.final ? 'tiedFinal' : 'tied', { names: leaders(names), share, count });
        }
        case 'ranked': {
          const { share, round } = summary;
          return t(summary.final ? 'rankedWon' : 'rankedLeads', { name: quoted(summary.name), share, round, count });
        }
        case 'text': {
          const { answers, given } = summary;
          return t(answers.length === 1 ? 'topAnswer' : 'topAnswers', { answers: leaders(answers), given, count });
        }
      }
    },
    [t, format],
  );
}
