import { notFound, redirect } from 'next/navigation';
import { currentPollcast } from '../../../server/context';

/** `/j/CODE`: what people type from the projector. The poll's page, or the 404 page for a code no poll has. */
export default async function JoinByCode({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const id = await currentPollcast().polls.idByCode(decodeURIComponent(code));
  if (!id) notFound();
  redirect(`/polls/${id}`);
}
