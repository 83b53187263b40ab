// A table: one process per table wrapping a pure game adapter. It owns the seat map,
// the members (channel processes of players and spectators), the open round (its seeds
// and provably fair Rng), timers, the numbered event log and the idempotency cache.
// Every message is handled to the end before the next one, so a round's steps are
// strictly ordered even while the ledger is awaited.
//
// Failure policy: a refusal (PitbossError, or a RuleError from the game) answers the
// client and changes nothing. Any other failure — or any failure after money has moved —
// crashes this process: its supervisor restarts it, init resolves the interrupted round
// from the journal, and the members' channels re-attach and push a fresh state.
import { randomBytes, createHash } from 'node:crypto';
import { GenServer, type Pid, type DownMessage, type TimerRef, send } from '../../runtime/index.ts';
import { FairRng } from '../../games/rng/fair.ts';
import type { Ledger, Seeds, SettleResult } from '../../ledger/index.ts';
import { seedsFor, settledSeeds, type RoundSeeds } from './seeds.ts';
import { PitbossError, isReason } from '../../errors.ts';
import type { JsonObject, PubSub } from '../../wire/index.ts';
import { EventLog } from './event_log.ts';
import { tableSummary } from './summary.ts';
import { ActCache, type CachedReply } from './act_cache.ts';
import { Seating } from './seating.ts';
import { Presence } from './presence.ts';
import { GameTimers, type TimerEffect } from './timers.ts';
import { buyIn, cashOut, chipsAccount, returnChips } from './chips.ts';
import { ChatHistory } from '../chat/index.ts';
import type { Settlement } from '../promotions/on_settled.ts';
import { deliverNotices, playerTopic } from '../player_channel.ts';
import type { ActInput, Effect, GameContext, InstantGame, Input, Stake, TableConfig, TableEvent, TableGame } from './types.ts';
import type { RuleError } from '../../games/types.ts';

import { CURRENCY } from '../currency.ts';
import type { ResumedTable } from '../games/replayers.ts';
import { isDataError } from '../../store/index.ts';

export interface RoomArgs {
  config: TableConfig;
  game: TableGame<unknown>;
  ledger: Ledger;
  pubsub: PubSub;
  /** seat kept for a player whose last channel left (ms) */
  graceMs: number;
  /** an ephemeral table with no members and no round closes after this (ms) */
  idleMs: number;
  /** chat lines kept for players who join (0: none) */
  chatHistory?: number;
  /** the number of taken seats, at start and whenever it changes (the manager's directory) */
  onSeats?: (players: number) => void;
  /** after every settlement: jackpot announcements, tournament entries (must not throw into the table) */
  onSettled?: (s: Settlement) => Promise<void>;
  log?: { error(obj: object, msg: string): void };
}

/** Messages the channel sends to the table. */
export type RoomCall =
  | { t: 'join'; playerId: string; name: string; pid: Pid }
  | { t: 'sit'; playerId: string; name: string; seat?: number; buyIn?: number }
  | { t: 'leave_seat'; playerId: string }
  | { t: 'cash_out'; playerId: string }
  | { t: 'act'; playerId: string; payload: JsonObject; key: string | null }
  | { t: 'resume'; since: number }
  | { t: 'chat'; playerId: string; name: string; text: string }
  | { t: 'info' };

/** The answer to every RoomCall (the same shape the idempotency cache keeps). */
export type RoomReply = CachedReply;

/** Unwraps a RoomReply on the caller's side. */
export function roomResult<T>(r: RoomReply): T {
  if (r.ok) return r.value as T;
  throw new PitbossError(r.error['reason'] as never, r.error['message'] as string, r.error);
}

/** What the table sends to a member's channel process. */
export type RoomPush = { t: 'push'; event: string; payload: JsonObject };

type OpenRound = { id: string; rng: FairRng; seeds: RoundSeeds; serverSeedHash: string };

