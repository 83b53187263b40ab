// The only source of randomness a game engine may use. Engines receive an Rng; they
// never call Math.random, read the clock, or do I/O, so a round replays exactly
// from its seeds.
export interface Rng {
  /** A uniform integer in [0, n) without modulo bias; n is an integer in [1, 2^32]. */
  int(n: number): number;
}
