import { z } from 'zod';

/**
 * "Your polls": the polls this browser created, kept in its localStorage with their admin tokens.
 * Browser-only. Nothing here is sent anywhere; the links built from it carry the token in the
 * fragment, which browsers never send to the server. Storage can be missing or full (private
 * windows, a disabled setting): the list is then simply empty, and creating a poll still works.
 */

export type RememberedPoll = {
  id: string;
  title: string;
  /** The admin token: the manage and presenter links are made from it. */
  token: string;
  /** ISO time of creation, as the server gave it. */
  createdAt: string;
};

const STORAGE_KEY = 'pollcast:your-polls';
/** The newest are kept; an older one can still be managed with the link shown at creation. */
const KEEP_AT_MOST = 50;

const rememberedSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  token: z.string().min(1),
  createdAt: z.string(),
});
const storedSchema = z.array(z.unknown());

/** The answer of POST /api/polls, as much of it as is remembered. */
const createdSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  admin_token: z.string().min(1),
  created_at: z.string(),
});

export const manageLink = (poll: RememberedPoll) => `/polls/${poll.id}/manage#token=${encodeURIComponent(poll.token)}`;
export const presentLink = (poll: RememberedPoll) =>
  `/polls/${poll.id}/present#admin=${encodeURIComponent(poll.token)}`;

/** The remembered polls, newest first; entries this code cannot read are skipped. */
export function rememberedPolls(): RememberedPoll[] {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const stored = storedSchema.safeParse(raw === null ? [] : JSON.parse(raw));
    if (!stored.success) return [];
    return stored.data.flatMap((entry) => {
      const poll = rememberedSchema.safeParse(entry);
      return poll.success ? [poll.data] : [];
    });
  } catch {
    return [];
  }
}

function store(polls: RememberedPoll[]): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(polls.slice(0, KEEP_AT_MOST)));
  } catch {
    // Storage refused (full, disabled): this browser just won't list the poll.
  }
}

/** Remembers a poll this browser just created, from the API's answer to POST /api/polls. */
export function rememberCreatedPoll(answer: unknown): void {
  const created = createdSchema.safeParse(answer);
  if (!created.success) return;
  const { id, title, admin_token: token, created_at: createdAt } = created.data;
  store([{ id, title, token, createdAt }, ...rememberedPolls().filter((poll) => poll.id !== id)]);
}

/** Puts a poll back where it was (the undo of forgetting it). */
export function restorePoll(poll: RememberedPoll): void {
  const others = rememberedPolls().filter((kept) => kept.id !== poll.id);
  store([...others, poll].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
}

export function forgetPoll(id: string): void {
  store(rememberedPolls().filter((poll) => poll.id !== id));
}

/** Calls `onChange` when another tab of this browser changes the list. */
export function watchRememberedPolls(onChange: () => void): () => void {
  const listener = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY || event.key === null) onChange();
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}
