import { describe } from 'vitest';
import { defineEventContract } from './event-contract';

describe('events on PGlite (embedded mode)', () => defineEventContract('embedded'));
