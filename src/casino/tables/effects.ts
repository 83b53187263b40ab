// The effect interpreter. A stepped game's step asks for effects; this carries them out in
// order — stakes to escrow, the outcome and the settlement through the ledger, hold'em
// chips — journals the step, and keeps the round the table has open. Timers and
// `continue` go back to the room, which arms them and feeds `continue` once it has taken
// the step's state and shown it.
//
// Failure policy: a refusal before any money moved (a PitbossError, or the store refusing
// a value) is the action's error and changes nothing. Any failure after money moved is
// the table's: it crashes the process, its supervisor restarts it, and init resolves the
// interrupted round from the journal.
import { randomBytes } from 'node:crypto';
import { FairRng } from '../../games/rng/fair.ts';
import { accountId, isDataError, type KeyState, type Ledger } from '../../ledger/index.ts';
import type { StepWrite } from '../../ledger/rounds/types.ts';
import { CURRENCY } from '../currency.ts';
import type { JsonObject } from '../../wire/index.ts';
import { PitbossError } from '../../errors.ts';
import { buyIn, cashOut, chipsAccount } from './chips.ts';
import type { PlayerNotices } from './notices.ts';
import { settledEvent, type ActKey, type TableRounds } from './rounds.ts';
import type { RoundSeeds } from './seeds.ts';
import type { TimerEffect } from './timers.ts';
import type { Effect, Handled, Input, Stake, TableEvent } from './types.ts';
import { KeyTaken, type PendingKey } from './act_cache.ts';
import type { KeyRef } from '../../ledger/index.ts';

/** `chips`: players whose stakes come from table chips (hold'em) — their wallet does not move with the round. */
export type OpenRound = { id: string; rng: FairRng; seeds: RoundSeeds; serverSeedHash: string; chips: Set<string> };

/** What a carried step leaves to the room, once it has taken the step's state. */
export interface Carried {
  /** events the effects produced (round_opened, settled), shown after the step's own */
  events: TableEvent[];
  /** the step's timers, to arm after the step is shown */
  timers: TimerEffect[];
  /** the step asked for `continue`: feed it next, with the round's Rng */
  cont: boolean;
}

/** The step's answer as the room will give it: the round's id first, then the game's reply (room.ts run()). */
const withRound = (step: StepWrite, roundId: string): StepWrite =>
  ({ journal: step.journal, ...(step.answer !== undefined ? { answer: { round_id: roundId, ...step.answer } } : {}) });

export interface EffectsDeps {
  tableId: string;
  ledger: Ledger;
  rounds: TableRounds;
  notices: PlayerNotices;
}

export class RoundEffects {
  readonly #tableId: string;
  readonly #ledger: Ledger;
  readonly #rounds: TableRounds;
  readonly #notices: PlayerNotices;
  #round: OpenRound | null = null;
  /**
   * Wallet balances the ledger's writes of this act returned (a stake's, a payout's, the
   * journal's read), newest last: the act's reply takes its actor's from here instead of a
   * query of its own. Cleared by the room before each act.
   */
  readonly known = new Map<string, number>();
  /** The act's key, not yet claimed (room.ts sets it around an act); cleared when claimed. */
  #pendingKey: PendingKey | null = null;
  /** This act's key was claimed, and that claim committed: only then does the room keep its answer or free it. */
  keyClaimed = false;
  /** ... and its answer was kept in the same transaction (a bet: see StepWrite); the room need not write it. */
  keyAnswered = false;

  constructor(d: EffectsDeps) {
    this.#tableId = d.tableId;
    this.#ledger = d.ledger;
    this.#rounds = d.rounds;
    this.#notices = d.notices;
  }

  /**
   * An act with a key starts (`key`) or ends (null). The key is claimed at the act's first
   * step: inside the stake's own transaction when that step starts by staking (one write
   * instead of two), else alone before any effect. A step the game refuses claims nothing.
   */
  actKey(key: PendingKey | null): void {
    this.#pendingKey = key;
    this.keyClaimed = false;
    this.keyAnswered = false;
  }

  /** The round the table has open; null between rounds. */
  get round(): OpenRound | null {
    return this.#round;
  }