export class TableRoom extends GenServer<RoomArgs> {
  private a!: RoomArgs;
  private state: unknown;
  private readonly seating = new Seating();
  private readonly log = new EventLog();
  private acts!: ActCache;
  private round: OpenRound | null = null;
  private readonly timers = new GameTimers({ sendAfter: (msg, ms) => this.sendAfter(msg, ms), cancelTimer: (ref) => this.cancelTimer(ref) });
  private readonly presence = new Presence();
  private idleTimer: TimerRef | null = null;
  private chat!: ChatHistory;

  get topic(): string {
    return `table:${this.a.config.id}`;
  }

  override async init(args: RoomArgs): Promise<void> {
    this.a = args;
    this.acts = new ActCache(args.ledger.keys, args.config.id, { onError: (err) => args.log?.error({ err, table: args.config.id }, 'action key not kept') });
    this.chat = new ChatHistory(args.chatHistory ?? 50);
    this.state = args.game.init(args.config);
    this.seatsChanged(); // a restarted table starts with no one seated
    // A restart after a crash: complete (by the clock's defaults) or refund what the
    // previous incarnation left open, then take back the seats and the game's state the
    // completed round left (stacks, button), so play goes on where it stopped.
    const recovered = await args.ledger.rounds.recover({ tableId: args.config.id, allNodes: true, actor: `table:${args.config.id}` });
    const resumed = recovered.map((r) => r.resume).filter(isResumedTable).at(-1);
    if (resumed) this.restore(resumed);
    if (recovered.length > 0) {
      void this.a.pubsub.broadcast(this.topic, 'event', this.log.append({ type: 'table_restarted', resolved: recovered.length }));
      const players = new Set(recovered.flatMap((r) => Object.keys(r.payouts)));
      for (const p of players) await this.notifyPlayer(p);
    }
    this.armIdle();
  }

  /** Seats and state from a completed round's replay; absent players get the usual grace. */
  private restore(t: ResumedTable): void {
    this.state = t.state;
    for (const s of t.seats) this.seating.sit(s.playerId, s.name, s.seat, this.a.config.seats);
    for (const s of t.seats) this.goneAway(s.playerId);
    this.seatsChanged();
  }

  private ctx(): GameContext {
    return { config: this.a.config, seats: this.seating.seats, roundId: this.round?.id ?? null, away: this.presence.away };
  }

  /**
   * A throw in handleCall crashes the process (that is the runtime's contract), so
   * refusals come back as values and the caller rethrows them; anything else crashes.
   */
  override async handleCall(msg: RoomCall): Promise<unknown> {
    try {
      return { ok: true, value: await this.dispatch(msg) } satisfies RoomReply;
    } catch (err) {
      if (err instanceof PitbossError) return { ok: false, error: err.toReply() } satisfies RoomReply;
      throw err;
    } finally {
      if (this.presence.hasLeavers) await this.releaseLeavers();
    }
  }

  private async dispatch(msg: RoomCall): Promise<unknown> {
    switch (msg.t) {
      case 'join':
        return this.join(msg.playerId, msg.name, msg.pid);
      case 'sit':
        return this.sit(msg.playerId, msg.name, msg.seat, msg.buyIn);
      case 'leave_seat':
        return this.leaveSeat(msg.playerId);
      case 'cash_out': // chips here without a seat (a crash emptied the seats) go home, in this table's order of events
        return { returned: this.seating.seatOf(msg.playerId) === null ? await returnChips(this.a.ledger, this.a.config.id, msg.playerId, 'player_request') : 0 };
      case 'act':
        return this.act(msg.playerId, msg.payload, msg.key);
      case 'resume': {
        const events = this.log.since(msg.since);
        if (events === null) throw new PitbossError('too_old', undefined, { seq: this.log.seq });
        return { events };
      }
      case 'info':
        return this.summary();
      case 'chat': {
        // The text arrives cleaned and length-checked by the channel (prepareChat).
        const line = { player_id: msg.playerId, name: msg.name, text: msg.text, at: Date.now() };
        this.chat.push(line);
        void this.a.pubsub.broadcast(this.topic, 'chat', line);
        return {};
      }
    }
  }

