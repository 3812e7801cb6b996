import { describe } from 'vitest';
import { defineTextContract } from './text-contract';

describe('text polls on PGlite (embedded mode)', () => defineTextContract('embedded'));