  /**
   * Carries out the effects of step `r` (the game's answer to `input`) in order and
   * journals the step. `opening` is what a step that opens a round journals beside its input.
   */
  async carry(input: Input, r: Handled<unknown>, opening: () => JsonObject, key: ActKey | null): Promise<Carried> {
    const before = this.#round;
    let moved = false;
    let cont = false;
    const timers: TimerEffect[] = [];
    const events: TableEvent[] = [];
    const open = before === null ? opening() : {};
    // The act's key: claimed alone now, or handed to the first stake's transaction (`fold`).
    let fold: KeyRef | null = null;
    const pk = this.#pendingKey;
    if (pk !== null) {
      this.#pendingKey = null;
      const first = r.effects.find((e) => e.type !== 'timer' && e.type !== 'cancel_timer');
      if (first?.type === 'open_round' || first?.type === 'add_stake') fold = { player: pk.player, key: pk.key, tableId: pk.tableId };
      else {
        const seen = await pk.alone();
        if (seen !== null) throw new KeyTaken(seen);
        this.keyClaimed = true;
      }
    }
    // The actor's wallet balance is read by the journal's own statement (the act's reply wants it).
    const actor = input.type === 'act' ? input.playerId : null;
    const journal = async () => {
      const j = await this.#ledger.rounds.appendAction(this.#round!.id, { ...input, ...open }, r.events,
        actor === null ? {} : { balanceOf: accountId('player', actor, CURRENCY) });
      if (actor !== null && j.balance !== null) this.known.set(actor, j.balance);
    };
    let journaled = false;
    // A step that only stakes from the wallet (a bet): its journal row, and its key's answer,
    // ride in the stake's own transaction (StepWrite) — one write for the whole act.
    const moves = r.effects.filter((e) => e.type !== 'timer' && e.type !== 'cancel_timer');
    const only = moves.length === 1 ? moves[0] : undefined;
    const fuse = input.type === 'act' && only !== undefined &&
      ((only.type === 'open_round' && before === null && only.stakes.every((s) => !s.fromChips)) ||
        (only.type === 'add_stake' && before !== null && !only.stake.fromChips));
    const step: StepWrite | null = !fuse ? null : {
      journal: { action: { ...input, ...open }, events: r.events as unknown[] },
      ...(fold !== null ? { answer: r.reply as Record<string, unknown> } : {}),
    };
    try {
      for (const e of r.effects) {
        // Timers start only once the step is journaled and everyone has seen it (the room):
        // a slow ledger must not eat into the next player's turn.
        if (e.type === 'timer' || e.type === 'cancel_timer') {
          timers.push(e);
          continue;
        }
        // The step that settles is journaled too, just before the settlement closes the round.
        if (e.type === 'settle' && this.#round !== null && !journaled && (before === null || this.#round === before)) {
          await journal();
          journaled = true;
        }
        const stakes = e.type === 'open_round' || e.type === 'add_stake';
        const res = await this.#effect(e, key, moved, stakes ? fold : null, stakes ? step : null);
        if (fold !== null && stakes) {
          // The stake's transaction claimed the key, or found it held (nothing moved).
          if (res.taken) throw new KeyTaken(pk!.taken(res.taken));
          fold = null;
          this.keyClaimed = true;
          if (step?.answer !== undefined) this.keyAnswered = true;
        }
        if (step !== null && stakes) journaled = true;
        if (res.moved) moved = true;
        if (res.event) events.push(res.event);
        if (e.type === 'continue') cont = true;
      }
      // Every step inside an open round — the one that opened it, and `continue` steps
      // with the draws that follow a stake — is journaled before anyone sees its result.
      if (!journaled && this.#round !== null && (before === null || this.#round === before)) await journal();
    } catch (err) {
      // Refusals before any money moved leave everything as it was; after, let it crash.
      if (err instanceof PitbossError && !moved) throw err;
      // The store refusing a value (SQLSTATE 22/23) before money moved is that action's
      // error, not the table's: answer it and play on.
      if (!moved && isDataError(err)) throw new PitbossError('invalid_payload', 'the action holds a value the ledger cannot store', {}, { cause: err });
      throw new Error(`table ${this.#tableId} failed after moving money`, { cause: err });
    }
    return { events, timers, cont };
  }

