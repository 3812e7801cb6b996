import { useTranslations } from '../../../_lib/intl';
import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import type { ShownResults } from '../../../_lib/live-counts';

/**
 * What the admin link lets the presenter do. The token, from `#admin=` in the fragment (never
 * sent to the server as part of the address), is only sent as a bearer token: to check it, to
 * reveal hidden results, and to close or reopen voting.
 */

/** The admin link: unknown until read; then absent, refused, or checked and usable. */
export type AdminLink = { state: 'none' } | { state: 'refused'; text: string } | { state: 'valid'; token: string };

export function useAdminLink(pollId: string): AdminLink {
  const t = useTranslations('PresenterAdmin');
  const [admin, setAdmin] = useState<AdminLink>({ state: 'none' });
  useEffect(() => {
    const token = new URLSearchParams(window.location.hash.slice(1)).get('admin');
    if (!token) return;
    const aborter = new AbortController();
    fetch(`/api/polls/${pollId}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: aborter.signal,
    }).then(
      (response) => setAdmin(response.ok ? { state: 'valid', token } : { state: 'refused', text: t('linkRefused') }),
      () => {
        if (!aborter.signal.aborted) setAdmin({ state: 'refused', text: t('linkUnchecked') });
      },
    );
    return () => aborter.abort();
  }, [pollId, t]);
  return admin;
}

/** Revealing results: the counts themselves then come with the live stream, to this screen and every other one. */
export function useReveal(pollId: string, admin: AdminLink, setProblem: (problem: string | null) => void) {
  const t = useTranslations('PresenterAdmin');
  const [revealing, setRevealing] = useState(false);
  const reveal = useCallback(async () => {
    if (admin.state !== 'valid' || revealing) return;
    setRevealing(true);
    setProblem(null);
    try {
      const response = await fetch(`/api/polls/${pollId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ results_visibility: 'always' }),
      });
      if (!response.ok) setProblem(t('revealFailed', { status: response.status }));
    } catch {
      setProblem(t('revealUnreachable'));
    } finally {
      setRevealing(false);
    }
  }, [admin, pollId, revealing, setProblem, t]);
  return { revealing, reveal };
}

type Switch = {
  pollId: string;
  admin: AdminLink;
  deleted: boolean;
  isOpen: boolean;
  ended: boolean;
  setProblem: (problem: string | null) => void;
  setShown: Dispatch<SetStateAction<ShownResults>>;
  setEnded: (ended: boolean) => void;
  setEndsAt: (endsAt: string | null) => void;
};

/**
 * Closing or reopening voting; an ended poll reopens without an end time, as on the manage page.
 * The view announces the change itself, whoever made it (useLiveView).
 */
export function useVotingSwitch({ pollId, admin, deleted, isOpen, ended, ...set }: Switch) {
  const t = useTranslations('PresenterAdmin');
  const [switching, setSwitching] = useState(false);
  const { setProblem, setShown, setEnded, setEndsAt } = set;
  const switchVoting = useCallback(async () => {
    if (admin.state !== 'valid') {
      // Shown, and read out by the screen's status region (useProblemsSaid).
      setProblem(t('needsManageLink'));
      return;
    }
    if (switching || deleted) return;
    const closing = isOpen;
    const change = closing ? { is_active: false } : { is_active: true, ...(ended ? { expires_at: null } : {}) };
    setSwitching(true);
    setProblem(null);
    try {
      const response = await fetch(`/api/polls/${pollId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(change),
      });
      if (!response.ok) {
        setProblem(t(closing ? 'closeFailed' : 'reopenFailed', { status: response.status }));
        return;
      }
      const updated = (await response.json()) as { is_active: boolean; expires_at: string | null };
      setEndsAt(updated.expires_at);
      setEnded(false);
      setShown((current) => ({ ...current, isActive: updated.is_active }));
    } catch {
      setProblem(t(closing ? 'closeUnreachable' : 'reopenUnreachable'));
    } finally {
      setSwitching(false);
    }
  }, [admin, deleted, ended, isOpen, pollId, switching, setProblem, setShown, setEnded, setEndsAt, t]);
  return { switching, switchVoting };
}

/** Problems show in the side, and are said through the screen's one status region. */
export function useProblemsSaid(problem: string | null, admin: AdminLink, announce: (text: string) => void): void {
  const refused = admin.state === 'refused' ? admin.text : null;
  useEffect(() => void (problem && announce(problem)), [problem, announce]);
  useEffect(() => void (refused && announce(refused)), [refused, announce]);
}
