// Seat arithmetic. "Clockwise" means increasing seat numbers, wrapping at the table size;
// every order in the hand (blinds, dealing, action, showdown, odd chips) is clockwise
// starting left of some seat, so it all goes through `clockwiseAfter`.
import type { HandConfig, PlayerState, SeatConfig } from './types.ts';

/** The players ordered clockwise, starting with the first seat strictly after `seat`. */
export function clockwiseAfter<P extends { seat: number }>(players: readonly P[], seat: number, tableSize: number): P[] {
  const dist = (p: P) => (p.seat - seat - 1 + tableSize) % tableSize;
  return players.slice().sort((a, b) => dist(a) - dist(b));
}

/** The first player clockwise after `seat` matching `pred`, or undefined. */
export function nextWhere(
  players: readonly PlayerState[],
  seat: number,
  tableSize: number,
  pred: (p: PlayerState) => boolean,
): PlayerState | undefined {
  return clockwiseAfter(players, seat, tableSize).find(pred);
}

/** A seat entry that is dealt into the next hand: present, has chips, not sitting out. */
export const dealtIn = (s: SeatConfig | null): s is SeatConfig => s !== null && s.stack > 0 && !s.sittingOut;

/**
 * Where the table should put the button for the next hand: the next dealt-in seat
 * clockwise after the previous button. This is the simple "moving button" rule; the
 * engine also accepts a button on an empty seat (dead button), see engine.ts.
 */
export function nextButton(seats: HandConfig['seats'], previous: number): number {
  const n = seats.length;
  for (let d = 1; d <= n; d++) {
    const s = (previous + d) % n;
    if (dealtIn(seats[s] ?? null)) return s;
  }
  return previous;
}

/**
 * The button, small blind and big blind seats. Heads-up the button posts the small blind
 * (and the button is moved onto a dealt-in seat if it was not on one); otherwise the
 * blinds are the next two dealt-in seats after the button, which may be dead.
 */
export function blindSeats(
  players: readonly PlayerState[],
  button: number,
  tableSize: number,
): { button: number; small: number; big: number } {
  if (players.length === 2) {
    const onButton = players.find((p) => p.seat === button) ?? clockwiseAfter(players, button, tableSize)[0]!;
    const other = players.find((p) => p !== onButton)!;
    return { button: onButton.seat, small: onButton.seat, big: other.seat };
  }
  const order = clockwiseAfter(players, button, tableSize);
  return { button, small: order[0]!.seat, big: order[1]!.seat };
}
