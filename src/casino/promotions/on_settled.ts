// What happens after any table settles a round: a jackpot won by it is announced, and
// each win is entered in the daily tournament (rank changes and the new top announced).
import type { Ledger } from '../../ledger/index.ts';
import type { PubSub } from '../../wire/index.ts';
import { JACKPOTS_TOPIC } from './ticker.ts';
import { DAILY_TOURNAMENT } from './defaults.ts';
import { leaderboard } from './channels.ts';

export interface Settlement {
  roundId: string;
  results: Array<{ player: string; stake: number; payout: number }>;
  jackpot: { pool: string; player: string; amount: number } | null;
}

export function onSettled(deps: { ledger: Ledger; pubsub: PubSub }) {
  const topic = `tournament:${DAILY_TOURNAMENT.id}`;
  return async (s: Settlement): Promise<void> => {
    if (s.jackpot) {
      await deps.pubsub.broadcast(JACKPOTS_TOPIC, 'jackpot_won', { id: s.jackpot.pool, player_id: s.jackpot.player, amount: s.jackpot.amount, round_id: s.roundId });
    }
    let moved = false;
    for (const r of s.results) {
      if (r.payout <= 0) continue;
      const { events } = await deps.ledger.leaderboards.submit(DAILY_TOURNAMENT.id, r.player, r.payout);
      for (const e of events) {
        moved = true;
        await deps.pubsub.broadcast(topic, 'rank_changed', { player_id: e.owner, from: e.from, to: e.to });
      }
    }
    if (moved) await deps.pubsub.broadcast(topic, 'leaderboard', { leaderboard: await leaderboard(deps.ledger, DAILY_TOURNAMENT.id) });
  };
}
