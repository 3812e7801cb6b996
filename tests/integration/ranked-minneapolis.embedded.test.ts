import { defineMinneapolisSuite } from './ranked-minneapolis';

defineMinneapolisSuite('embedded');
