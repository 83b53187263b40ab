// A table's start after a crash: what the previous incarnation left open is completed
// by the turn clock's defaults (or refunded where nothing was drawn), the players hear
// how their rounds ended, and the table gets back the seats and the game's state the
// completed round left (stacks, button), so play goes on where it stopped.
import type { Ledger } from '../../ledger/index.ts';
import { isResumedTable, type ResumedTable } from '../adapters/replayers.ts';
import type { PlayerNotices } from './notices.ts';

export interface Recovered {
  /** rounds resolved at this start */
  resolved: number;
  /** the seats and state to take back, when a completed round left them */
  resumed: ResumedTable | undefined;
}

export async function recoverTable(ledger: Ledger, notices: PlayerNotices, tableId: string): Promise<Recovered> {
  const recovered = await ledger.rounds.recover({ tableId, allNodes: true, actor: `table:${tableId}` });
  const players = new Set(recovered.flatMap((r) => Object.keys(r.payouts)));
  for (const p of players) await notices.deliver(p);
  return { resolved: recovered.length, resumed: recovered.map((r) => r.resume).filter(isResumedTable).at(-1) };
}
