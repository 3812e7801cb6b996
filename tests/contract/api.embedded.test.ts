import { describe } from 'vitest';
import { defineApiContract } from './api-contract';

describe('REST API on PGlite (embedded mode)', () => defineApiContract('embedded'));
