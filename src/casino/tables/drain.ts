// A table's life as staff see it: open, or draining — closing between rounds. A draining
// table takes no new seat and no act that would start a round, finishes the round it is
// running (its players may still act in it), and then stops with a clean exit, which
// its supervisor does not restart (room.ts: closeIfDrained). Members are told by a
// `table_closing` event; the refusals carry `table_closing` with a plain message.
// A table moving to another node (hand_over.ts) refuses the same calls, as clean retries.
import { PitbossError } from '../../errors.ts';
import { movingRefusal } from './hand_over.ts';

export type TableLife = { type: 'open' } | { type: 'draining'; by: string; since: number } | { type: 'moving'; since: number };

/**
 * Why a call is refused while the table drains, or null. `wouldStartRound`: an act now
 * would open a round (no round is running, or the game's every act is a round: slots).
 */
export function drainRefusal(life: TableLife, call: string, wouldStartRound: boolean, tableId = ''): PitbossError | null {
  if (life.type === 'open') return null;
  if (life.type === 'moving') {
    if (call === 'sit') return movingRefusal(tableId, 'no seat is taken here now');
    if (call === 'act' && wouldStartRound) return movingRefusal(tableId, 'no new round starts here');
    return null;
  }
  if (call === 'sit') return new PitbossError('table_closing', 'this table is closing: it takes no new players');
  if (call === 'act' && wouldStartRound) return new PitbossError('table_closing', 'this table is closing after the current round: no new round starts');
  return null;
}
