import { rememberCreatedPoll } from '../../_client/your-polls';
import { failureOf, NETWORK_FAILURE, type ApiFailure } from '../api-failure';
import { pathsOf } from './form-errors';
import type { SavedPoll } from './poll-draft';

/**
 * What the new-poll form sends: a new poll (POST), or new texts for one (PATCH), and what came
 * back: the fields a 400 names (`refused`), or why the request failed as a whole (`failure`).
 */

export type Refusal = { refused: string[] } | { failure: ApiFailure };

/** A 400 that names its fields is shown at them; any other error answer, for the whole form. */
function refusalOf(status: number, body: unknown): Refusal {
  const issues = (body as { error?: { details?: { issues?: unknown } } } | null)?.error?.details?.issues;
  return status === 400 && Array.isArray(issues) && issues.length > 0
    ? { refused: pathsOf(issues) }
    : { failure: failureOf(body) };
}

/**
 * POST /api/polls with a body the schema accepted. Created: the address of its page, with the
 * one-time admin token in the fragment; this browser remembers it under "Your polls".
 */
export async function sendNewPoll(body: unknown): Promise<{ created: string } | Refusal> {
  try {
    const response = await fetch('/api/polls', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const created = await response.json().catch(() => null);
    if (response.status !== 201) return refusalOf(response.status, created);
    rememberCreatedPoll(created);
    return { created: `/polls/${created.id}#token=${encodeURIComponent(created.admin_token)}` };
  } catch {
    return { failure: NETWORK_FAILURE };
  }
}

/** PATCH /api/polls/{id} with new texts, as the creator (the token). */
export async function sendPollTexts(
  edit: { pollId: string; token: string },
  body: unknown,
): Promise<{ saved: SavedPoll } | Refusal> {
  try {
    const response = await fetch(`/api/polls/${edit.pollId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${edit.token}` },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => null);
    return response.ok ? { saved: answer } : refusalOf(response.status, answer);
  } catch {
    return { failure: NETWORK_FAILURE };
  }
}
