import { clientMessagesFor } from '../../_i18n/messages';

/**
 * A page part's words, as the browser fetches them (ClientWords, src/app/_i18n/client-words.tsx):
 * `/words/<hash>.json?for=<id>`. The hash is of the words themselves, so while it matches the
 * browser may keep the file for good; a page from before the words changed (a new version since)
 * gets today's words, not kept. Anything else is not found.
 */
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  const id = new URL(request.url).searchParams.get('for');
  const building = id === null || !file.endsWith('.json') ? undefined : clientMessagesFor(id);
  if (!building) return new Response('Not found\n', { status: 404, headers: { 'Content-Type': 'text/plain' } });
  const { json, href } = await building;
  const current = href.startsWith(`/words/${file}?`);
  return new Response(json, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': current ? 'public, max-age=31536000, immutable' : 'no-store',
    },
  });
}
