// `pitboss verify` for slots: the outcome a provably-fair seed triple determines. The
// draws are the same as a real round's (one rng.int(strip length) per reel per spin,
// base spin first, then each free spin in order), so the windows match what was shown.
// The feature's length does not depend on the bet, so no bet is needed to replay it.
import type { Rng } from '../rng/types.ts';
import { machineFromOption } from './machines.ts';
import { playRound } from './round.ts';

export function fairOutcome(rng: Rng, opts: Record<string, unknown> = {}) {
  const machine = machineFromOption(opts.machine);
  const round = playRound(machine, machine.paylines.length, rng);
  if (!round.ok) throw new Error(round.message); // unreachable: one credit per line is always valid
  const { base, feature } = round.state;
  return {
    machine: machine.id,
    stops: base.stops,
    window: base.window,
    free_spins: feature.map((s) => ({ stops: s.stops, window: s.window })),
  };
}
