import { describe } from 'vitest';
import { servicesAvailability } from '../support/harness';
import { defineOpenApiContract } from './openapi-contract';

const services = await servicesAvailability({ redis: true });

describe.skipIf(!services.run)('OpenAPI document on PostgreSQL and Redis (services mode)', () =>
  defineOpenApiContract('services', { redis: true }),
);
