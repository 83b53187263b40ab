// Seed pairs: the server seed, client seed and nonce counter that rounds are drawn under
// (docs/game-math.md, "Seed pairs"; migration 110). An owner — `player:<id>` or
// `table:<id>` — has one current pair, created on first use.
//
// Nonces are exactly 0, 1, 2, … per pair, with no gap and no repeat, across restarts:
// the next nonce is derived from the rounds recorded under the pair (a unique index on
// (seed_pair, nonce) backs it). So that two tables of one player cannot draw the same
// nonce, a draw holds its pair until the round that used it is written or refused
// (Rounds.open / playInstant call `settle`); a refused round leaves nothing recorded
// and its nonce is drawn again — its outcome was never shown. A draw the table never
// writes (the table died between the draw and the stake) lets go after `leaseMs` and
// the pair's count is read again. Rotation takes the same hold, so it never retires a
// pair under a round being written, and it refuses while a round of the pair is open: a
// seed revealed mid-round would tell the rest of the round.
import { randomBytes } from 'node:crypto';
import type { Store, Tx } from '../store/types.ts';
import type { Runner } from './runner.ts';
import { PitbossError } from '../errors.ts';
import { hashServerSeed, newServerSeed } from '../games/rng/fair.ts';
import type { Seeds } from './rounds/types.ts';

/** What anyone may know of a pair while it is in use. */
export interface PairInfo {
  /** SHA-256 of the server seed (null for a table's pair: its rounds draw their own). */
  serverSeedHash: string | null;
  clientSeed: string;
  /** the nonce of the pair's next round */
  nonce: number;
}

export interface Rotation {
  /** the pair just retired, its server seed revealed; `rounds` were played under it */
  retired: { serverSeed: string | null; serverSeedHash: string | null; clientSeed: string; rounds: number };
  current: PairInfo;
}

interface Cached {
  id: string;
  serverSeed: string | null;
  serverSeedHash: string | null;
  clientSeed: string;
  /** null: read it from the rounds before the next draw */
  next: number | null;
}

type Row = { id: string; server_seed: string | null; server_seed_hash: string | null; client_seed: string };

export const newClientSeed = (): string => randomBytes(16).toString('hex');

export class SeedPairs {
  private readonly store: Store;
  private readonly run: Runner;
  private readonly leaseMs: number;
  private readonly pairs = new Map<string, Cached>();
  /** owner → the end of the current hold (draws and rotations queue behind it) */
  private readonly holds = new Map<string, Promise<void>>();
  /** pair id → the nonce it handed out and how to release its hold, with what the write did */
  private readonly pending = new Map<string, { nonce: number; finish: (written: boolean) => void }>();

  constructor(store: Store, run: Runner, opts: { leaseMs?: number } = {}) {
    this.store = store;
    this.run = run;
    this.leaseMs = opts.leaseMs ?? 10_000;
  }

  /** The owner's current pair as the public sees it. */
  async info(owner: string): Promise<PairInfo> {
    return this.hold(owner, async () => {
      const p = await this.load(owner);
      return { serverSeedHash: p.serverSeedHash, clientSeed: p.clientSeed, nonce: p.next! };
    });
  }

  /**
   * Seeds for the owner's next round under its current pair, holding the pair until
   * `settle` (called by the round's write). `fresh`: a table's pair, whose every round
   * draws a new server seed (revealed when that round settles).
   */
  async draw(owner: string, opts: { fresh: boolean }): Promise<Seeds & { pair: string }> {
    const release = await this.acquire(owner);
    try {
      const p = await this.load(owner, opts.fresh);
      const seeds = { serverSeed: opts.fresh ? newServerSeed() : p.serverSeed!, clientSeed: p.clientSeed, nonce: p.next!, pair: p.id };
      let done = false;
      const finish = (written: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.pending.delete(p.id);
        // Written: the next nonce follows it. Anything else (refused, failed, rotated by
        // another node): read the pair and its count again before the next draw.
        if (written && p.next === seeds.nonce) p.next = seeds.nonce + 1;
        else if (this.pairs.get(owner) === p) this.pairs.delete(owner);
        release();
      };
      const timer = setTimeout(() => finish(false), this.leaseMs);
      timer.unref?.();
      this.pending.set(p.id, { nonce: seeds.nonce, finish });
      return seeds;
    } catch (err) {
      release();
      throw err;
    }
  }

  /** The round drawn with these seeds was written (`written`) or not; lets go of the pair. */
  settle(seeds: Seeds, written: boolean): void {
    // A write that outlived its lease finds another draw (or none) here and is ignored.
    const held = seeds.pair === undefined ? undefined : this.pending.get(seeds.pair);
    if (held && held.nonce === seeds.nonce) held.finish(written);
  }

