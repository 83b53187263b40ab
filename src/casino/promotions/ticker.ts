// Jackpot meters for the lobby: a process that reads every pool now and then and
// broadcasts `jackpot` on the `jackpots` topic when a meter or its hit-point commitment
// moved — and at least every 30 s regardless (GLI: meters shown at least every 30 s), so
// a display that joined late or missed a frame is never stale for long.
// A must-hit-by pool's hit point is secret: only its commitment is published, from the
// reset on, so the win can be checked against it (`pitboss verify jackpot`).
import { GenServer } from '../../runtime/index.ts';
import type { HitCommitment, Ledger } from '../../ledger/index.ts';
import type { JsonObject, PubSub } from '../../wire/index.ts';
import { jackpotNames } from './defaults.ts';

export const JACKPOTS_TOPIC = 'jackpots';

export interface TickerArgs {
  ledger: Ledger;
  pubsub: PubSub;
  everyMs: number;
}

/** A draw as the wire shows it; null for a pool without must-hit-by. */
export function commitmentFields(h: HitCommitment | null): JsonObject {
  return h ? { cycle: h.cycle, draw: h.draw, commitment: h.commitment, hit_range: [h.lo, h.hi] } : { draw: null, commitment: null, hit_range: null };
}

export interface Meter extends JsonObject {
  id: string;
  name: string;
  amount: number;
  cycle: number;
}

/** Every pool, with its meter and its published commitment (every pool's: a commitment no one sees proves nothing). */
export async function readMeters(ledger: Ledger): Promise<Meter[]> {
  const out: Meter[] = [];
  const ids = await ledger.store.query<{ id: string }>('SELECT id FROM jackpot_pools ORDER BY id');
  for (const { id } of ids) {
    const p = await ledger.jackpots.get(id);
    if (p) out.push({ id, name: jackpotNames[id] ?? id, amount: p.meter, cycle: p.cycle, ...commitmentFields(p.hit) });
  }
  return out;
}

export class JackpotTicker extends GenServer<TickerArgs> {
  private a!: TickerArgs;
  private last = new Map<string, { shown: string; at: number }>();

  override init(args: TickerArgs): void {
    this.a = args;
    this.sendAfter('tick', args.everyMs);
  }

  override async handleInfo(msg: unknown): Promise<void> {
    if (msg !== 'tick') return;
    const now = Date.now();
    for (const { name: _name, ...m } of await readMeters(this.a.ledger)) {
      const shown = JSON.stringify(m);
      const seen = this.last.get(m.id);
      if (seen && seen.shown === shown && now - seen.at < 30_000) continue;
      this.last.set(m.id, { shown, at: now });
      await this.a.pubsub.broadcast(JACKPOTS_TOPIC, 'jackpot', m);
    }
    this.sendAfter('tick', this.a.everyMs);
  }
}
