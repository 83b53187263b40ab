// Deterministic replay. A replayer re-runs a game from its journal (seeds, stakes,
// actions) and returns what the round produced. The registry is a plain object passed
// in, not a module singleton, and nothing is discovered on disk: the casino registers
// each table game's replayer (src/casino/adapters/replayers.ts), a test its own games.
import type { Store } from '../../store/types.ts';
import { canonicalJson } from '../money.ts';
import { loadJournal } from './journal.ts';
import type { Payouts, RoundJournal } from './types.ts';

export interface ReplayResult {
  /** true when the journaled actions take the round to its end. */
  final: boolean;
  outcome: unknown;
  /** Final payouts, or what each player has won so far when not final. */
  payouts: Payouts;
  /** Events recomputed for each journaled action, compared with the recorded ones. */
  events: unknown[][];
  /** Opaque to the ledger: what the game's table resumes from after a completed round. */
  resume?: unknown;
}

export type Replayer = (journal: RoundJournal) => ReplayResult;

export class Replayers {
  private readonly byGame = new Map<string, Replayer>();
  registerReplayer(game: string, fn: Replayer): this {
    this.byGame.set(game, fn);
    return this;
  }
  get(game: string): Replayer | undefined {
    return this.byGame.get(game);
  }
  games(): string[] {
    return [...this.byGame.keys()].sort();
  }
}

export interface ReplayReport {
  ok: boolean;
  roundId: string;
  game: string;
  status: RoundJournal['status'];
  recorded: { outcome: unknown; payouts: Payouts } | null;
  replayed: { final: boolean; outcome: unknown; payouts: Payouts };
  mismatches: string[];
}

/** Re-runs the round from its journal and compares with what was recorded. */
export async function replayRound(store: Store, roundId: string, replayers: Replayers): Promise<ReplayReport | null> {
  const j = await loadJournal(store, roundId, true);
  if (!j) return null;
  const fn = replayers.get(j.game);
  if (!fn) {
    return { ok: false, roundId, game: j.game, status: j.status, recorded: j.recorded, replayed: { final: false, outcome: null, payouts: {} },
      mismatches: [`no replayer registered for game ${j.game}`] };
  }
  const r = fn(j);
  const mismatches: string[] = [];
  j.actions.forEach((a, i) => {
    if (a.events.length > 0 && canonicalJson(a.events) !== canonicalJson(r.events[i] ?? [])) mismatches.push(`events of action ${a.seq}`);
  });
  if (j.recorded) {
    if (!r.final) mismatches.push('journal does not reach the recorded outcome');
    if (canonicalJson(j.recorded.outcome) !== canonicalJson(r.outcome)) mismatches.push('outcome');
    if (canonicalJson(j.recorded.payouts) !== canonicalJson(r.payouts)) mismatches.push('payouts');
  }
  if (j.status === 'settled' && j.resolution !== 'refunded' && j.resolution !== 'best_of') {
    for (const res of j.results) if (res.payout !== (r.payouts[res.player] ?? 0)) mismatches.push(`settled payout of ${res.player}`);
  }
  return { ok: mismatches.length === 0, roundId, game: j.game, status: j.status, recorded: j.recorded,
    replayed: { final: r.final, outcome: r.outcome, payouts: r.payouts }, mismatches };
}
