import { describe } from 'vitest';
import { servicesAvailability } from '../support/harness';
import { defineApiContract } from './api-contract';

const services = await servicesAvailability({ redis: true });

describe.skipIf(!services.run)('REST API on PostgreSQL and Redis (services mode)', () =>
  defineApiContract('services', { redis: true }),
);
