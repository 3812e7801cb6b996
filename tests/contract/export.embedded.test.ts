import { describe } from 'vitest';
import { defineExportContract } from './export-contract';

describe('poll export on PGlite (embedded mode)', () => defineExportContract('embedded'));
