import { describe } from 'vitest';
import { servicesAvailability } from '../support/harness';
import { defineRestartSuite } from './restarts';

const services = await servicesAvailability({ postgres: true, redis: true });
describe.runIf(services.run)('PostgreSQL + Redis', () => defineRestartSuite('services'));
