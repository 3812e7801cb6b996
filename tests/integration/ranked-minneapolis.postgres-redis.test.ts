import { describe } from 'vitest';
import { servicesAvailability } from '../support/harness';
import { defineMinneapolisSuite } from './ranked-minneapolis';

const services = await servicesAvailability({ postgres: true, redis: true });
describe.runIf(services.run)('PostgreSQL + Redis', () => defineMinneapolisSuite('services'));
