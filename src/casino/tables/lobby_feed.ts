// The lobby's live table list. The manager marks a table changed whenever the listing may
// have moved for it (it opened, a seat was taken or freed, it closed, it crashed or came
// back); after a short window the feed broadcasts one `tables_changed` on the `lobby`
// topic with each marked table as the listing shows it *now* — its row, or its id under
// `removed` when it is no longer listed. Reading the truth at flush time (not replaying
// the marks) makes coalescing safe: a table opened and closed within one window is just
// removed, and a crash followed by a quick restart is no change at all.
//
// Bounded: one push per window however many tables change, at most `maxRows` ids per
// push; the rest stay marked for the next window.
import type { JsonObject, PubSub } from '../../wire/index.ts';

export const LOBBY_TOPIC = 'lobby';
export const TABLES_CHANGED = 'tables_changed';

export interface LobbyFeedDeps {
  pubsub: PubSub;
  /** a table's row as the listing shows it now, or null when it is not listed */
  row: (id: string) => JsonObject | null;
  /** how long changes gather before one push (ms); 0 pushes on the next turn of the event loop */
  windowMs?: number;
  /** table ids per push at most */
  maxRows?: number;
  /** told each push's rows too (cluster mode: the cluster's directory in Redis lists them) */
  listed?: (changed: JsonObject[], removed: string[]) => void;
}

export class LobbyFeed {
  readonly #pubsub: PubSub;
  readonly #row: (id: string) => JsonObject | null;
  readonly #windowMs: number;
  readonly #maxRows: number;
  readonly #listed: ((changed: JsonObject[], removed: string[]) => void) | undefined;
  readonly #marked = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(d: LobbyFeedDeps) {
    this.#pubsub = d.pubsub;
    this.#row = d.row;
    this.#windowMs = d.windowMs ?? 250;
    this.#maxRows = d.maxRows ?? 200;
    this.#listed = d.listed;
  }

  /** The listing may have moved for this table: tell the lobby at the end of the window. */
  changed(id: string): void {
    this.#marked.add(id);
    if (this.#timer !== null) return;
    this.#timer = setTimeout(() => this.flush(), this.#windowMs);
    // A pending push never keeps a stopping process alive.
    this.#timer.unref?.();
  }

  /** Broadcasts what changed since the last push (at most maxRows tables) and re-arms for the rest. */
  flush(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#marked.size === 0) return;
    const changed: JsonObject[] = [];
    const removed: string[] = [];
    for (const id of this.#marked) {
      if (changed.length + removed.length === this.#maxRows) break;
      this.#marked.delete(id);
      const row = this.#row(id);
      if (row === null) removed.push(id);
      else changed.push(row);
    }
    void this.#pubsub.broadcast(LOBBY_TOPIC, TABLES_CHANGED, { changed, removed });
    this.#listed?.(changed, removed);
    if (this.#marked.size > 0) {
      this.#timer = setTimeout(() => this.flush(), this.#windowMs);
      this.#timer.unref?.();
    }
  }
}
