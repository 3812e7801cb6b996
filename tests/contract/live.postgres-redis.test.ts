import { describe } from 'vitest';
import { REDIS_TEST_URL, servicesAvailability } from '../support/harness';
import { defineLiveContract } from './live-contract';

const services = await servicesAvailability({ postgres: true, redis: true });

describe.skipIf(!services.run)('live results on PostgreSQL and Redis (services mode)', () =>
  defineLiveContract('services', { redisUrl: REDIS_TEST_URL }),
);
