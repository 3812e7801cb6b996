import { defineRestartSuite } from './restarts';

defineRestartSuite('embedded');
