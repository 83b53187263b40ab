// The outbox in a JSON file (Node): written to a temporary file, flushed to disk and
// renamed over the old one, so a power cut leaves the old state or the new, never half
// of one. Only Node code imports this module (node.ts); the browser build never sees it.
import { open, readFile, rename } from 'node:fs/promises';
import type { OutboxState, OutboxStorage } from './outbox.ts';
import { parseState } from './storage.ts';

export class FileStorage implements OutboxStorage {
  readonly #path: string;
  constructor(path: string) {
    this.#path = path;
  }
  async load(): Promise<OutboxState | null> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return parseState(text, this.#path);
  }
  async save(state: OutboxState): Promise<void> {
    const tmp = `${this.#path}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(state));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.#path);
  }
}
