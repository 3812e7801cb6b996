import { z } from 'zod';
import type { PollKind } from './polls';

/**
 * A poll inside another site's page (docs/EMBED.md): the frame's address and the snippet that
 * places it, the header the frame's own requests carry, the message that tells the host page
 * how tall the frame is, and the oEmbed query. Shared by the pages, the API and our server.
 */

/** Sent with the embedded poll's votes, so the voter cookie in their answer can live in a frame. */
export const EMBED_REQUEST_HEADER = 'x-pollcast-embed';

/** What the frame posts to its parent on load and whenever its height changes. */
export const HEIGHT_MESSAGE_TYPE = 'pollcast:height';
export type HeightMessage = { type: typeof HEIGHT_MESSAGE_TYPE; height: number; pollId: string };

export const EMBED_WIDTH = 560;
/**
 * The frame's height around its answers (title, status, a notice, the vote button or the total,
 * the link) and each answer's line, measured in Chromium at 560 pixels: enough for the form and
 * for the results after a vote, for a title on one line.
 */
const FRAME_HEIGHT = 250;
const ANSWER_HEIGHT = 52;
/**
 * An open-text poll's frame holds a field per answer (with its label and count) before the vote,
 * and the word cloud (560 × 355 pixels) and the folded list after it.
 */
const ANSWER_FIELD_HEIGHT = 90;
const CLOUD_HEIGHT = 400;

/** A first guess at the frame's height, until its own message tells the host the real one. */
export function embedHeightFor(poll: { kind: PollKind; max_choices: number }, optionCount: number): number {
  if (poll.kind === 'text') return FRAME_HEIGHT + Math.max(ANSWER_FIELD_HEIGHT * poll.max_choices, CLOUD_HEIGHT);
  return FRAME_HEIGHT + ANSWER_HEIGHT * optionCount;
}

/** `origin` is the public origin (PUBLIC_URL, or the request's), without a trailing slash. */
function embedUrl(origin: string, pollId: string): string {
  return `${origin}/embed/${pollId}`;
}

export type EmbedFrame = { origin: string; pollId: string; title: string; width: number; height: number };

/** The `<iframe>` a site pastes to show the poll: the share panel's snippet and oEmbed's `html`. */
export function embedSnippet({ origin, pollId, title, width, height }: EmbedFrame): string {
  const src = escapeAttribute(embedUrl(origin, pollId));
  return (
    `<iframe src="${src}" title="${escapeAttribute(`Poll: ${title}`)}" width="${width}" height="${height}"` +
    ' style="border:0;max-width:100%" loading="lazy"></iframe>'
  );
}

/** Text made safe inside a double- or single-quoted HTML attribute. */
export function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * A frame bound in pixels: digits only, as oEmbed writes it. `z.coerce.number` alone would also take
 * `1e3`, `0x10`, ` 12` or `+5`, spellings no consumer means.
 */
const dimension = (name: string) => {
  const whole = `${name} must be a whole number of pixels from 1`;
  return z
    .string({ error: whole })
    .regex(/^\d+$/, whole)
    .transform(Number)
    .pipe(z.number().int(whole).min(1, whole).max(10_000, `${name} may be at most 10000`))
    .optional();
};

/** `GET /api/oembed`'s query (oEmbed 1.0, section 2.2). `format` other than json is answered 501. */
export const oembedQuerySchema = z.object({
  url: z
    .string({ error: 'url is required: the address of a poll page' })
    .min(1, 'url is required: the address of a poll page')
    .max(2048, 'url is too long to be a poll page'),
  format: z.string({ error: 'format must be json' }).optional(),
  maxwidth: dimension('maxwidth'),
  maxheight: dimension('maxheight'),
});

/**
 * `/embed/{id}` as browsers send it, a query allowed. Only this plain spelling counts: any other
 * (encoded, dot segments, absolute-form) keeps the refusal, so framing is never allowed by mistake.
 */
const EMBED_PAGE = /^\/embed\/[0-9A-Za-z-]+(?:\?|$)/;

export function isEmbedPage(target: string | undefined): boolean {
  return target !== undefined && EMBED_PAGE.test(target);
}
