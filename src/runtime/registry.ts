// Registry: names → processes, for one part of the app (tables by id, sockets by user).
// A plain object, not a process: lookups are synchronous map reads on the hot path. Each
// registered pid gets one exit observer, which removes all its entries when it dies, so the
// registry never hands out a dead pid for long and never grows with dead entries.
import type { Pid } from './pid.ts';
import { isAlive, onExit } from './messaging.ts';

export type Keys = 'unique' | 'duplicate';

export type RegisterResult = { ok: true } | { ok: false; reason: 'already_registered'; pid: Pid };

export interface Entry<Meta> {
  pid: Pid;
  meta: Meta;
}

export class Registry<Meta = unknown> {
  readonly keysMode: Keys;
  readonly name: string | undefined;
  private readonly byKey = new Map<string, Map<Pid, Meta>>();
  // A pid's keys: one string inline (nearly every pid has one key), a Set past that.
  private readonly byPid = new Map<Pid, { keys: string | Set<string>; cancel: () => void }>();

  constructor(opts: { keys: Keys; name?: string }) {
    this.keysMode = opts.keys;
    this.name = opts.name;
  }

  /**
   * Unique keys: one pid per key. Duplicate keys: many pids per key, one entry per pid
   * (registering the same key and pid again replaces its meta). Registering a pid that is
   * not alive succeeds and leaves nothing, as if it had exited just after.
   */
  register(key: string, pid: Pid, meta?: Meta): RegisterResult {
    const entries = this.byKey.get(key);
    if (this.keysMode === 'unique' && entries !== undefined) {
      const [holder] = entries.keys();
      return { ok: false, reason: 'already_registered', pid: holder };
    }
    if (!isAlive(pid)) return { ok: true };
    if (entries === undefined) this.byKey.set(key, new Map([[pid, meta as Meta]]));
    else entries.set(pid, meta as Meta);
    const owned = this.byPid.get(pid);
    if (owned === undefined) this.byPid.set(pid, { keys: key, cancel: onExit(pid, () => this.drop(pid)) });
    else if (typeof owned.keys === 'string') {
      if (owned.keys !== key) owned.keys = new Set([owned.keys, key]);
    } else owned.keys.add(key);
    return { ok: true };
  }

  /** Removes the key for that pid, or for every pid under it. */
  unregister(key: string, pid?: Pid): void {
    const entries = this.byKey.get(key);
    if (entries === undefined) return;
    for (const p of pid === undefined ? [...entries.keys()] : [pid]) {
      if (!entries.delete(p)) continue;
      const owned = this.byPid.get(p)!;
      if (typeof owned.keys !== 'string') owned.keys.delete(key);
      if (typeof owned.keys === 'string' || owned.keys.size === 0) {
        owned.cancel();
        this.byPid.delete(p);
      }
    }
    if (entries.size === 0) this.byKey.delete(key);
  }

  lookup(key: string): Array<Entry<Meta>> {
    const entries = this.byKey.get(key);
    if (entries === undefined) return [];
    return [...entries].map(([pid, meta]) => ({ pid, meta }));
  }

  whereis(key: string): Pid | undefined {
    const entries = this.byKey.get(key);
    return entries === undefined ? undefined : entries.keys().next().value;
  }

  select(pred: (key: string, pid: Pid, meta: Meta) => boolean): Array<{ key: string; pid: Pid; meta: Meta }> {
    const out: Array<{ key: string; pid: Pid; meta: Meta }> = [];
    for (const [key, entries] of this.byKey) for (const [pid, meta] of entries) if (pred(key, pid, meta)) out.push({ key, pid, meta });
    return out;
  }

  /** Entries under a key, or all entries. */
  count(key?: string): number {
    if (key !== undefined) return this.byKey.get(key)?.size ?? 0;
    let n = 0;
    for (const entries of this.byKey.values()) n += entries.size;
    return n;
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }

  /** The keys a pid is registered under. */
  keysOf(pid: Pid): string[] {
    const owned = this.byPid.get(pid);
    return owned === undefined ? [] : typeof owned.keys === 'string' ? [owned.keys] : [...owned.keys];
  }

  updateMeta(key: string, pid: Pid, meta: Meta): boolean {
    const entries = this.byKey.get(key);
    if (entries === undefined || !entries.has(pid)) return false;
    entries.set(pid, meta);
    return true;
  }

  private drop(pid: Pid): void {
    const owned = this.byPid.get(pid);
    if (owned === undefined) return;
    this.byPid.delete(pid);
    for (const key of typeof owned.keys === 'string' ? [owned.keys] : owned.keys) {
      const entries = this.byKey.get(key)!;
      entries.delete(pid);
      if (entries.size === 0) this.byKey.delete(key);
    }
  }
}