  override async handleInfo(msg: unknown): Promise<void> {
    const m = msg as { type?: string; t?: string; name?: string; playerId?: string; id?: number };
    if (m.type === 'DOWN') {
      this.memberDown((msg as DownMessage).pid);
    } else if (m.t === 'timer' && typeof m.name === 'string') {
      // A timer that fired while the table was handling the action that answered it was
      // cancelled or re-armed since: it is stale, and must not act for the next turn.
      if (!this.timers.fired(m.name, m.id)) return;
      await this.run({ type: 'timer', name: m.name }, null);
    } else if (m.t === 'grace' && typeof m.playerId === 'string') {
      if (!this.presence.isGrace(m.playerId, m.id) || this.seating.isPresent(m.playerId)) return;
      // Never pull a player out of a running round: the clock plays it out, then they go.
      if (this.inRound(m.playerId)) this.presence.leaveAfterRound(m.playerId);
      else await this.unseat(m.playerId);
    } else if (m.t === 'idle') {
      this.idleTimer = null;
      if (this.seating.memberCount === 0 && this.round === null && !this.a.game.busy(this.state)) this.stop('normal');
      else this.armIdle(); // a round was running: look again later, or the table never closes
    }
    if (this.presence.hasLeavers) await this.releaseLeavers();
  }

  override terminate(): void {
    if (this.seating.memberCount > 0) {
      void this.a.pubsub.broadcast(this.topic, 'event', { seq: this.log.seq + 1, type: 'table_closed' });
    }
  }

  // ---- membership and seats -------------------------------------------------------

  private join(playerId: string, name: string, pid: Pid): JsonObject {
    if (this.seating.addMember(pid, playerId, name)) this.monitor(pid);
    // A returning player sits back in: dealt into the next round, waited for again.
    this.presence.clear(playerId);
    this.disarmIdle();
    return { state: this.viewFor(playerId), seq: this.log.seq, chat: this.chat.recent() as unknown as JsonObject[] };
  }

  private memberDown(pid: Pid): void {
    const left = this.seating.removeMember(pid);
    // The player's last channel went away while seated: keep the seat for the grace period.
    if (left && this.seating.seatOf(left) !== null) this.goneAway(left);
    else if (left) this.acts.forget(left);
    this.armIdle();
  }

  /** A seated player with no channel: sits out from now, and loses the seat after the grace. */
  private goneAway(playerId: string): void {
    this.sendAfter({ t: 'grace', playerId, id: this.presence.wentAway(playerId) }, this.a.graceMs);
  }

  /** After a settlement: players whose grace ran out during the round leave now. */
  private async releaseLeavers(): Promise<void> {
    for (const p of this.presence.leavers()) {
      if (this.seating.isPresent(p) || this.inRound(p)) continue;
      await this.unseat(p);
    }
  }

  private async sit(playerId: string, name: string, want?: number, buyIn?: number): Promise<JsonObject> {
    const seat = this.seating.sit(playerId, name, want, this.a.config.seats);
    try {
      // Chips left here by an earlier seat (a crash) count toward the stack.
      const chips = await this.a.ledger.wallet.balance(chipsAccount(this.a.config.id, playerId));
      await this.run({ type: 'seated', seat, chips, ...(buyIn !== undefined ? { buyIn } : {}) }, null);
    } catch (err) {
      this.seating.unsit(playerId);
      throw err;
    }
    this.seatsChanged();
    this.emit([{ type: 'seated', seat: seat.seat, player_id: playerId, name }]);
    return { seat: seat.seat };
  }

  private async leaveSeat(playerId: string): Promise<JsonObject> {
    if (this.seating.seatOf(playerId) === null) throw new PitbossError('not_seated');
    if (this.inRound(playerId)) throw new PitbossError('round_closed', 'finish the round before leaving the seat');
    await this.unseat(playerId);
    return {};
  }

