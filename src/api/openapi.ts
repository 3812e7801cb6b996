import type { z } from 'zod';
import type { ApiServices } from './api-env';
import { createApiApp } from './app';
import { openApiDocumentOf } from './openapi-document';

/**
 * The OpenAPI 3.1 description of the API (docs/API.md), served at GET /api/openapi.json and
 * rendered at /docs/api. It is generated from the routes themselves: each route module declares
 * its operation beside its handler (route-docs.ts), the schemas come from the zod schemas the API
 * validates requests with and answers with (openapi-components.ts), and openapi-document.ts adds
 * what belongs to the whole document.
 */

export type JsonSchema = z.core.JSONSchema.BaseSchema;
export type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
};
export type MediaType = { schema?: JsonSchema; 'x-event-data'?: JsonSchema };
export type ResponseObject = {
  description: string;
  headers?: Record<string, { description: string; required?: boolean; schema: JsonSchema }>;
  content?: Record<string, MediaType>;
};
export type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters?: Parameter[];
  security?: Record<string, string[]>[];
  requestBody?: { required: true; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
};
export const METHODS = ['get', 'post', 'patch', 'delete'] as const;
export type Method = (typeof METHODS)[number];
export type OpenApiDocument = {
  openapi: '3.1.0';
  jsonSchemaDialect: string;
  info: { title: string; version: string; description: string; license: { name: string; identifier: string } };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<Method, Operation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; description: string }>;
  };
};

/** Building the routes reads no service: handlers reach them only when a request comes. */
const DESCRIBED_ONLY = {} as ApiServices;

let document: OpenApiDocument | undefined;

/** The document where no app is at hand (the reference page), the same as every app serves. */
export function openApiDocument(): OpenApiDocument {
  return (document ??= openApiDocumentOf(createApiApp(DESCRIBED_ONLY)));
}
