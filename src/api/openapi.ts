import type { ApiServices } from './api-env';
import { createApiApp } from './app';
import { openApiDocumentOf } from './openapi-document';
import type { OpenApiDocument } from './openapi-types';

/**
 * The OpenAPI 3.1 description of the API (docs/API.md), served at GET /api/openapi.json and
 * rendered at /docs/api. It is generated from the routes themselves: each route module declares
 * its operation beside its handler (route-docs.ts), the schemas come from the zod schemas the API
 * validates requests with and answers with (openapi-components.ts), and openapi-document.ts adds
 * what belongs to the whole document.
 */

export { METHODS } from './openapi-types';
export type { JsonSchema, Method, OpenApiDocument, Operation, ResponseObject } from './openapi-types';

/** Building the routes reads no service: handlers reach them only when a request comes. */
const DESCRIBED_ONLY = {} as ApiServices;

let document: OpenApiDocument | undefined;

/** The document where no app is at hand (the reference page), the same as every app serves. */
export function openApiDocument(): OpenApiDocument {
  return (document ??= openApiDocumentOf(createApiApp(DESCRIBED_ONLY)));
}
