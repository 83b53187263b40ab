// What each baccarat bet pays back, in integer minor units.
//
// Rounding (documented in docs/game-math.md "## Baccarat"): a winning banker bet pays
// 19/20 of the stake, floored to a whole minor unit, i.e. the 5% commission is
// ceil(stake / 20). The player never loses a whole unit to rounding (at most 0.95 of
// one), and stakes that are multiples of 20 are paid exactly.
import type { Coup } from './rules.ts';

export const SIDES = ['player', 'banker', 'tie', 'player_pair', 'banker_pair'] as const;
export type Side = (typeof SIDES)[number];

export function returnOf(on: Side, stake: number, coup: Coup): number {
  switch (on) {
    case 'player':
      return coup.winner === 'player' ? 2 * stake : coup.winner === 'tie' ? stake : 0;
    case 'banker':
      return coup.winner === 'banker' ? stake + (stake - Math.ceil(stake / 20)) : coup.winner === 'tie' ? stake : 0;
    case 'tie':
      return coup.winner === 'tie' ? 9 * stake : 0; // 8:1
    case 'player_pair':
      return coup.playerPair ? 12 * stake : 0; // 11:1
    case 'banker_pair':
      return coup.bankerPair ? 12 * stake : 0;
  }
}
