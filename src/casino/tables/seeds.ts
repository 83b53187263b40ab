// Which seeds a table's next round is drawn from, and what the table may say about them
// (docs/game-math.md, "Seed pairs"; docs/security.md). The room asks `seedsFor` when a
// round opens and publishes `published` in round_opened and `settledSeeds` in settled.
//
//  - single-player table: the player's own seed pair. The player set its client seed and
//    saw the server seed's hash before the round; the nonce counts the pair's rounds. The
//    server seed draws the pair's later rounds too, so it is shown only on rotation.
//  - shared table (blackjack, baccarat, shared roulette): a server seed of the round's
//    own, its hash published at round_opened and the seed at settled; the table's pair
//    gives the client seed (the table's, random) and counts the table's rounds.
//  - hold'em: like a shared table, but the server seed is never shown — it would rebuild
//    every folded and mucked hand; cards are opened one by one against a commitment
//    (games/holdem/commit.ts) instead.
import { hashServerSeed } from '../../games/rng/fair.ts';
import type { Ledger, Seeds, SeedReveal } from '../../ledger/index.ts';
import type { JsonObject } from '../../wire/index.ts';
import type { GameId } from './types.ts';

export interface RoundSeeds extends Seeds {
  pair: string;
  reveal: SeedReveal;
  /** What round_opened says about the seeds (beside the server seed hash). */
  published: JsonObject;
}

export interface SeedRequest {
  tableId: string;
  game: GameId;
  shared: boolean;
  /** the players staking the round's first stakes */
  players: readonly string[];
}

export const playerSeedOwner = (playerId: string): string => `player:${playerId}`;
const tableSeedOwner = (tableId: string): string => `table:${tableId}`;

export async function seedsFor(ledger: Ledger, r: SeedRequest): Promise<RoundSeeds> {
  const single = !r.shared && r.game !== 'holdem' && r.players.length === 1;
  const seeds = single
    ? await ledger.seeds.draw(playerSeedOwner(r.players[0]!), { fresh: false })
    : await ledger.seeds.draw(tableSeedOwner(r.tableId), { fresh: true });
  const reveal: SeedReveal = single ? 'retired' : r.game === 'holdem' ? 'never' : 'settled';
  return { ...seeds, reveal, published: { client_seed: seeds.clientSeed, nonce: seeds.nonce } };
}

/** What the public `settled` event says about a round's seeds. */
export function settledSeeds(seeds: RoundSeeds): JsonObject {
  if (seeds.reveal === 'settled') return { server_seed: seeds.serverSeed, client_seed: seeds.clientSeed, nonce: seeds.nonce };
  // A pair's seed stays secret until the player rotates it: name the pair by its hash.
  if (seeds.reveal === 'retired') return { server_seed_hash: hashServerSeed(seeds.serverSeed), client_seed: seeds.clientSeed, nonce: seeds.nonce };
  return {}; // hold'em: the outcome carries the commitment and the openings of what was shown
}
