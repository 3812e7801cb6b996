import { describe } from 'vitest';
import { servicesAvailability } from '../support/harness';
import { defineEventContract } from './event-contract';

const services = await servicesAvailability({ redis: true });

describe.skipIf(!services.run)('events on PostgreSQL and Redis (services mode)', () =>
  defineEventContract('services', { redis: true }),
);
