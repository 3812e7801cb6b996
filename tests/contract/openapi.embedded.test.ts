import { describe } from 'vitest';
import { defineOpenApiContract } from './openapi-contract';

describe('OpenAPI document on PGlite (embedded mode)', () => defineOpenApiContract('embedded'));