  private async unseat(playerId: string): Promise<void> {
    const seat = this.seating.unsit(playerId);
    this.presence.clear(playerId);
    if (seat === null) return;
    if (!this.seating.isPresent(playerId)) this.acts.forget(playerId);
    this.seatsChanged();
    await this.run({ type: 'unseated', seat }, null);
    this.emit([{ type: 'left_seat', seat: seat.seat, player_id: playerId }]);
  }

  private inRound(playerId: string): boolean {
    return this.a.game.busy(this.state) && this.seating.seatOf(playerId) !== null;
  }

  // ---- actions --------------------------------------------------------------------

  private async act(playerId: string, payload: JsonObject, key: string | null): Promise<JsonObject> {
    if (key !== null) {
      // The key's first answer (from memory or the ledger, any table, before a restart), or the key is ours.
      const seen = await this.acts.claim(playerId, key);
      if (seen) return roomResult(seen);
    }
    let reply: CachedReply;
    try {
      let seat = this.seating.seatOf(playerId);
      // Single-player tables seat their player on the first action (nothing to wait for).
      if (seat === null && !this.a.config.shared && this.seating.seats.size === 0) {
        await this.sit(playerId, this.seating.nameOf(playerId) ?? playerId);
        seat = this.seating.seatOf(playerId);
      }
      const input = { type: 'act', playerId, seat, payload } as const;
      const idem = key === null ? null : { playerId, key };
      const game = this.a.game;
      // An instant round knows the balance it left, so the reply needs no query.
      const played = game.tag === 'instant' ? await this.runInstant(game, input, idem) : { reply: await this.run(input, idem), balance: null };
      const balance = played.balance ?? (await this.a.ledger.wallet.playerBalance(playerId, CURRENCY));
      reply = { ok: true, value: { ...played.reply, balance } };
    } catch (err) {
      if (!(err instanceof PitbossError)) throw err;
      reply = { ok: false, error: err.toReply() };
    }
    if (key !== null) await this.acts.settle(playerId, key, reply);
    return roomResult(reply);
  }

  /**
   * Feeds one input to the game and carries out its effects in order. Returns the merged
   * reply of this step and of any `continue` steps it asked for. An instant game reacts
   * to acts only (runInstant): seats and timers are nothing to it.
   */
  private async run(input: Input, idem: { playerId: string; key: string } | null): Promise<JsonObject> {
    const game = this.a.game;
    if (game.tag === 'instant') return {};
    const before = this.round;
    const r = game.handle(this.state, input, this.round?.rng ?? null, this.ctx());
    if (!r.ok) throw refusal(r);
    let moved = false;
    let cont = false;
    const clock: TimerEffect[] = [];
    const extra: TableEvent[] = [];
    let reply: JsonObject = { ...(r.reply ?? {}) };
    const opening = before === null ? this.opening() : {};
    const journal = async () => this.a.ledger.rounds.appendAction(this.round!.id, { ...input, ...opening }, r.events);
    let journaled = false;
    try {
      for (const e of r.effects) {
        // Timers start only once the step is journaled and everyone has seen it (below):
        // a slow ledger must not eat into the next player's turn.
        if (e.type === 'timer' || e.type === 'cancel_timer') {
          clock.push(e);
          continue;
        }
        // The step that settles is journaled too, just before the settlement closes the round.
        if (e.type === 'settle' && this.round !== null && !journaled && (before === null || this.round === before)) {
          await journal();
          journaled = true;
        }
        const res = await this.effect(e, idem, moved);
        if (res.moved) moved = true;
        if (res.event) extra.push(res.event);
        if (res.reply) reply = { ...reply, ...res.reply };
        if (e.type === 'continue') cont = true;
      }
      // Every step inside an open round — the one that opened it, and `continue` steps
      // with the draws that follow a stake — is journaled before anyone sees its result.
      if (!journaled && this.round !== null && (before === null || this.round === before)) await journal();
    } catch (err) {
      // Refusals before any money moved leave everything as it was; after, let it crash.
      if (err instanceof PitbossError && !moved) throw err;
      // The store refusing a value (SQLSTATE 22/23) before money moved is that action's
      // error, not the table's: answer it and play on.
      if (!moved && isDataError(err)) throw new PitbossError('invalid_payload', 'the action holds a value the ledger cannot store', {}, { cause: err });
      throw new Error(`table ${this.a.config.id} failed after moving money`, { cause: err });
    }
    this.state = r.state;
    if (this.round) reply = { round_id: this.round.id, ...reply };
    this.emit([...r.events, ...extra]);
    for (const e of clock) this.timers.set(e);
    if (cont) reply = { ...reply, ...(await this.run({ type: 'continue' }, idem)) };
    return reply;
  }

