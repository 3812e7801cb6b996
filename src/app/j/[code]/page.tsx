import { notFound, redirect } from 'next/navigation';
import { pageServices } from '../../_lib/page-services.server';
import { currentVoter, errorCodeOf } from '../../_lib/request.server';

/**
 * `/j/CODE`: what people type from the projector. The poll's page, an event's audience page, or
 * the 404 page for a code nothing has. An address that tried too many wrong codes is answered 429
 * by our server before this page runs (src/server/join-code-page.ts); should it get here all the
 * same, it learns nothing.
 */
export default async function JoinByCode({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  let target: { kind: 'poll' | 'event'; id: string } | undefined;
  try {
    target = await pageServices().polls.targetOfCode(decodeURIComponent(code), (await currentVoter())?.address);
  } catch (error) {
    if (errorCodeOf(error) === 'rate_limited') notFound();
    throw error;
  }
  if (!target) notFound();
  redirect(target.kind === 'event' ? `/events/${target.id}` : `/polls/${target.id}`);
}
