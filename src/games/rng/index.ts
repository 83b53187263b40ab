export type { Rng } from './types.ts';
export { WordRng } from './bytes.ts';
export { CryptoRng } from './crypto.ts';
export { FairRng, hashServerSeed, newServerSeed, verifyServerSeed, type FairSeeds } from './fair.ts';
export { SeededRng } from './seeded.ts';
export { shuffle } from './shuffle.ts';
