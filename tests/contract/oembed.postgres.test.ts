import { describe } from 'vitest';
import { servicesAvailability } from '../support/harness';
import { defineOembedContract } from './oembed-contract';

const services = await servicesAvailability();

describe.skipIf(!services.run)('oEmbed on PostgreSQL (services mode)', () => defineOembedContract('services'));
