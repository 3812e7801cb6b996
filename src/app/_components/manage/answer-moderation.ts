import { useTranslations } from '../../_lib/intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnswerModeration } from '../../../kinds/text/results';
import type { PollDetails } from '../../../polls/poll-details';
import { failureOf, NETWORK_FAILURE, useFailureText } from '../api-failure';
import type { Message } from './poll-changes';

/**
 * An open-text poll's moderation, as its creator sees it on the manage page: the answers they hid
 * and those the profanity filter holds back (the GET with the admin token carries both), and the
 * Hide and Show that change them: PATCH /api/polls/{id} with `hide_answers` or `show_answers`.
 * Every screen drops or regains the answer with the poll's next live update; this page reads the
 * lists again after each change, and as votes come in (a newly held answer), at most every few
 * seconds.
 */

const EMPTY: AnswerModeration = { hidden: [], held: [] };
/** An answer in a sentence, isolated (FSI … PDI) so one written in the other direction keeps the sentence in order. */
const isolated = (text: string) => `\u2068${text}\u2069`;
/** How often, at most, votes coming in make the page read the lists again. */
const REFRESH_MS = 3_000;

type Options = {
  pollId: string;
  /** The admin token, once the API has taken it. */
  token: string | undefined;
  /** The lists as the page first read them with the token. */
  initial: AnswerModeration | undefined;
  setMessage: (message: Message) => void;
  /** Where focus goes after a change: the answer's button is gone with it. */
  afterChange: () => void;
};

export function useAnswerModeration({ pollId, token, initial, setMessage, afterChange }: Options) {
  const [moderation, setModeration] = useState<AnswerModeration>(initial ?? EMPTY);
  const [busy, setBusy] = useState(false);
  const lastRead = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => setModeration(initial ?? EMPTY), [initial]);
  const t = useTranslations('Moderation');
  const failureText = useFailureText();

  /** The lists as the creator's GET of the poll carries them. */
  const granted = useCallback((details: PollDetails) => setModeration(details.moderation ?? EMPTY), []);

  const read = useCallback(async () => {
    if (!token) return;
    lastRead.current = Date.now();
    try {
      const response = await fetch(`/api/polls/${pollId}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
      if (response.ok) granted((await response.json()) as PollDetails);
    } catch {
      // The lists stay as they were; the next update reads them again.
    }
  }, [pollId, token, granted]);

  /** Reads the lists again soon: now if it has been a while, else once the while is up. */
  const readSoon = useCallback(() => {
    if (pending.current) return;
    const wait = Math.max(0, lastRead.current + REFRESH_MS - Date.now());
    pending.current = setTimeout(() => {
      pending.current = undefined;
      void read();
    }, wait);
  }, [read]);
  useEffect(() => () => clearTimeout(pending.current), []);

  async function judge(change: { hide_answers: string[] } | { show_answers: string[] }, done: string) {
    setBusy(true);
    try {
      const response = await fetch(`/api/polls/${pollId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(change),
      });
      if (!response.ok) {
        setMessage({ ok: false, text: failureText(failureOf(await response.json().catch(() => null))) });
        return;
      }
      await read();
      setMessage({ ok: true, text: done });
      afterChange();
    } catch {
      setMessage({ ok: false, text: failureText(NETWORK_FAILURE) });
    } finally {
      setBusy(false);
    }
  }

  return {
    moderation,
    busy,
    readSoon,
    hide: (text: string) => void judge({ hide_answers: [text] }, t('hidden', { answer: isolated(text) })),
    show: (text: string) => void judge({ show_answers: [text] }, t('shown', { answer: isolated(text) })),
  };
}
