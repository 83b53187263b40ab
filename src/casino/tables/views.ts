// What a table shows. Public events are numbered (event_log.ts keeps the last ones for
// `resume`), serialized once and fanned out through PubSub to everyone on the table's
// topic; then each member's channel process gets its personal view (`state`). Hidden
// information — hole cards, the deck, the shoe, an unrevealed seed — is only ever in a
// personal view: the game's `view` decides what each viewer may see. Every view carries
// the table's deadlines (when each armed timer fires) and the server's clock, so a client
// can count a turn or a betting window down without trusting its own clock.
import { send } from '../../runtime/index.ts';
import type { JsonObject, PubSub } from '../../wire/index.ts';
import { EventLog } from './event_log.ts';
import type { Seating } from './seating.ts';
import type { TableConfig, TableEvent } from './types.ts';

/** What the table sends to a member's channel process. */
export type RoomPush = { type: 'push'; event: string; payload: JsonObject };

/** The moment as the room sees it: the open round, and the game as `viewer` (null: a spectator) may see it. */
export type Scene = (viewer: string | null) => { round: { id: string; serverSeedHash: string } | null; game: JsonObject };

export interface ViewsDeps {
  config: TableConfig;
  pubsub: PubSub;
  seating: Seating;
  scene: Scene;
  /** when each armed game timer fires (epoch ms), by name */
  deadlines: () => Record<string, number>;
}

export class TableViews {
  readonly #config: TableConfig;
  readonly #pubsub: PubSub;
  readonly #seating: Seating;
  readonly #scene: Scene;
  readonly #deadlines: () => Record<string, number>;
  readonly #log = new EventLog();

  constructor(d: ViewsDeps) {
    this.#config = d.config;
    this.#pubsub = d.pubsub;
    this.#seating = d.seating;
    this.#scene = d.scene;
    this.#deadlines = d.deadlines;
  }

  get topic(): string {
    return `table:${this.#config.id}`;
  }

  /** The last public event's number. */
  get seq(): number {
    return this.#log.seq;
  }

  /** Public events after `since`, or null when some of them are no longer held. */
  since(since: number): JsonObject[] | null {
    return this.#log.since(since);
  }

  /**
   * Public events to everyone on the topic (serialized once), then personal states to
   * members. A step without events shows nothing, unless `timersMoved`: a re-armed timer
   * is a new deadline the members must see.
   */
  emit(events: TableEvent[], timersMoved = false): void {
    if (events.length === 0 && !timersMoved) return;
    for (const ev of events) void this.#pubsub.broadcast(this.topic, 'event', this.#log.append(ev));
    for (const m of this.#seating.members()) {
      send(m.pid, { type: 'push', event: 'state', payload: this.viewFor(m.playerId) } satisfies RoomPush);
    }
  }

  viewFor(viewer: string | null): JsonObject {
    const c = this.#config;
    const { round, game } = this.#scene(viewer);
    const seats = [...this.#seating.seats.values()].map((s) => ({ seat: s.seat, player_id: s.playerId, name: s.name }));
    return {
      table: { id: c.id, game: c.game, name: c.name, seats: c.seats, min_bet: c.minBet, max_bet: c.maxBet, shared: c.shared },
      seats, seq: this.#log.seq, round_id: round?.id ?? null, server_seed_hash: round?.serverSeedHash ?? null, game,
      deadlines: this.#deadlines(), now: Date.now(),
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
