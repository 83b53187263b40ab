// A table: one process per table around a pure game adapter. This file is the process
// shell: the mailbox (calls from channels, timers, DOWN), members and seats, what is
// shown (views.ts) and the table's life (recovery at start, the idle close). The rounds
// are played by effects.ts (a stepped game's effects, in order) and instant.ts (a slot
// spin as one ledger unit); presence.ts keeps who is away, timers.ts the game's timers.
// Every message is handled to the end before the next one, so a round's steps are
// strictly ordered even while the ledger is awaited.
//
// Failure policy: a refusal (a RuleError from the game, a rule of the room, the ledger
// saying no before money moved) is a value (reply.ts) that answers the client and
// changes nothing. Any other failure — or any failure after money has moved —
// crashes this process: its supervisor restarts it, init resolves the interrupted round
// from the journal, and the members' channels re-attach and push a fresh state.
import { GenServer, processInfo, send, type ExitReason, type Pid, type DownMessage, type TimerRef } from '../../runtime/index.ts';
import type { Ledger } from '../../ledger/index.ts';
import { PitbossError } from '../../errors.ts';
import type { JsonObject, PubSub } from '../../wire/index.ts';
import { ChatHistory } from '../chat/index.ts';
import type { Settlement } from '../promotions/on_settled.ts';
import { CURRENCY } from '../currency.ts';
import { journaledState, type ResumedTable } from '../adapters/replayers.ts';
import { recoverTable } from './recovery.ts';
import { ActCache, KeyTaken } from './act_cache.ts';
import { answered, refused, type TableReply } from './reply.ts';
import { Seating } from './seating.ts';
import { Presence } from './presence.ts';
import { GameTimers } from './timers.ts';
import { IdleClock } from './idle.ts';
import { PlayerNotices } from './notices.ts';
import { TableRounds, journalOpening, type ActKey, type TableLog } from './rounds.ts';
import { RoundEffects } from './effects.ts';
import { InstantPath } from './instant.ts';
import { chipsAccount, returnChips } from './chips.ts';
import { tableSummary } from './summary.ts';
import { HIBERNATE, SleepClock, TAIL_EVENTS, isHibernation, kept, type RoomWoke, type Slumber } from './hibernation.ts';
import { TableViews } from './views.ts';
import { drainRefusal, type TableLife } from './drain.ts';
import { MOVED, isMoved, type HandOver } from './hand_over.ts';
import type { ActInput, AppliedSettings, GameContext, GameId, Input, TableConfig, TableEvent, TableGame } from './types.ts';

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
  log?: TableLog;
  // ---- hibernation (hibernation.ts) ----
  /** a single-player table with nothing in progress hibernates after this long without a message (ms; 0 or absent: never) */
  hibernateMs?: number;
  /** takes a hibernating table's record (the manager keeps it, and wakes the table with it) */
  onHibernate?: (s: Slumber, pid: Pid) => void;
  /** the record this table hibernated with: it starts from it, not from the journal */
  woken?: Slumber;
  /**
   * The number to go on from (the table's earlier process here, or its previous owner's
   * reserved ceiling in a cluster: docs/cluster.md, "seq across restarts and moves"), so a
   * restarted table never numbers events again that a client already saw.
   */
  startSeq?: number;
  /** each public event's number, as it is given */
  onSeq?: (seq: number) => void;
  // ---- the hall's configuration (casino/config) ----
  /** the settings its game should run now; taken between rounds only (adoptSettings) */
  settings?: (game: GameId) => AppliedSettings | null;
  /** told after the table took new settings (the manager relists it: limits changed) */
  onConfig?: () => void;
  // ---- hand-over between nodes (hand_over.ts) ----
  /**
   * Takes the record of a table that moves to another node: true, and the table exits with
   * MOVED; false (nobody waits for it any more: the drain's deadline passed), and it stays,
   * still refusing new rounds, until the node stops.
   */
  onHandOver?: (h: HandOver) => boolean;
  /** the record a draining node handed this table over with: seats, state, seq, chat */
  handedOver?: HandOver;
}

