// `jackpots` (anyone signed in: the meters, then `jackpot` and `jackpot_won` events) and
// `tournament:<id>` (the leaderboard with names, then `leaderboard` and `rank_changed`).
import { Channel, type ChannelSocket, type JsonObject } from '../../wire/index.ts';
import { PitbossError } from '../../errors.ts';
import type { Ledger } from '../../ledger/index.ts';
import type { PlayerAssigns } from '../socket_auth.ts';
import { readMeters } from './ticker.ts';
import { tournamentNames } from './defaults.ts';

/** What counts joined channels (src/ops/connection_tracker.ts), as the other channels take it. */
type Tracker = { track(kind: string, pid: unknown, meta: JsonObject): void };

export function jackpotsChannel(deps: { ledger: Ledger; tracker?: Tracker }) {
  return class JackpotsChannel extends Channel<PlayerAssigns> {
    async join(_topic: string, _payload: JsonObject, socket: ChannelSocket<PlayerAssigns>): Promise<JsonObject> {
      const jackpots = await readMeters(deps.ledger);
      deps.tracker?.track('jackpots_channel', socket.pid, { player_id: socket.assigns.playerId });
      return { jackpots };
    }
  };
}

/** The top of a board with each player's name. */
export async function leaderboard(ledger: Ledger, id: string, n = 10): Promise<JsonObject[]> {
  const top = await ledger.leaderboards.top(id, n);
  const names = await ledger.store.query<{ id: string; name: string }>('SELECT id, name FROM players WHERE id = ANY($1::text[])', [top.map((r) => r.owner)]);
  const byId = new Map(names.map((r) => [r.id, r.name]));
  return top.map((r) => ({ rank: r.rank, player_id: r.owner, name: byId.get(r.owner) ?? r.owner, score: r.score }));
}

export function tournamentChannel(deps: { ledger: Ledger; tracker?: Tracker }) {
  return class TournamentChannel extends Channel<PlayerAssigns> {
    async join(topic: string, _payload: JsonObject, socket: ChannelSocket<PlayerAssigns>): Promise<JsonObject> {
      const id = topic.slice('tournament:'.length);
      if (!Object.hasOwn(tournamentNames, id)) throw new PitbossError('not_found', `no tournament ${id}`);
      const me = await deps.ledger.leaderboards.rank(id, socket.assigns.playerId);
      deps.tracker?.track('tournament_channel', socket.pid, { player_id: socket.assigns.playerId, tournament_id: id });
      return { id, name: tournamentNames[id]!, leaderboard: await leaderboard(deps.ledger, id), me: me ? { rank: me.rank, score: me.score } : null };
    }
  };
}
