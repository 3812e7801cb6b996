import { rememberCreatedPoll } from '../../_client/your-polls';
import { errorsFrom, type Errors, type SavedPoll } from './poll-draft';

/** What the new-poll form sends: a new poll (POST), or new texts for one (PATCH), and what came back. */

const NETWORK_FAILURE = 'Could not reach pollcast. Check your connection and try again.';

/**
 * POST /api/polls with a body the schema accepted. Created: the address of its page, with the
 * one-time admin token in the fragment; this browser remembers it under "Your polls".
 */
export async function sendNewPoll(body: unknown): Promise<{ created: string } | { errors: Errors }> {
  try {
    const response = await fetch('/api/polls', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const created = await response.json().catch(() => null);
    if (response.status === 201) {
      rememberCreatedPoll(created);
      return { created: `/polls/${created.id}#token=${encodeURIComponent(created.admin_token)}` };
    }
    const issues = created?.error?.details?.issues;
    const message: string = created?.error?.message ?? 'the poll could not be created; try again';
    return { errors: errorsFrom(Array.isArray(issues) ? issues : [{ path: [], message }]) };
  } catch {
    return { errors: { form: NETWORK_FAILURE } };
  }
}

/** PATCH /api/polls/{id} with new texts, as the creator (the token); a refusal is worded by `failureText`. */
export async function sendPollTexts(
  edit: { pollId: string; token: string; failureText: (status: number, body: unknown) => string },
  body: unknown,
): Promise<{ saved: SavedPoll } | { errors: Errors }> {
  try {
    const response = await fetch(`/api/polls/${edit.pollId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${edit.token}` },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => null);
    if (response.ok) return { saved: answer };
    const issues = answer?.error?.details?.issues;
    return {
      errors:
        response.status === 400 && Array.isArray(issues)
          ? errorsFrom(issues)
          : { form: edit.failureText(response.status, answer) },
    };
  } catch {
    return { errors: { form: NETWORK_FAILURE } };
  }
}