/** Messages the channel sends to the table. */
export type RoomCall =
  | { type: 'join'; playerId: string; name: string; pid: Pid }
  | { type: 'sit'; playerId: string; name: string; seat?: number; buyIn?: number }
  | { type: 'leave_seat'; playerId: string }
  | { type: 'cash_out'; playerId: string }
  | { type: 'act'; playerId: string; payload: JsonObject; key: string | null }
  | { type: 'resume'; since: number }
  | { type: 'chat'; playerId: string; name: string; text: string }
  | { type: 'info' }
  | { type: 'drain'; by: string }
  | { type: 'hand_over' };

/** The manager's nudge that its game's settings changed (handled as info: adopted now, or after the running round). */
export const CONFIG_CHANGED = { type: 'config' } as const;

/** The answer to every RoomCall (the same shape the idempotency cache keeps). */
export type RoomReply = TableReply;

export class TableRoom extends GenServer<RoomArgs> {
  // Set by init: a process is constructed without arguments (runtime/gen_server.ts).
  #config!: TableConfig;
  #game!: TableGame<unknown>;
  #ledger!: Ledger;
  #graceMs!: number;
  #idle!: IdleClock;
  #onSeats: RoomArgs['onSeats'];
  #acts!: ActCache;
  #chat!: ChatHistory;
  #views!: TableViews;
  #effects!: RoundEffects;
  #instant!: InstantPath;
  #state: unknown;
  #life: TableLife = { type: 'open' };
  readonly #seating = new Seating();
  readonly #presence = new Presence();
  readonly #clock = { sendAfter: (msg: unknown, ms: number) => this.sendAfter(msg, ms), cancelTimer: (ref: TimerRef) => this.cancelTimer(ref) };
  readonly #timers = new GameTimers(this.#clock);
  #sleep!: SleepClock;
  #onHibernate: RoomArgs['onHibernate'];
  #settings: RoomArgs['settings'];
  #onConfig: RoomArgs['onConfig'];
  #onHandOver: RoomArgs['onHandOver'];

  override async init(args: RoomArgs): Promise<void> {
    const { config, game, ledger, pubsub } = args;
    this.#config = config;
    this.#game = game;
    this.#ledger = ledger;
    this.#graceMs = args.graceMs;
    this.#idle = new IdleClock(this.#clock, args.idleMs);
    this.#onSeats = args.onSeats;
    this.#settings = args.settings;
    this.#onConfig = args.onConfig;
    this.#acts = new ActCache(ledger.keys, config.id, { onError: (err) => args.log?.error({ err, table: config.id }, 'action key not kept') });
    this.#chat = new ChatHistory(args.chatHistory ?? 50);
    const notices = new PlayerNotices(ledger, pubsub, config.id);
    const rounds = new TableRounds({ config, rulesVersion: game.rulesVersion, ledger, onSettled: args.onSettled, log: args.log });
    this.#effects = new RoundEffects({ tableId: config.id, ledger, rounds, notices });
    // An instant round's `settled` carries all its View changed (the game's `last`, seq): no state follows it.
    const show = (state: unknown, events: TableEvent[]) => {
      this.#state = state;
      this.#views.announce(events);
    };
    this.#instant = new InstantPath({ ledger, rounds, notices, show });
    const scene = (viewer: string | null) => ({ round: this.#effects.round, game: game.view(this.#state, viewer, this.ctx()) });
    const woken = args.woken;
    const handed = args.handedOver;
    this.#views = new TableViews({ config, pubsub, seating: this.#seating, scene, deadlines: () => this.#timers.deadlines(), publicView: game.publicView === true,
      ...(woken ? { log: { seq: Math.max(woken.seq, args.startSeq ?? 0), events: woken.seq >= (args.startSeq ?? 0) ? woken.events : [] } }
        : handed ? { log: { seq: Math.max(handed.seq, args.startSeq ?? 0), events: [] } }
        : args.startSeq ? { log: { seq: args.startSeq, events: [] } } : {}),
      ...(args.onSeq ? { onSeq: args.onSeq } : {}) });
    this.#onHandOver = args.onHandOver;
    this.#sleep = new SleepClock(this.#clock, config.shared || !args.onHibernate ? 0 : (args.hibernateMs ?? 0));
    this.#onHibernate = args.onHibernate;
    if (woken) {
      this.wake(woken); // it slept with no round open: nothing to recover
      return this.adoptSettings(); // settings changed while it slept
    }
    this.#state = game.init(config);
    this.seatsChanged(); // a restarted table starts with no one seated
    // A restart after a crash (recovery.ts): the interrupted round completed, seats and state taken back.
    const back = await recoverTable(ledger, notices, config.id);
    if (back.resumed) this.restore(back.resumed);
    // Handed over by a draining node between rounds (hand_over.ts): nothing was open, so recovery found nothing to resume.
    else if (handed) this.takeOver(handed);
    if (back.resolved > 0) this.#views.emit([{ type: 'table_restarted', resolved: back.resolved }]); // no members yet: the topic only
    this.adoptSettings(); // the interrupted round (if any) was completed under its own journaled config
    this.#views.flush();
    this.armIdle();
    this.#sleep.touch();
  }