  /**
   * A one-step round (slots): the draw is made in memory and staked, journaled and
   * settled in one ledger unit (ledger/rounds/instant.ts), which batches it with other
   * tables' rounds. Nobody sees the outcome before that unit commits; if the stake is
   * refused the outcome is discarded unseen — so money still comes before outcome.
   */
  private async runInstant(game: InstantGame<unknown>, input: ActInput, idem: { playerId: string; key: string } | null): Promise<{ reply: JsonObject; balance: number }> {
    const p = game.play(this.state, input, this.ctx());
    if (!p.ok) throw refusal(p);
    const { id, seeds } = await this.newRound(idem, [input.playerId]);
    const d = p.draw(new FairRng(seeds));
    if (!d.ok) throw refusal(d);
    const played = await this.a.ledger.rounds.playInstant({
      ...this.roundHeader(id, seeds),
      player: input.playerId, stake: p.stake.amount, bet: p.stake.bet,
      // Journaled as two steps, like a round the room plays step by step: the act that staked, then the draw.
      steps: [{ action: { ...input, ...this.opening() }, events: [] }, { action: { type: 'continue' }, events: d.events }],
      outcome: d.outcome, payout: d.payout,
    });
    if (played.replayed || played.settle === null) throw new PitbossError('round_closed', 'that key already played a round', { round_id: id });
    const s = played.settle;
    const x = s.results[0];
    this.state = d.state;
    this.emit([
      { type: 'round_opened', round_id: id, server_seed_hash: played.serverSeedHash, ...seeds.published },
      ...d.events, settledEvent(id, d.outcome, seeds, s.results),
    ]);
    await this.balanceEvent(x.player, -x.stake, 'stake', x.balanceBefore - x.stake);
    await this.balanceEvent(x.player, x.payout, 'payout', x.balanceAfter);
    this.afterSettled(id, s);
    return { reply: { round_id: id, ...(d.reply ?? {}) }, balance: x.balanceAfter };
  }

