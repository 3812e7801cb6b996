import { describe } from 'vitest';
import { defineRankedContract } from './ranked-contract';

describe('ranked polls on PGlite (embedded mode)', () => defineRankedContract('embedded'));
