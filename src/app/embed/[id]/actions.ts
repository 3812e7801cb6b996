'use server';

import { redirect } from 'next/navigation';
import { voteFromForm } from '../../_lib/form-vote.server';

/** The embedded vote form's no-JavaScript path: as on the poll page, but back to the embed, which may be framed. */
export async function voteInEmbed(formData: FormData): Promise<void> {
  const { pollId, outcome } = await voteFromForm(formData);
  redirect(`/embed/${encodeURIComponent(pollId)}?${outcome}`);
}