  private async effect(e: Effect, idem: { playerId: string; key: string } | null, moved: boolean): Promise<{ moved?: boolean; event?: TableEvent; reply?: JsonObject }> {
    const ledger = this.a.ledger;
    switch (e.type) {
      case 'open_round': {
        if (this.round !== null) throw new Error('the game opened a round while one is open');
        const { id, seeds } = await this.newRound(moved ? null : idem, e.stakes.map((s) => s.playerId));
        const opened = await ledger.rounds.open({
          ...this.roundHeader(id, seeds),
          stakes: e.stakes.map((s) => ({ player: s.playerId, amount: s.amount, bet: s.bet, ...this.stakeSource(s) })),
        });
        if (opened.replayed) throw new PitbossError('round_closed', 'that key already played a round', { round_id: id });
        this.round = { id, rng: new FairRng(seeds), seeds, serverSeedHash: opened.serverSeedHash };
        for (const st of e.stakes) await this.balanceEvent(st.playerId, -st.amount, 'stake');
        return { moved: true, event: { type: 'round_opened', round_id: id, server_seed_hash: opened.serverSeedHash, ...seeds.published } };
      }
      case 'add_stake': {
        const round = this.requireRound();
        const key = idem ? `${idem.playerId}:${idem.key}` : randomBytes(9).toString('base64url');
        const added = await ledger.rounds.addStake(round.id, {
          player: e.stake.playerId, amount: e.stake.amount, bet: e.stake.bet, key, ...this.stakeSource(e.stake),
        });
        if (added.replayed) throw new PitbossError('round_closed', 'that key already placed this stake');
        await this.balanceEvent(e.stake.playerId, -e.stake.amount, 'stake');
        return { moved: true };
      }
      case 'record_outcome':
        await ledger.rounds.recordOutcome(this.requireRound().id, { outcome: e.outcome, payouts: e.payouts });
        return {};
      case 'settle': {
        const round = this.requireRound();
        const s = await ledger.rounds.settle(round.id, { outcome: e.outcome, payouts: e.payouts });
        this.round = null;
        for (const x of s.results) await this.balanceEvent(x.player, x.payout, 'payout', x.balanceAfter);
        this.afterSettled(round.id, s);
        // The seeds as seeds.ts allows: a round's own seed is revealed now; a pair's or hold'em's is not.
        return { moved: true, event: settledEvent(round.id, e.outcome, round.seeds, s.results) };
      }
      case 'buy_in': {
        await buyIn(ledger, this.a.config.id, e.playerId, e.amount, idem ? `${idem.playerId}:${idem.key}` : undefined);
        await this.balanceEvent(e.playerId, -e.amount, 'buy_in');
        return { moved: true };
      }
      case 'cash_out': {
        const back = await cashOut(ledger, this.a.config.id, e.playerId);
        if (back > 0) await this.balanceEvent(e.playerId, back, 'cash_out');
        return { moved: back > 0 };
      }
      case 'timer':
      case 'cancel_timer': // armed by run, after the step is shown
        return {};
      case 'continue':
        return {};
    }
  }

  /**
   * A fresh round's id and seeds (seeds.ts: the player's seed pair at a single-player table,
   * the table's pair otherwise). Keyed acts get an id derived from the key: a retried key
   * after a crash can never stake twice.
   */
  private async newRound(idem: { playerId: string; key: string } | null, players: string[]): Promise<{ id: string; seeds: RoundSeeds }> {
    const c = this.a.config;
    const id = idem ? roundIdFor(c.id, idem.playerId, idem.key) : `r_${randomBytes(9).toString('base64url')}`;
    return { id, seeds: await seedsFor(this.a.ledger, { tableId: c.id, game: c.game, shared: c.shared, players }) };
  }

  /** What the ledger records of every round of this table. */
  private roundHeader(roundId: string, seeds: Seeds) {
    const c = this.a.config;
    return { roundId, game: c.game, tableId: c.id, rulesVersion: this.a.game.rulesVersion, currency: CURRENCY, seeds,
      ...(typeof c.options['jackpot'] === 'string' ? { jackpotPool: c.options['jackpot'] } : {}) };
  }

  /** A stake from the player's table chips (hold'em) names that account; else the wallet. */
  private stakeSource(s: Stake): { account?: string } {
    return s.fromChips ? { account: chipsAccount(this.a.config.id, s.playerId) } : {};
  }

  /** The step that opens a round carries what a replay starts from: the table and, for games that ask, the game's state. */
  private opening(): JsonObject {
    const game = this.a.game;
    return { table: { config: this.a.config, seats: [...this.seating.seats.values()], ...(game.tag === 'stepped' && game.journalState ? { state: this.state } : {}) } } as unknown as JsonObject;
  }

  /** Promotions run beside the table, never inside its failure domain. */
  private afterSettled(roundId: string, s: SettleResult): void {
    this.a.onSettled?.({ roundId, results: s.results, jackpot: s.jackpot })
      .catch((err: unknown) => this.a.log?.error({ err, table: this.a.config.id }, 'after-settlement hook failed'));
  }

