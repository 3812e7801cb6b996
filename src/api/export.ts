import type { Hono } from 'hono';
import type { ApiEnv, ApiServices } from './app';

/** `GET /api/polls/{id}/export.csv` and `.json` for the creator (docs/API.md, "Export"). */
export function exportRoutes(_app: Hono<ApiEnv>, _services: ApiServices): void {}
