import { describe } from 'vitest';
import { servicesAvailability } from '../support/harness';
import { defineTextContract } from './text-contract';

const services = await servicesAvailability({ redis: true });

describe.skipIf(!services.run)('text polls on PostgreSQL and Redis (services mode)', () =>
  defineTextContract('services', { redis: true }),
);
