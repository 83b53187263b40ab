// The instant path. A round that is one player's stake and one draw (an InstantGame:
// slots) is drawn in memory and handed to the ledger whole — the stake, both journal
// steps, the outcome and the payout — as one unit (ledger/rounds/instant.ts) that is
// batched with other tables' rounds into one set-based transaction. Chosen for
// throughput: see docs/performance.md.
//
// A keyed spin's action key is claimed and answered in that same unit (the reply it stores
// is the one returned here); a key already held comes back as `taken`, nothing played.
//
// Money still comes before outcome: nobody sees the outcome before that unit commits,
// and if the stake is refused the outcome is discarded unseen. Nothing is left to
// recover after a crash: the round is committed whole or not at all.
//
// What it shows is as lean as the contract allows (docs/protocol.md, "What a client
// receives per action"): one public event, `settled`, which also carries what a stepped
// round's `round_opened` says (the server seed hash and the published seed fields) and who
// bet what; no `state` (the View changes only in the game's `last`, which is the
// settlement's `outcome`); one `balance` notice for the round (stake and payout netted).
import { FairRng } from '../../games/rng/fair.ts';
import type { KeyState, Ledger } from '../../ledger/index.ts';
import type { JsonObject } from '../../wire/index.ts';
import { PitbossError } from '../../errors.ts';
import { answered, refused, type TableReply } from './reply.ts';
import type { PlayerNotices } from './notices.ts';
import { settledEvent, type ActKey, type TableRounds } from './rounds.ts';
import type { ActInput, GameContext, InstantGame, TableEvent } from './types.ts';

export interface InstantDeps {
  ledger: Ledger;
  rounds: TableRounds;
  notices: PlayerNotices;
  /** The room takes the round's new state, then shows its public events (no personal view follows). */
  show(state: unknown, events: TableEvent[]): void;
}

/** One act at an instant table: the game, its state and context, and what the opening step journals. */
export interface InstantAct {
  game: InstantGame<unknown>;
  state: unknown;
  act: ActInput;
  ctx: GameContext;
  opening: JsonObject;
  key: ActKey | null;
}

export class InstantPath {
  readonly #ledger: Ledger;
  readonly #rounds: TableRounds;
  readonly #notices: PlayerNotices;
  readonly #show: InstantDeps['show'];

  constructor(d: InstantDeps) {
    this.#ledger = d.ledger;
    this.#rounds = d.rounds;
    this.#notices = d.notices;
    this.#show = d.show;
  }

  /** Plays one round; the reply to the act and the player's balance as the round left it, or the refusal. */
  async play(a: InstantAct): Promise<TableReply<{ reply: JsonObject; balance: number } | { taken: KeyState }>> {
    const p = a.game.play(a.state, a.act, a.ctx);
    if (!p.ok) return refused(p);
    const player = a.act.playerId;
    const { id, seeds } = await this.#rounds.fresh(a.key, [player]);
    const d = p.draw(new FairRng(seeds));
    if (!d.ok) return refused(d);
    const t0 = performance.now();
    const played = await this.#ledger.rounds.playInstant({
      ...this.#rounds.header(id, seeds),
      player, stake: p.stake.amount, bet: p.stake.bet,
      // Journaled as two steps, as a stepped round would be: the act that staked, then the draw.
      steps: [{ action: { ...a.act, ...a.opening }, events: [] }, { action: { type: 'continue' }, events: d.events }],
      outcome: d.outcome, payout: d.payout,
      ...(a.key ? { key: { key: a.key.key, reply: { round_id: id, ...(d.reply ?? {}) } } } : {}),
    });
    const settleMs = performance.now() - t0;
    if (played.taken) return answered({ taken: played.taken });
    if (played.replayed || played.settle === null) return refused(new PitbossError('round_closed', 'that key already played a round', { round_id: id }));
    const s = played.settle;
    const x = s.results[0];
    // The game's own events (the spin) stay in the journal: `settled` tells the table all of them.
    this.#show(d.state, [{
      ...settledEvent(id, d.outcome, seeds, s.results),
      server_seed_hash: played.serverSeedHash, ...seeds.published, player_id: player, bet: p.stake.amount,
    }]);
    await this.#notices.balance(x.player, x.payout - x.stake, 'round', x.balanceAfter);
    this.#rounds.settled(id, s, settleMs);
    return answered({ reply: { round_id: id, ...(d.reply ?? {}) }, balance: x.balanceAfter });
  }
}
