import { Limits } from '../../../src/casino/limits/index.ts';
import { limitsSuite } from './suite.ts';

// A fresh in-process Limits per test: nothing is shared, so keys need no prefix.
limitsSuite('memory', (rates) => new Limits({ rates }));