  /** Seats and state from a completed round's replay; absent players get the usual grace. */
  private restore(t: ResumedTable): void {
    this.#state = t.state;
    for (const s of t.seats) this.#seating.sit(s.playerId, s.name, s.seat, this.#config.seats);
    for (const s of t.seats) this.goneAway(s.playerId);
    this.seatsChanged();
  }

  /** A hand-over's seats and (for games that journal it) state; the chat scroll-back. Absent players get the usual grace. */
  private takeOver(h: HandOver): void {
    for (const line of h.chat) this.#chat.push(line);
    const game = this.#game;
    const journaled = game.type === 'stepped' && game.journalState === true && h.state !== undefined;
    this.restore({ seats: h.seats, state: journaled ? journaledState(h.state) : this.#state });
    // The timers belong to the state they were armed for: a fresh state gets none.
    const now = Date.now();
    if (journaled) for (const [name, at] of Object.entries(h.timers)) this.#timers.set({ type: 'timer', name, ms: Math.max(0, at - now) });
  }

  private ctx(): GameContext {
    return { config: this.#config, seats: this.#seating.seats, roundId: this.#effects.round?.id ?? null, away: this.#presence.away };
  }

  /**
   * A throw in handleCall crashes the process (that is the runtime's contract), so every
   * refusal comes back as a value. The ledger raises its refusals (insufficient funds, a
   * key seen before) as PitbossErrors: they become values here, the one place they are caught.
   */
  override async handleCall(msg: RoomCall): Promise<RoomReply> {
    try {
      return await this.dispatch(msg);
    } catch (err) {
      if (err instanceof PitbossError) return refused(err);
      throw err;
    } finally {
      if (this.#presence.hasLeavers) await this.releaseLeavers();
      this.adoptSettings(); // a round that just ended leaves the table free to take new settings
      this.#views.flush(); // one state per member per message, after all its events
      this.closeIfDrained();
      this.#sleep.touch();
    }
  }

  private async dispatch(msg: RoomCall): Promise<RoomReply> {
    this.adoptSettings(); // before anything can open a round: it opens under the newest settings
    const closing = drainRefusal(this.#life, msg.type, this.#game.type === 'instant' || !this.roundRunning(), this.#config.id);
    if (closing) return refused(closing);
    switch (msg.type) {
      case 'join':
        return answered(this.join(msg.playerId, msg.name, msg.pid));
      case 'sit':
        return this.sit(msg.playerId, msg.name, msg.seat, msg.buyIn);
      case 'leave_seat':
        return this.leaveSeat(msg.playerId);
      case 'cash_out': // chips here without a seat (a crash emptied the seats) go home, in this table's order of events
        return answered({ returned: this.#seating.seatOf(msg.playerId) === null ? await returnChips(this.#ledger, this.#config.id, msg.playerId, 'player_request') : 0 });
      case 'act':
        return this.act(msg.playerId, msg.payload, msg.key);
      case 'resume': {
        const events = this.#views.since(msg.since);
        return events === null ? refused(new PitbossError('too_old', undefined, { seq: this.#views.seq })) : answered({ events });
      }
      case 'info':
        return answered(tableSummary(this.#config, this.#seating.seats.size));
      case 'drain':
        return answered(this.drain(msg.by));
      case 'hand_over':
        return answered(this.handOver());
      case 'chat': {
        // The text arrives cleaned and length-checked by the channel (prepareChat).
        const line = { player_id: msg.playerId, name: msg.name, text: msg.text, at: Date.now() };
        this.#chat.push(line);
        this.#views.chat(line);
        return answered({});
      }
    }
  }

  override async handleInfo(msg: unknown): Promise<void> {
    const m = msg as { type?: string; name?: string; playerId?: string; id?: number };
    // Its own clock's firing is not activity: it must not put off the sleep it asks about.
    if (m.type === 'hibernate') return void (this.#sleep.fired() && this.canSleep() && this.hibernate());
    if (m.type === 'DOWN') {
      this.memberDown((msg as DownMessage).pid);
    } else if (m.type === 'timer' && typeof m.name === 'string') {
      // A timer that fired while the table was handling the action that answered it was
      // cancelled or re-armed since: it is stale, and must not act for the next turn.
      if (!this.#timers.fired(m.name, m.id)) return;
      await this.runOwn({ type: 'timer', name: m.name });
    } else if (m.type === 'grace' && typeof m.playerId === 'string') {
      if (!this.#presence.isGrace(m.playerId, m.id) || this.#seating.isPresent(m.playerId)) return;
      // Never pull a player out of a running round: the clock plays it out, then they go.
      if (this.inRound(m.playerId)) this.#presence.leaveAfterRound(m.playerId);
      else await this.unseat(m.playerId);
    } else if (m.type === 'idle') {
      this.#idle.fired();
      if (this.#seating.memberCount === 0 && this.#effects.round === null && !this.#game.busy(this.#state)) this.stop('normal');
      else this.armIdle(); // a round was running: look again later, or the table never closes
    }
    if (this.#presence.hasLeavers) await this.releaseLeavers();
    this.adoptSettings(); // CONFIG_CHANGED lands here, and so does the timer whose step settled a round
    this.#views.flush(); // (the early returns above changed nothing)
    this.closeIfDrained();
    this.#sleep.touch();
  }

  override terminate(reason: ExitReason): void {
    if (!isHibernation(reason) && !isMoved(reason)) this.#views.closing(); // a hibernating or moving table is not closing
  }

  // ---- hibernation (hibernation.ts) -----------------------------------------------

  /**
   * Nothing in progress that a process must carry: no round, no game timer, nobody away
   * (a grace timer), no idle close pending, no message waiting. A shared table never sleeps
   * (its SleepClock never fires).
   */
  private canSleep(): boolean {
    return this.#effects.round === null && !this.#game.busy(this.#state) && !this.#timers.armed && !this.#idle.waiting &&
      this.#presence.empty && processInfo(this.self).mailboxLength === 0;
  }

  private hibernate(): void {
    this.#onHibernate!({ state: this.#state, seats: kept([...this.#seating.seats.values()]), members: kept([...this.#seating.members()]),
      seq: this.#views.seq, events: kept(this.#views.tail(TAIL_EVENTS)), chat: kept(this.#chat.recent()) }, this.self);
    this.stop(HIBERNATE);
  }

  /** init from a Slumber: the members are watched again and told where the table is now. */
  private wake(s: Slumber): void {
    this.#state = s.state;
    for (const seat of s.seats) this.#seating.sit(seat.playerId, seat.name, seat.seat, this.#config.seats);
    for (const line of s.chat) this.#chat.push(line);
    for (const m of s.members) {
      this.#seating.addMember(m.pid, m.playerId, m.name);
      this.monitor(m.pid); // a channel that closed while the table slept: DOWN 'noproc', the usual grace
      send(m.pid, { type: 'room_woke', pid: this.self } satisfies RoomWoke);
    }
    this.armIdle();
    this.#sleep.touch();
  }

  // ---- membership and seats -------------------------------------------------------

  private join(playerId: string, name: string, pid: Pid): JsonObject {
    if (this.#seating.addMember(pid, playerId, name)) this.monitor(pid);
    // A returning player sits back in: dealt into the next round, waited for again.
    this.#presence.clear(playerId);
    this.#idle.disarm();
    return { state: this.#views.viewFor(playerId), seq: this.#views.seq, chat: this.#chat.recent() as unknown as JsonObject[] };
  }

  private memberDown(pid: Pid): void {
    const left = this.#seating.removeMember(pid);
    // The player's last channel went away while seated: keep the seat for the grace period.
    if (left && this.#seating.seatOf(left) !== null) this.goneAway(left);
    else if (left) this.#acts.forget(left);
    this.armIdle();
  }

  /** A seated player with no channel: sits out from now, and loses the seat after the grace. */
  private goneAway(playerId: string): void {
    this.sendAfter({ type: 'grace', playerId, id: this.#presence.wentAway(playerId) }, this.#graceMs);
  }

  /** After a settlement: players whose grace ran out during the round leave now. */
  private async releaseLeavers(): Promise<void> {
    for (const p of this.#presence.leavers()) {
      if (this.#seating.isPresent(p) || this.inRound(p)) continue;
      await this.unseat(p);
    }
  }

  private async sit(playerId: string, name: string, want?: number, buyIn?: number): Promise<TableReply<{ seat: number }>> {
    const seat = this.#seating.sit(playerId, name, want, this.#config.seats);
    let r: TableReply<JsonObject> | null = null;
    try {
      // Chips left here by an earlier seat (a crash) count toward the stack.
      const chips = await this.#ledger.wallet.balance(chipsAccount(this.#config.id, playerId));
      r = await this.run({ type: 'seated', seat, chips, ...(buyIn !== undefined ? { buyIn } : {}) }, null);
    } finally {
      if (!r?.ok) this.#seating.unsit(playerId); // refused or failed: the seat is free again
    }
    if (!r.ok) return r;
    this.seatsChanged();
    this.#views.emit([{ type: 'seated', seat: seat.seat, player_id: playerId, name }]);
    return answered({ seat: seat.seat });
  }

  private async leaveSeat(playerId: string): Promise<RoomReply> {
    if (this.#seating.seatOf(playerId) === null) return refused(new PitbossError('not_seated'));
    if (this.inRound(playerId)) return refused(new PitbossError('round_closed', 'finish the round before leaving the seat'));
    await this.unseat(playerId);
    return answered({});
  }

  private async unseat(playerId: string): Promise<void> {
    const seat = this.#seating.unsit(playerId);
    this.#presence.clear(playerId);
    if (seat === null) return;
    if (!this.#seating.isPresent(playerId)) this.#acts.forget(playerId);
    this.seatsChanged();
    await this.runOwn({ type: 'unseated', seat });
    this.#views.emit([{ type: 'left_seat', seat: seat.seat, player_id: playerId }]);
  }

  private inRound(playerId: string): boolean {
    return this.#game.busy(this.#state) && this.#seating.seatOf(playerId) !== null;
  }

  // ---- actions --------------------------------------------------------------------

  private async act(playerId: string, payload: JsonObject, key: string | null): Promise<RoomReply> {
    // The key's first answer from this table's memory; the ledger is asked inside the act's
    // own writes: an instant round claims and answers its key in the round's write, a
    // stepped act claims it in its first stake's transaction, or alone before its first
    // effect (effects.ts). Either way before anything moves.
    const instant = this.#game.type === 'instant';
    if (key !== null) {
      const seen = this.#acts.recall(playerId, key);
      if (seen) return seen;
    }
    let reply: RoomReply;
    let claimed = false;
    let answeredInTx = false;
    try {
      reply = await this.play(playerId, payload, key === null ? null : { playerId, key });
    } catch (err) {
      // Held by an earlier act: its answer, and nothing of ours to keep or free.
      if (err instanceof KeyTaken) return err.reply;
      if (!(err instanceof PitbossError)) throw err;
      reply = refused(err);
    } finally {
      if (!instant) {
        claimed = this.#effects.keyClaimed;
        answeredInTx = this.#effects.keyAnswered;
        this.#effects.actKey(null);
      }
    }
    if (key !== null) {
      // Refused before the key was claimed (the game said no, or the money did): a key an
      // earlier act holds still answers as that act did, whatever the table's state now.
      if (!reply.ok && !claimed) return (await this.#acts.lookup(playerId, key)) ?? reply;
      // The ledger kept the answer with the act's own write (an instant round, a bet): remembered here only.
      if (instant || (claimed && answeredInTx && reply.ok)) this.#acts.kept(playerId, key, reply);
      // Only a claim that committed is ours to answer or free (a refused act may never have claimed).
      else if (claimed) await this.#acts.settle(playerId, key, reply);
    }
    return reply;
  }

  private async play(playerId: string, payload: JsonObject, key: ActKey | null): Promise<RoomReply> {
    let seat = this.#seating.seatOf(playerId);
    // Single-player tables seat their player on the first action (nothing to wait for).
    if (seat === null && !this.#config.shared && this.#seating.seats.size === 0) {
      const sat = await this.sit(playerId, this.#seating.nameOf(playerId) ?? playerId);
      if (!sat.ok) return sat;
      seat = this.#seating.seatOf(playerId);
    }
    const act: ActInput = { type: 'act', playerId, seat, payload };
    const game = this.#game;
    if (game.type === 'instant') {
      // An instant round returns the balance it left, so the reply needs no query.
      const p = await this.#instant.play({ game, state: this.#state, act, ctx: this.ctx(), opening: this.opening(), key });
      if (!p.ok) return p;
      // The key was held already (another table, before a restart): its answer, or key_pending.
      if ('taken' in p.value) return this.#acts.taken(playerId, key!.key, p.value.taken) ?? refused(new PitbossError('key_pending'));
      return answered({ ...p.value.reply, balance: p.value.balance });
    }
    this.#effects.known.clear();
    if (key !== null) {
      const acts = this.#acts;
      this.#effects.actKey({
        player: playerId, key: key.key, tableId: this.#config.id,
        alone: () => acts.claim(playerId, key.key),
        taken: (s) => acts.taken(playerId, key.key, s) ?? refused(new PitbossError('key_pending')),
      });
    }
    const r = await this.run(act, key);
    if (!r.ok) return r;
    // The balance the act's own ledger writes returned (a stake, a payout, the journal's read), else a read.
    const balance = this.#effects.known.get(playerId) ?? await this.#ledger.wallet.playerBalance(playerId, CURRENCY);
    return answered({ ...r.value, balance });
  }

  /**
   * Feeds one input to a stepped game and has its effects carried out (effects.ts); then
   * takes the step's state, shows it, arms its timers and feeds `continue` if it asked.
   * Returns the merged reply of this step and of its `continue` steps. An instant game
   * reacts to acts only (instant.ts): seats and timers are nothing to it.
   */
  private async run(input: Input, key: ActKey | null): Promise<TableReply<JsonObject>> {
    const game = this.#game;
    if (game.type === 'instant') return answered({});
    const r = game.handle(this.#state, input, this.#effects.round?.rng ?? null, this.ctx());
    if (!r.ok) return refused(r);
    const done = await this.#effects.carry(input, r, () => this.opening(), key);
    this.#state = r.state;
    const round = this.#effects.round;
    let reply: JsonObject = round ? { round_id: round.id, ...r.reply } : { ...r.reply };
    // Timers start once the step is journaled, before it is shown: the views carry their
    // deadlines (a firing waits in the mailbox behind this step), and a moved one is shown.
    for (const t of done.timers) this.#timers.set(t);
    this.#views.emit([...r.events, ...done.events], done.timers.length > 0 || input.type === 'timer');
    if (done.cont) {
      const next = await this.run({ type: 'continue' }, key);
      if (!next.ok) return next;
      reply = { ...reply, ...next.value };
    }
    return answered(reply);
  }

  /** An input of the table's own (a timer, a seat emptied): the game refusing it is a fault. */
  private async runOwn(input: Input): Promise<void> {
    const r = await this.run(input, null);
    if (!r.ok) throw new Error(`the game refused the table's own ${input.type}: ${r.error.reason}`);
  }

  /** What the step that opens a round journals beside its input (rounds.ts). */
  private opening(): JsonObject {
    const game = this.#game;
    return journalOpening(this.#config, this.#seating.seats, this.#state, game.type === 'stepped' && game.journalState === true);
  }

  // ---- lifecycle -----------------------------------------------------------------

  /** Tells the manager's directory how many seats are taken (the lobby lists tables from it). */
  private seatsChanged(): void {
    this.#onSeats?.(this.#seating.seats.size);
  }

  // ---- the hall's configuration (casino/config) ---------------------------------

  /**
   * Takes its game's newest settings if there are any and no round runs: a running round
   * plays to its end under the settings it opened with (its journal holds them, with their
   * version), and the change waits — pending in the book — until this is called again after
   * it. Every message ends here, so the next round always opens under the newest settings.
   */
  private adoptSettings(): void {
    const s = this.#settings?.(this.#config.game);
    if (!s || s.version <= (this.#config.configVersion ?? 0) || this.roundRunning()) return;
    const c = this.#config;
    // In place: the manager's directory, the rounds' header and the views hold this object.
    c.minBet = s.minBet;
    c.maxBet = s.maxBet;
    c.options = { ...c.options, ...s.options };
    c.configVersion = s.version;
    if (this.#game.reconfigure) this.#state = this.#game.reconfigure(this.#state, c);
    this.#views.emit([{ type: 'config_changed', version: s.version, min_bet: s.minBet, max_bet: s.maxBet, ...(s.options as JsonObject) }]);
    this.#onConfig?.();
  }

  // ---- drain (staff close a table between rounds: drain.ts) ----------------------

  private drain(by: string): JsonObject {
    if (this.#life.type === 'open') {
      this.#life = { type: 'draining', by, since: Date.now() };
      this.#views.emit([{ type: 'table_closing', by }]);
    }
    return { state: this.#life.type, round_running: this.roundRunning() };
  }

  private roundRunning(): boolean {
    return this.#effects.round !== null || this.#game.busy(this.#state);
  }

  /** A draining table closes once no round runs: a clean exit, so its supervisor lets it go. A moving one hands over then. */
  private closeIfDrained(): void {
    if (this.#life.type === 'open' || this.roundRunning()) return;
    if (this.#life.type === 'draining') return this.stop('normal');
    const game = this.#game;
    const taken = this.#onHandOver?.({
      seats: [...this.#seating.seats.values()].map((s) => ({ seat: s.seat, playerId: s.playerId, name: s.name })),
      ...(game.type === 'stepped' && game.journalState === true ? { state: this.#state } : {}),
      timers: this.#timers.deadlines(), seq: this.#views.seq, chat: this.#chat.recent().map((c) => ({ ...c })),
    });
    if (taken === true) this.stop(MOVED);
  }

  // ---- hand-over to another node (hand_over.ts) ------------------------------------

  /** Moving: no new round opens here; the running one plays out, then closeIfDrained hands the table over. */
  private handOver(): JsonObject {
    if (this.#life.type === 'open') {
      this.#life = { type: 'moving', since: Date.now() };
      this.#views.emit([{ type: 'table_moving' }]);
    }
    return { state: this.#life.type, round_running: this.roundRunning() };
  }

  private armIdle(): void {
    if (this.#config.ephemeral && this.#seating.memberCount === 0) this.#idle.arm();
  }
}
