import { clientMessagesNamed } from '../../_i18n/messages';

/**
 * A page part's words by their name (`/words/de.poll,live..choice.`), for a page whose HTML did not
 * bring them: Next answers a page that fails before its HTML is rendered (one not found, say) with
 * a bare shell the browser renders alone from the RSC payload, and that payload only names the
 * words (src/app/_i18n/words-provider.tsx). Not kept by caches: a name is the same words only
 * until pollcast is upgraded. Anything else is not found.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  const building = clientMessagesNamed((await params).name);
  if (!building) return new Response('Not found\n', { status: 404, headers: { 'Content-Type': 'text/plain' } });
  return new Response((await building).json, {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, no-cache' },
  });
}
