// What happens after any table settles a round: a jackpot won by it is announced, and
// each win is entered in the daily tournament (rank changes and the new top announced).
//
// Tournament entries go through one queue, one submission at a time: the board's row
// lock serialises its writers anyway, and many waiting submissions would hold database
// connections the tables need. The board keeps each player's best win, so while one
// submission runs, later wins of a player are merged into their largest — the board
// ends up exactly as if each had been submitted; only rank flips in between are skipped.
import type { HitCommitment, HitReveal, Ledger } from '../../ledger/index.ts';
import type { PubSub } from '../../wire/index.ts';
import { commitmentFields, JACKPOTS_TOPIC } from './ticker.ts';
import { DAILY_TOURNAMENT } from './defaults.ts';
import { leaderboard } from './channels.ts';

export interface Settlement {
  roundId: string;
  game: string;
  tableId: string;
  /** The ledger's settlement call, start to commit (ms): operations' latency figure. */
  settleMs: number;
  results: Array<{ player: string; stake: number; payout: number }>;
  jackpot: { pool: string; player: string; amount: number; cycle: number; reveal: HitReveal | null; next: HitCommitment | null } | null;
}

export function onSettled(deps: { ledger: Ledger; pubsub: PubSub }) {
  const topic = `tournament:${DAILY_TOURNAMENT.id}`;
  const pending = new Map<string, number>();
  let flushing: Promise<void> | null = null;

  async function flush(): Promise<void> {
    let moved = false;
    while (pending.size > 0) {
      const [player, best] = pending.entries().next().value!;
      pending.delete(player);
      const { events } = await deps.ledger.leaderboards.submit(DAILY_TOURNAMENT.id, player, best);
      for (const e of events) {
        moved = true;
        await deps.pubsub.broadcast(topic, 'rank_changed', { player_id: e.owner, from: e.from, to: e.to });
      }
    }
    if (moved) await deps.pubsub.broadcast(topic, 'leaderboard', { leaderboard: await leaderboard(deps.ledger, DAILY_TOURNAMENT.id) });
  }

  /** Resolves once this settlement's wins are on the board. */
  return async (s: Settlement): Promise<void> => {
    if (s.jackpot) {
      // The won cycle's hit point and salt are revealed here, with the next cycle's commitment.
      const { pool, player, amount, cycle, reveal, next } = s.jackpot;
      await deps.pubsub.broadcast(JACKPOTS_TOPIC, 'jackpot_won', {
        id: pool, player_id: player, amount, round_id: s.roundId, ...commitmentFields(reveal), cycle,
        hit_point: reveal?.hitPoint ?? null, salt: reveal?.salt ?? null, next: next ? commitmentFields(next) : null,
      });
    }
    let entered = false;
    for (const r of s.results) {
      if (r.payout <= 0) continue;
      pending.set(r.player, Math.max(pending.get(r.player) ?? 0, r.payout));
      entered = true;
    }
    if (!entered) return;
    while (flushing) await flushing; // the running flush may have taken our entry before we added it
    if (pending.size === 0) return;
    flushing = flush().finally(() => {
      flushing = null;
    });
    await flushing;
  };
}
