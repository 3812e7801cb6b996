import { describe } from 'vitest';
import { servicesAvailability } from '../support/harness';
import { defineHostileClientSuite } from './hostile-clients';

const services = await servicesAvailability({ postgres: true, redis: true });
describe.runIf(services.run)('PostgreSQL + Redis', () => defineHostileClientSuite('services'));
