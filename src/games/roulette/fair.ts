// The pocket a provably-fair seed triple determines: the first draw of the stream, as
// the engine's `spin` makes it.
import type { Rng } from '../types.ts';

export function fairOutcome(rng: Rng): { number: number } {
  return { number: rng.int(37) };
}
