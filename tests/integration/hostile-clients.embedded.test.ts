import { defineHostileClientSuite } from './hostile-clients';

defineHostileClientSuite('embedded');
