// The last N chat messages of one room, for the join reply: a fixed-size ring owned by
// the room process (one per table, so no map of rooms to grow). Overflow policy: the
// oldest message is dropped — this is a scroll-back, not a queue; nobody is owed the
// 51st-oldest line, and a busy table must not grow the process without bound.

import { DEFAULT_HISTORY, MAX_HISTORY } from '../../config/chat.ts';

export { DEFAULT_HISTORY, MAX_HISTORY } from '../../config/chat.ts';

/** The wire shape of a `chat` push: `{player_id, name, text, at}` (`at` in ms since the epoch). */
export interface ChatMessage {
  player_id: string;
  name: string;
  text: string;
  at: number;
}

export class ChatHistory {
  readonly capacity: number;
  // Allocated at the first message: most tables never see one, and 50 empty slots are ~400 bytes each.
  #ring: (ChatMessage | undefined)[] | null = null;
  #next = 0; // where the next message goes
  #size = 0;

  constructor(capacity: number = DEFAULT_HISTORY) {
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > MAX_HISTORY) {
      throw new RangeError(`chat history size must be an integer from 0 to ${MAX_HISTORY}`);
    }
    this.capacity = capacity;
  }

  get size(): number {
    return this.#size;
  }

  push(message: ChatMessage): void {
    if (this.capacity === 0) return; // history turned off: keep nothing
    (this.#ring ??= new Array<ChatMessage | undefined>(this.capacity).fill(undefined))[this.#next] = message;
    this.#next = (this.#next + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }

  /** Up to `limit` of the latest messages, oldest first (the order a chat pane shows them). */
  recent(limit: number = this.capacity): ChatMessage[] {
    const n = Math.max(0, Math.min(Math.floor(limit), this.#size));
    const out: ChatMessage[] = [];
    for (let i = n; i > 0; i--) {
      out.push(this.#ring![(this.#next - i + this.capacity) % this.capacity]!);
    }
    return out;
  }

  clear(): void {
    this.#ring = null;
    this.#next = 0;
    this.#size = 0;
  }
}