  private requireRound(): OpenRound {
    if (this.round === null) throw new Error('the game settled without an open round');
    return this.round;
  }

  // ---- output ---------------------------------------------------------------------

  /** Public events to everyone on the topic (serialized once), then personal states to members. */
  private emit(events: TableEvent[]): void {
    if (events.length === 0) return;
    for (const ev of events) void this.a.pubsub.broadcast(this.topic, 'event', this.log.append(ev));
    for (const m of this.seating.members()) {
      send(m.pid, { t: 'push', event: 'state', payload: this.viewFor(m.playerId) } satisfies RoomPush);
    }
  }

  private viewFor(playerId: string | null): JsonObject {
    const seats = [...this.seating.seats.values()].map((s) => ({ seat: s.seat, player_id: s.playerId, name: s.name }));
    return {
      table: { id: this.a.config.id, game: this.a.config.game, name: this.a.config.name, seats: this.a.config.seats,
        min_bet: this.a.config.minBet, max_bet: this.a.config.maxBet, shared: this.a.config.shared },
      seats, seq: this.log.seq, round_id: this.round?.id ?? null, server_seed_hash: this.round?.serverSeedHash ?? null,
      game: this.a.game.view(this.state, playerId, this.ctx()),
    };
  }

  /** Delivers a player's waiting notices now if their player channel is open; else they wait in the outbox. */
  private async notifyPlayer(playerId: string): Promise<void> {
    if (this.a.pubsub.localSubscriberCount(playerTopic(playerId)) === 0) return;
    await deliverNotices(this.a.ledger, (t, e, p) => this.a.pubsub.broadcast(t, e, p), playerId);
  }

  private async balanceEvent(playerId: string, delta: number, reason: string, balance?: number): Promise<void> {
    if (this.a.pubsub.localSubscriberCount(playerTopic(playerId)) === 0) return;
    const now = balance ?? (await this.a.ledger.wallet.playerBalance(playerId, CURRENCY));
    void this.a.pubsub.broadcast(playerTopic(playerId), 'balance', { balance: now, delta, reason, table_id: this.a.config.id });
  }

  private summary(): JsonObject {
    return tableSummary(this.a.config, this.seating.seats.size);
  }

  /** Tells the manager's directory how many seats are taken (the lobby lists tables from it). */
  private seatsChanged(): void {
    this.a.onSeats?.(this.seating.seats.size);
  }

  private armIdle(): void {
    if (!this.a.config.ephemeral || this.seating.memberCount > 0 || this.idleTimer) return;
    this.idleTimer = this.sendAfter({ t: 'idle' }, this.a.idleMs);
  }

  private disarmIdle(): void {
    if (this.idleTimer) this.cancelTimer(this.idleTimer);
    this.idleTimer = null;
  }
}


/** The public `settled` event: the outcome, each player's stake and win, and what may be said of the seeds. */
function settledEvent(roundId: string, outcome: JsonObject, seeds: RoundSeeds, results: SettleResult['results']): TableEvent {
  return { type: 'settled', round_id: roundId, outcome, ...settledSeeds(seeds),
    results: results.map((x) => ({ player_id: x.player, staked: x.stake, won: x.payout })) };
}

/** A game's refusal, as the client gets it. */
function refusal(e: RuleError): PitbossError {
  return new PitbossError(isReason(e.reason) ? e.reason : 'invalid_action', e.message);
}

function isResumedTable(v: unknown): v is ResumedTable {
  return typeof v === 'object' && v !== null && Array.isArray((v as ResumedTable).seats) && 'state' in v;
}

export function roundIdFor(tableId: string, playerId: string, key: string): string {
  return `k_${createHash('sha256').update(`${tableId}\0${playerId}\0${key}`).digest('base64url').slice(0, 22)}`;
}

