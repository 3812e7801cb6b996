import type { Hono } from 'hono';
import type { ApiEnv, ApiServices } from './app';

/** `GET /api/oembed` for this server's poll pages (docs/EMBED.md). */
export function oembedRoutes(_app: Hono<ApiEnv>, _services: ApiServices): void {}
