// The bots of `pitboss chaos`: the mixed scenario's bots (mixed.ts), in the CLI's process,
// on the official phoenix client (official-client.ts), so they reconnect and rejoin through
// every fault the drill injects.
import { MIXED_GAMES, type MixedGame } from '../protocol.ts';
import type { ChaosLoad } from '../../src/chaos/run.ts';
import type { GameFigures } from '../../src/chaos/report.ts';
import { mixedClose, mixedPlay, mixedSeat } from './mixed.ts';
import { newRejoinStats, officialConnector, type OfficialClient } from './official-client.ts';
import type { Guest } from './guests.ts';

export function chaosLoad(): ChaosLoad {
  const stats = newRejoinStats();
  const clients: Array<{ guest: Guest; client: OfficialClient }> = [];
  return {
    async seat(port, perGame) {
      // Hold'em needs two at a table for a hand; a third keeps a hand going after a fold.
      const players = Object.fromEntries(MIXED_GAMES.map((g) => [g, g === 'holdem' ? Math.max(3, perGame) : perGame])) as Record<MixedGame, number>;
      const out = await mixedSeat(port, players, officialConnector(stats, clients));
      return {
        seated: Number(out['total']), errors: out['errors'] as string[],
        players: clients.map(({ guest }) => ({ playerId: guest.player_id, name: guest.name, balance: guest.balance ?? 0 })),
      };
    },
    async play(durationMs, windDownMs) {
      const out = await mixedPlay(durationMs, windDownMs);
      return {
        games: out['games'] as Record<string, GameFigures>, stuck: out['stuck'] as string[], closed: Number(out['closed']),
        reseats: out['reseats'] as { ok: number; refused: Record<string, number> },
      };
    },
    rejoin: () => stats,
    away: () => clients.flatMap(({ guest, client }) => {
      const topics = client.away();
      return !client.socket.isConnected() ? [`${guest.name}: socket down`] : topics.map((t) => `${guest.name}: ${t}`);
    }),
    close: () => mixedClose(),
  };
}
