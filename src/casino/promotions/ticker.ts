// Jackpot meters for the lobby: a process that reads every pool now and then and
// broadcasts `jackpot {id, amount}` on the `jackpots` topic when a meter moved — and at
// least every 30 s regardless (GLI: meters shown at least every 30 s), so a display
// that joined late or missed a frame is never stale for long.
import { GenServer } from '../../runtime/index.ts';
import type { Ledger } from '../../ledger/index.ts';
import type { PubSub } from '../../wire/index.ts';
import { jackpotNames } from './defaults.ts';

export const JACKPOTS_TOPIC = 'jackpots';

export interface TickerArgs {
  ledger: Ledger;
  pubsub: PubSub;
  everyMs: number;
}

export async function readMeters(ledger: Ledger): Promise<Array<{ id: string; name: string; amount: number }>> {
  const out = [];
  for (const id of Object.keys(jackpotNames)) {
    const p = await ledger.jackpots.get(id);
    if (p) out.push({ id, name: jackpotNames[id]!, amount: p.meter });
  }
  return out;
}

export class JackpotTicker extends GenServer<TickerArgs> {
  private a!: TickerArgs;
  private last = new Map<string, { amount: number; at: number }>();

  override init(args: TickerArgs): void {
    this.a = args;
    this.sendAfter('tick', args.everyMs);
  }

  override async handleInfo(msg: unknown): Promise<void> {
    if (msg !== 'tick') return;
    const now = Date.now();
    for (const m of await readMeters(this.a.ledger)) {
      const seen = this.last.get(m.id);
      if (seen && seen.amount === m.amount && now - seen.at < 30_000) continue;
      this.last.set(m.id, { amount: m.amount, at: now });
      await this.a.pubsub.broadcast(JACKPOTS_TOPIC, 'jackpot', { id: m.id, amount: m.amount });
    }
    this.sendAfter('tick', this.a.everyMs);
  }
}
