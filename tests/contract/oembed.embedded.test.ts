import { describe } from 'vitest';
import { defineOembedContract } from './oembed-contract';

describe('oEmbed on PGlite (embedded mode)', () => defineOembedContract('embedded'));