  /** Wraps a round's write so that its pair is settled however the write ends. */
  async settleAfter<T extends { replayed: boolean }>(seeds: Seeds, write: Promise<T>): Promise<T> {
    try {
      const r = await write;
      this.settle(seeds, !r.replayed);
      return r;
    } catch (err) {
      this.settle(seeds, false);
      throw err;
    }
  }

  /**
   * Retires the owner's pair, revealing its server seed, and starts a new one under
   * `clientSeed` (default: the same client seed). Refused while a round of the pair is open.
   */
  async rotate(owner: string, clientSeed?: string): Promise<Rotation> {
    return this.hold(owner, async () => {
      const old = await this.load(owner);
      const next = await this.run(async (tx) => {
        const [row] = await tx.query<Row & { retired_at: Date | null }>('SELECT * FROM seed_pairs WHERE id = $1 FOR UPDATE', [old.id]);
        if (!row || row.retired_at !== null) throw new PitbossError('invalid_action', 'that seed pair was already rotated; try again');
        const open = await tx.query('SELECT 1 FROM rounds WHERE seed_pair = $1 AND status = $2 LIMIT 1', [old.id, 'open']);
        if (open.length > 0) throw new PitbossError('invalid_action', 'finish the open round before rotating the seed pair');
        await tx.query('UPDATE seed_pairs SET retired_at = now() WHERE id = $1', [old.id]);
        const [{ n }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM rounds WHERE seed_pair = $1', [old.id]);
        return { pair: await insertPair(tx, owner, old.serverSeed !== null, clientSeed ?? old.clientSeed), rounds: n };
      }).catch((err: unknown) => {
        this.pairs.delete(owner); // whatever happened, read the pair again next time
        throw err;
      });
      this.pairs.set(owner, { ...next.pair, next: 0 });
      return {
        retired: { serverSeed: old.serverSeed, serverSeedHash: old.serverSeedHash, clientSeed: old.clientSeed, rounds: next.rounds },
        current: { serverSeedHash: next.pair.serverSeedHash, clientSeed: next.pair.clientSeed, nonce: 0 },
      };
    });
  }

  // ---- internals ------------------------------------------------------------------

  /** The cached pair with its next nonce known, reading (or creating) it when needed. */
  private async load(owner: string, table = false): Promise<Cached> {
    let p = this.pairs.get(owner);
    if (p === undefined) {
      const [row] = await this.store.query<Row>('SELECT * FROM seed_pairs WHERE owner = $1 AND retired_at IS NULL', [owner]);
      const got = row ? fromRow(row) : await this.store.transaction((tx) => ensurePair(tx, owner, !table));
      p = { ...got, next: null };
      this.pairs.set(owner, p);
    }
    if (p.next === null) {
      const [{ n }] = await this.store.query<{ n: number }>('SELECT coalesce(max(nonce) + 1, 0)::bigint AS n FROM rounds WHERE seed_pair = $1', [p.id]);
      p.next = n;
    }
    return p;
  }

  /** Waits for the owner's current hold; returns the release of a new one. */
  private async acquire(owner: string): Promise<() => void> {
    const before = this.holds.get(owner) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => { release = r; });
    const chained = before.then(() => mine);
    this.holds.set(owner, chained);
    await before;
    return () => {
      release();
      if (this.holds.get(owner) === chained) this.holds.delete(owner);
    };
  }

  private async hold<T>(owner: string, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(owner);
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

const fromRow = (r: Row) => ({ id: r.id, serverSeed: r.server_seed, serverSeedHash: r.server_seed_hash, clientSeed: r.client_seed });

async function insertPair(tx: Tx, owner: string, secret: boolean, clientSeed: string): Promise<ReturnType<typeof fromRow>> {
  const serverSeed = secret ? newServerSeed() : null;
  const [row] = await tx.query<Row>(
    'INSERT INTO seed_pairs (id, owner, server_seed, server_seed_hash, client_seed) VALUES ($1, $2, $3, $4, $5) RETURNING *',
    [`sp_${randomBytes(9).toString('base64url')}`, owner, serverSeed, serverSeed === null ? null : hashServerSeed(serverSeed), clientSeed]);
  return fromRow(row);
}

/** The owner's current pair, created if there is none (another node may create it at the same time). */
async function ensurePair(tx: Tx, owner: string, secret: boolean): Promise<ReturnType<typeof fromRow>> {
  const serverSeed = secret ? newServerSeed() : null;
  await tx.query(
    `INSERT INTO seed_pairs (id, owner, server_seed, server_seed_hash, client_seed) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (owner) WHERE retired_at IS NULL DO NOTHING`,
    [`sp_${randomBytes(9).toString('base64url')}`, owner, serverSeed, serverSeed === null ? null : hashServerSeed(serverSeed), newClientSeed()]);
  const [row] = await tx.query<Row>('SELECT * FROM seed_pairs WHERE owner = $1 AND retired_at IS NULL', [owner]);
  return fromRow(row);
}
