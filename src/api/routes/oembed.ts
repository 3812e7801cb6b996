import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { z } from 'zod';
import { EMBED_WIDTH, embedHeightFor, embedSnippet, oembedQuerySchema } from '../../domain/embed';
import { AppError } from '../../domain/errors';
import { publicOrigin } from '../../voters/public-origin';
import type { ApiEnv, ApiServices } from '../api-env';
import { schemaRef } from '../openapi-components';
import { voterIpIfKnown } from '../request-voter';
import { oembedSchema } from '../responses';
import { PUBLIC, documented, json, queryParameters } from '../route-docs';

/**
 * `GET /api/oembed` for this server's poll pages (docs/EMBED.md): given the address of a poll's
 * page, the `<iframe>` that shows it elsewhere, as oEmbed 1.0's `rich` type. Only addresses on
 * this server's public origin (PUBLIC_URL, or the host the request came to) are answered.
 */

/** The pages that show one poll: its page and its embed by id, and its join link by code. */
const BY_ID = /^\/(?:polls|embed)\/([0-9A-Fa-f-]{36})\/?$/;
const BY_CODE = /^\/j\/([^/]+)\/?$/;

type PollPage = { origin: string } & ({ id: string } | { code: string });

const oembed = documented({
  method: 'get',
  path: '/oembed',
  operationId: 'oembed',
  tags: ['embed'],
  summary: 'oEmbed for a poll page: the `<iframe>` that shows the poll on another site',
  security: PUBLIC,
  description:
    'oEmbed 1.0, type `rich`. `url` is a poll page of this server: `/polls/{id}`, `/embed/{id}` or `/j/{code}` on PUBLIC_URL (or, unset, on the host this request came to). Poll pages name this endpoint in a `<link rel="alternate" type="application/json+oembed">`. Details: docs/EMBED.md.',
  parameters: queryParameters(oembedQuerySchema, {
    url: 'the address of a poll page of this server',
    format: '`json` (the default); any other format is 501',
    maxwidth: 'the widest frame the consumer takes: a whole number of pixels in digits, 1 to 10000',
    maxheight: 'the tallest frame the consumer takes: a whole number of pixels in digits, 1 to 10000',
  }),
  answer: {
    status: 200,
    description: 'how to embed the poll',
    content: json(schemaRef(oembedSchema)),
    headers: {
      'Access-Control-Allow-Origin': {
        description: '`*`: a script on any page may read it',
        required: true,
        schema: { type: 'string' },
      },
    },
  },
  errors: {
    invalid_request:
      '`url` is missing, or `maxwidth` or `maxheight` is not a whole number from 1 to 10000 written in digits (`1e3` is refused)',
    not_found: '`url` is not the address of a poll page of this server, or no poll is there',
    not_implemented: '`format` is not `json` (oEmbed’s XML is not served)',
    rate_limited:
      '`url` is a `/j/{code}` link, and this address looked up too many codes that no poll has (as on `GET /api/polls/by-code/{code}`)',
  },
});

export function oembedRoutes(services: ApiServices) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(oembed, async (c) => {
    // Public facts about a public poll: a script on any page may read them.
    c.header('Access-Control-Allow-Origin', '*');
    const query = oembedQuerySchema.parse(c.req.query());
    if (query.format !== undefined && query.format.toLowerCase() !== 'json') {
      throw new AppError('not_implemented', 'only format=json is served');
    }
    const page = pollPageAt(query.url, services.config.publicUrl, c);
    const id = page && ('id' in page ? page.id : await services.polls.idByCode(page.code, voterIpIfKnown(c)));
    if (!page || !id) throw new AppError('not_found', 'url is not the address of a poll on this server');
    const { poll, options } = await services.polls.details(id, undefined);

    const width = Math.min(EMBED_WIDTH, query.maxwidth ?? EMBED_WIDTH);
    const fullHeight = embedHeightFor(poll, options.length);
    const height = Math.min(fullHeight, query.maxheight ?? fullHeight);
    const answer: z.output<typeof oembedSchema> = {
      version: '1.0',
      type: 'rich',
      provider_name: 'pollcast',
      provider_url: `${page.origin}/`,
      title: poll.title,
      html: embedSnippet({ origin: page.origin, pollId: poll.id, title: poll.title, width, height }),
      width,
      height,
    };
    return c.json(answer);
  });

  return app;
}

/**
 * The poll page `address` names, with the origin its frame is to use; undefined for any other
 * address. With PUBLIC_URL set, only addresses on it count. Without it, addresses on the host the
 * request came to count, over http or https alike (a proxy in front may not say which the
 * visitor used), and the frame keeps the scheme the address has.
 */
function pollPageAt(address: string, publicUrl: string | undefined, c: Context<ApiEnv>): PollPage | undefined {
  if (!URL.canParse(address)) return undefined;
  const url = new URL(address);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return undefined;
  let origin: string;
  if (publicUrl) {
    if (url.origin !== publicUrl) return undefined;
    origin = publicUrl;
  } else {
    const own = publicOrigin(undefined, (name) => c.req.header(name));
    if (!own || new URL(own).host !== url.host) return undefined;
    origin = url.origin;
  }
  const id = BY_ID.exec(url.pathname)?.[1];
  if (id) return { origin, id };
  const code = BY_CODE.exec(url.pathname)?.[1];
  if (!code) return undefined;
  try {
    return { origin, code: decodeURIComponent(code) };
  } catch {
    return undefined;
  }
}
