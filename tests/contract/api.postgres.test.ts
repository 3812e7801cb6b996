import { describe } from 'vitest';
import { servicesAvailability } from '../support/harness';
import { defineApiContract } from './api-contract';

const services = await servicesAvailability();

describe.skipIf(!services.run)('REST API on PostgreSQL (services mode)', () => defineApiContract('services'));