  async #effect(e: Exclude<Effect, TimerEffect>, key: ActKey | null, moved: boolean, claim: KeyRef | null, step: StepWrite | null): Promise<{ moved?: boolean; event?: TableEvent; taken?: KeyState }> {
    const ledger = this.#ledger;
    switch (e.type) {
      case 'open_round': {
        if (this.#round !== null) throw new Error('the game opened a round while one is open');
        const { id, seeds } = await this.#rounds.fresh(moved ? null : key, e.stakes.map((s) => s.playerId));
        const opened = await ledger.rounds.open({
          ...this.#rounds.header(id, seeds),
          stakes: e.stakes.map((s) => ({ player: s.playerId, amount: s.amount, bet: s.bet, ...this.#source(s) })),
          ...(claim ? { claim } : {}),
          ...(step ? { step: withRound(step, id) } : {}),
        });
        if (opened.taken) return { taken: opened.taken };
        if (opened.replayed) throw new PitbossError('round_closed', 'that key already played a round', { round_id: id });
        const chips = new Set(e.stakes.filter((s) => s.fromChips).map((s) => s.playerId));
        this.#round = { id, rng: new FairRng(seeds), seeds, serverSeedHash: opened.serverSeedHash, chips };
        // A `balance` push is the wallet's: stakes from table chips leave it as it was.
        for (const st of e.stakes) {
          if (st.fromChips) continue;
          const after = opened.balances?.[st.playerId];
          if (after !== undefined) this.known.set(st.playerId, after);
          await this.#notices.balance(st.playerId, -st.amount, 'stake', after);
        }
        return { moved: true, event: { type: 'round_opened', round_id: id, server_seed_hash: opened.serverSeedHash, ...seeds.published } };
      }
      case 'add_stake': {
        const round = this.#open();
        const k = key ? `${key.playerId}:${key.key}` : randomBytes(9).toString('base64url');
        const added = await ledger.rounds.addStake(round.id, {
          player: e.stake.playerId, amount: e.stake.amount, bet: e.stake.bet, key: k, ...this.#source(e.stake),
          ...(claim ? { claim } : {}),
          ...(step ? { step: withRound(step, round.id) } : {}),
        });
        if (added.taken) return { taken: added.taken };
        if (added.replayed) throw new PitbossError('round_closed', 'that key already placed this stake');
        if (e.stake.fromChips) round.chips.add(e.stake.playerId);
        else {
          if (added.balanceAfter !== undefined) this.known.set(e.stake.playerId, added.balanceAfter);
          await this.#notices.balance(e.stake.playerId, -e.stake.amount, 'stake', added.balanceAfter);
        }
        return { moved: true };
      }
      case 'record_outcome':
        await ledger.rounds.recordOutcome(this.#open().id, { outcome: e.outcome, payouts: e.payouts });
        return {};
      case 'settle': {
        const round = this.#open();
        const t0 = performance.now();
        const s = await ledger.rounds.settle(round.id, { outcome: e.outcome, payouts: e.payouts });
        const settleMs = performance.now() - t0;
        this.#round = null;
        // Hold'em pays back into table chips: balanceAfter is the chips account, not the wallet, so no push.
        for (const x of s.results) {
          if (round.chips.has(x.player)) continue;
          this.known.set(x.player, x.balanceAfter);
          await this.#notices.balance(x.player, x.payout, 'payout', x.balanceAfter);
        }
        this.#rounds.settled(round.id, s, settleMs);
        // The seeds as seeds.ts allows: a round's own seed is revealed now; a pair's or hold'em's is not.
        return { moved: true, event: settledEvent(round.id, e.outcome, round.seeds, s.results) };
      }
      case 'buy_in': {
        await buyIn(ledger, this.#tableId, e.playerId, e.amount, key ? `${key.playerId}:${key.key}` : undefined);
        await this.#notices.balance(e.playerId, -e.amount, 'buy_in');
        return { moved: true };
      }
      case 'cash_out': {
        const back = await cashOut(ledger, this.#tableId, e.playerId);
        if (back > 0) await this.#notices.balance(e.playerId, back, 'cash_out');
        return { moved: back > 0 };
      }
      case 'continue':
        return {};
    }
  }

  /** A stake from the player's table chips (hold'em) names that account; else the wallet. */
  #source(s: Stake): { account?: string } {
    return s.fromChips ? { account: chipsAccount(this.#tableId, s.playerId) } : {};
  }

  #open(): OpenRound {
    if (this.#round === null) throw new Error('the game settled without an open round');
    return this.#round;
  }
}
