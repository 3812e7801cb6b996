'use server';

import { redirect } from 'next/navigation';
import { voteFromForm } from '../../_lib/form-vote.server';

/** The vote form's no-JavaScript path: cast the vote, then back to the poll with the outcome for the page to show. */
export async function voteWithoutScript(formData: FormData): Promise<void> {
  const { pollId, outcome } = await voteFromForm(formData);
  redirect(`/polls/${encodeURIComponent(pollId)}?${outcome}`);
}
