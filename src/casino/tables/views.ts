// What a table shows. Public events are numbered (event_log.ts keeps the last ones for
// `resume`), serialized once and fanned out through PubSub to everyone on the table's
// topic; then each member's channel process gets its personal view (`state`). Hidden
// information — hole cards, the deck, the shoe, an unrevealed seed — is only ever in a
// personal view: the game's `view` decides what each viewer may see. Every view carries
// the table's deadlines (when each armed timer fires) and the server's clock, so a client
// can count a turn or a betting window down without trusting its own clock.
//
// Frames are counted (docs/protocol.md, "What a client receives per action"): events go
// out as they happen, but states once per message the table handles (`flush`), however
// many steps and events it took, and only to members whose View changed in more than
// `seq` and the clock. A View is encoded once: once per table when the game shows every
// viewer the same (`publicView`), else once per member; channels write that text as is.
import { send, type Pid } from '../../runtime/index.ts';
import type { JsonObject, PubSub } from '../../wire/index.ts';
// The message module alone: the table process must not load the channel modules (test/architecture).
import { EncodedJson } from '../../wire/message.ts';
import { EventLog } from './event_log.ts';
import type { Seating } from './seating.ts';
import type { TableConfig, TableEvent } from './types.ts';

/** What the table sends to a member's channel process. */
export type RoomPush = { type: 'push'; event: string; payload: JsonObject | EncodedJson };

/** The moment as the room sees it: the open round, and the game as `viewer` (null: a spectator) may see it. */
export type Scene = (viewer: string | null) => { round: { id: string; serverSeedHash: string } | null; game: JsonObject };

export interface ViewsDeps {
  config: TableConfig;
  pubsub: PubSub;
  seating: Seating;
  scene: Scene;
  /** when each armed game timer fires (epoch ms), by name */
  deadlines: () => Record<string, number>;
  /** the game's view is the same for every viewer (no hidden cards): made and encoded once per change */
  publicView: boolean;
  /** the numbering and last events to go on from (a table woken from hibernation, or restarted: no events) */
  log?: { seq: number; events: readonly JsonObject[] };
  /** each public event's number, as it is given (the manager keeps the last one for the table's next process) */
  onSeq?: (seq: number) => void;
}

export class TableViews {
  readonly #config: TableConfig;
  readonly #pubsub: PubSub;
  readonly #seating: Seating;
  readonly #scene: Scene;
  readonly #deadlines: () => Record<string, number>;
  readonly #publicView: boolean;
  readonly #log: EventLog;
  readonly #onSeq: ((seq: number) => void) | undefined;
  /** Something members see changed since the last flush. */
  #changed = false;
  /** The View each member was last sent, encoded without `seq` and `now`. */
  #sent = new Map<Pid, string>();

  constructor(d: ViewsDeps) {
    this.#config = d.config;
    this.#pubsub = d.pubsub;
    this.#seating = d.seating;
    this.#scene = d.scene;
    this.#deadlines = d.deadlines;
    this.#publicView = d.publicView;
    this.#log = d.log ? new EventLog(undefined, d.log.seq, d.log.events) : new EventLog();
    this.#onSeq = d.onSeq;
  }

  get topic(): string {
    return `table:${this.#config.id}`;
  }

  /** The last public event's number. */
  get seq(): number {
    return this.#log.seq;
  }

  /** The last `n` public events, oldest first (what a hibernating table keeps). */
  tail(n: number): JsonObject[] {
    return this.#log.tail(n);
  }

  /** Public events after `since`, or null when some of them are no longer held. */
  since(since: number): JsonObject[] | null {
    return this.#log.since(since);
  }

  /**
   * Public events to everyone on the topic (serialized once); members' states follow at
   * the next `flush`. A step without events shows nothing, unless `timersMoved`: a
   * re-armed timer is a new deadline the members must see.
   */
  emit(events: TableEvent[], timersMoved = false): void {
    if (events.length === 0 && !timersMoved) return;
    this.announce(events);
    this.#changed = true;
  }

  /** Public events only, for a change they tell whole (an instant round's `settled`): no state follows. */
  announce(events: TableEvent[]): void {
    for (const ev of events) {
      const numbered = this.#log.append(ev);
      this.#onSeq?.(this.#log.seq);
      void this.#pubsub.broadcast(this.topic, 'event', numbered);
    }
  }

  /**
   * After each message the table handled: a `state` to every member whose View changed
   * since the last one it was sent (beyond `seq`, which the events carry, and the clock).
   */
  flush(): void {
    if (!this.#changed) return;
    this.#changed = false;
    const last = this.#sent;
    this.#sent = new Map();
    const tail = { seq: this.#log.seq, now: Date.now() };
    const framed = new Map<string, EncodedJson>(); // equal Views share one payload
    let shared: EncodedJson | null = null;
    for (const m of this.#seating.members()) {
      const body = this.#publicView ? (shared ??= new EncodedJson(this.#body(null))) : new EncodedJson(this.#body(m.playerId));
      this.#sent.set(m.pid, body.json);
      if (last.get(m.pid) === body.json) continue;
      let payload = framed.get(body.json);
      if (payload === undefined) framed.set(body.json, (payload = body.with(tail)));
      send(m.pid, { type: 'push', event: 'state', payload } satisfies RoomPush);
    }
  }

  viewFor(viewer: string | null): JsonObject {
    const { table, seats, round_id, server_seed_hash, game, deadlines } = this.#body(viewer);
    return { table, seats, seq: this.#log.seq, round_id, server_seed_hash, game, deadlines, now: Date.now() };
  }

  /** The View without `seq` and `now`. */
  #body(viewer: string | null): JsonObject {
    const c = this.#config;
    const { round, game } = this.#scene(viewer);
    const seats = [...this.#seating.seats.values()].map((s) => ({ seat: s.seat, player_id: s.playerId, name: s.name }));
    return {
      table: { id: c.id, game: c.game, name: c.name, seats: c.seats, min_bet: c.minBet, max_bet: c.maxBet, shared: c.shared,
        max_per_bet: typeof c.options['max_per_bet'] === 'number' ? c.options['max_per_bet'] : null, config_version: c.configVersion ?? 0 },
      seats, round_id: round?.id ?? null, server_seed_hash: round?.serverSeedHash ?? null, game, deadlines: this.#deadlines(),
    };
  }

  /** A chat line, to everyone on the topic. */
  chat(line: JsonObject): void {
    void this.#pubsub.broadcast(this.topic, 'chat', line);
  }

  /** The table is closing: its members hear it (not numbered into the log: nobody resumes from it). */
  closing(): void {
    if (this.#seating.memberCount > 0) void this.#pubsub.broadcast(this.topic, 'event', { seq: this.#log.seq + 1, type: 'table_closed' });
  }
}
