import { describe } from 'vitest';
import { defineLiveContract } from './live-contract';

describe('live results on PGlite (embedded mode)', () => defineLiveContract('embedded'));
