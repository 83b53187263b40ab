// A table's life as staff see it: open, or draining — closing between rounds. A draining
// table takes no new seat and no act that would start a round, finishes the round it is
// running (its players may still act in it), and then stops with a clean exit, which
// its supervisor does not restart (room.ts: closeIfDrained). Members are told by a
// `table_closing` event; the refusals carry `table_closing` with a plain message.
import { PitbossError } from '../../errors.ts';

export type TableLife = { type: 'open' } | { type: 'draining'; by: string; since: number };

/**
 * Why a call is refused while the table drains, or null. `wouldStartRound`: an act now
 * would open a round (no round is running, or the game's every act is a round: slots).
 */
export function drainRefusal(life: TableLife, call: string, wouldStartRound: boolean): PitbossError | null {
  if (life.type === 'open') return null;
  if (call === 'sit') return new PitbossError('table_closing', 'this table is closing: it takes no new players');
  if (call === 'act' && wouldStartRound) return new PitbossError('table_closing', 'this table is closing after the current round: no new round starts');
  return null;
}
