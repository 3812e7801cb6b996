import { describe } from 'vitest';
import { servicesAvailability } from '../support/harness';
import { defineRankedContract } from './ranked-contract';

const services = await servicesAvailability({ redis: true });

describe.skipIf(!services.run)('ranked polls on PostgreSQL and Redis (services mode)', () =>
  defineRankedContract('services', { redis: true }),
);
