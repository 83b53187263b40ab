// Punto banco drawing rules, exactly as in the reference (game-math.md): cards count
// their pip value, tens and faces 0, aces 1; a hand is worth its total mod 10.
// Cards come from `draw` in dealing order P1, B1, P2, B2, then P3, then B3.
import type { Card } from '../cards.ts';
import { rankOf } from '../cards.ts';

export type Winner = 'player' | 'banker' | 'tie';

export interface Coup {
  player: Card[];
  banker: Card[];
  playerTotal: number;
  bankerTotal: number;
  winner: Winner;
  /** the side's first two cards have the same rank (the pair side bets) */
  playerPair: boolean;
  bankerPair: boolean;
}

/** Rank 0 = deuce ... 7 = nine count 2..9; ten, jack, queen, king 0; ace 1. */
export const pointOf = (c: Card): number => {
  const r = rankOf(c);
  return r === 12 ? 1 : r <= 7 ? r + 2 : 0;
};

export const totalOf = (cards: readonly Card[]): number => cards.reduce((t, c) => t + pointOf(c), 0) % 10;

/** Whether the banker draws, given its two-card total and the player's third card point (null: the player stood). */
export function bankerDraws(banker: number, p3: number | null): boolean {
  if (p3 === null) return banker <= 5;
  switch (banker) {
    case 0: case 1: case 2: return true;
    case 3: return p3 !== 8;
    case 4: return p3 >= 2 && p3 <= 7;
    case 5: return p3 >= 4 && p3 <= 7;
    case 6: return p3 === 6 || p3 === 7;
    default: return false;
  }
}

export function playCoup(draw: () => Card): Coup {
  const p1 = draw(), b1 = draw(), p2 = draw(), b2 = draw();
  const player = [p1, p2];
  const banker = [b1, b2];
  const pt = totalOf(player);
  const bt = totalOf(banker);
  if (pt < 8 && bt < 8) {
    let p3: number | null = null;
    if (pt <= 5) {
      const c = draw();
      player.push(c);
      p3 = pointOf(c);
    }
    if (bankerDraws(bt, p3)) banker.push(draw());
  }
  const playerTotal = totalOf(player);
  const bankerTotal = totalOf(banker);
  return {
    player, banker, playerTotal, bankerTotal,
    winner: playerTotal > bankerTotal ? 'player' : bankerTotal > playerTotal ? 'banker' : 'tie',
    playerPair: rankOf(p1) === rankOf(p2),
    bankerPair: rankOf(b1) === rankOf(b2),
  };
}
