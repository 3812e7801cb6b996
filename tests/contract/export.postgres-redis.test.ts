import { describe } from 'vitest';
import { servicesAvailability } from '../support/harness';
import { defineExportContract } from './export-contract';

const services = await servicesAvailability({ redis: true });

describe.skipIf(!services.run)('poll export on PostgreSQL and Redis (services mode)', () =>
  defineExportContract('services', { redis: true }),
);
