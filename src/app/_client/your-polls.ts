import { z } from 'zod';

/**
 * "Your polls": the polls and events this browser created (and the events it duplicated), kept in
 * its localStorage with their admin tokens.
 * Browser-only. Nothing here is sent anywhere; the links built from it carry the token in the
 * fragment, which browsers never send to the server. Storage can be missing or full (private
 * windows, a disabled setting): the list is then simply empty, and creating a poll still works.
 */

export type RememberedPoll = {
  /** A poll, or an event (several questions under one code); entries from before events are polls. */
  kind: 'poll' | 'event';
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
  kind: z.enum(['poll', 'event']).default('poll'),
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

/** The answer of POST /api/events (a new event or a duplicate), as much of it as is remembered. */
const createdEventSchema = z.object({
  event: z.object({ id: z.string().min(1), title: z.string(), created_at: z.string() }),
  admin_token: z.string().min(1),
});

/** Its public page: the poll's, or the event's audience page. */
export const pageLink = (poll: Pick<RememberedPoll, 'kind' | 'id'>) =>
  `/${poll.kind === 'event' ? 'events' : 'polls'}/${poll.id}`;
export const manageLink = (poll: RememberedPoll) => `${pageLink(poll)}/manage#token=${encodeURIComponent(poll.token)}`;
export const presentLink = (poll: RememberedPoll) =>
  `${pageLink(poll)}/present#admin=${encodeURIComponent(poll.token)}`;

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
  remember({ kind: 'poll', id, title, token, createdAt });
}

/** Remembers an event this browser just created or duplicated, from the API's answer to POST /api/events. */
export function rememberCreatedEvent(answer: unknown): void {
  const created = createdEventSchema.safeParse(answer);
  if (!created.success) return;
  const { event, admin_token: token } = created.data;
  remember({ kind: 'event', id: event.id, title: event.title, token, createdAt: event.created_at });
}

function remember(entry: RememberedPoll): void {
  store([entry, ...rememberedPolls().filter((poll) => poll.id !== entry.id)]);
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
