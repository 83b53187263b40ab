// Leaderboards and tournaments. A board has an operator (best: keep the better score;
// set: overwrite; incr/decr: add/subtract), a sort order, an optional reset schedule
// (every N seconds from start_at: each period is a fresh board, old periods are kept),
// an optional start/end window (a tournament) and an optional entry cap. Ties rank by
// who got there first. submit() returns rank-change events for the submitter and the
// players it overtook, for the tournament channel to broadcast.
import type { Store, Tx } from '../store/types.ts';
import { PitbossError } from '../errors.ts';
import { amount } from './money.ts';

export type Operator = 'best' | 'set' | 'incr' | 'decr';
export interface BoardConfig {
  id: string;
  operator: Operator;
  sort: 'asc' | 'desc';
  resetEverySeconds?: number | null;
  startAt?: Date | null;
  endAt?: Date | null;
  maxEntries?: number | null;
}
export interface Ranked { owner: string; score: number; rank: number }
export interface RankChange { board: string; owner: string; from: number | null; to: number }

type BoardRow = { id: string; operator: Operator; sort: 'asc' | 'desc'; reset_every_seconds: number | null; start_at: Date | null; end_at: Date | null; max_entries: number | null; created_at: Date };

export class Leaderboards {
  private readonly store: Store;
  private readonly now: () => Date;
  constructor(store: Store, now: () => Date = () => new Date()) {
    this.store = store;
    this.now = now;
  }

  async create(c: BoardConfig): Promise<void> {
    if (!['best', 'set', 'incr', 'decr'].includes(c.operator) || !['asc', 'desc'].includes(c.sort)) {
      throw new PitbossError('invalid_payload', 'operator must be best|set|incr|decr and sort asc|desc');
    }
    await this.store.query(
      `INSERT INTO leaderboards (id, operator, sort, reset_every_seconds, start_at, end_at, max_entries)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [c.id, c.operator, c.sort, c.resetEverySeconds ?? null, c.startAt ?? null, c.endAt ?? null, c.maxEntries ?? null]);
  }

  private async board(db: Tx | Store, id: string, lock = false): Promise<BoardRow> {
    const [b] = await db.query<BoardRow>(`SELECT * FROM leaderboards WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    if (!b) throw new PitbossError('not_found', `no leaderboard ${id}`);
    return b;
  }

  /** The current period: scheduled resets count whole intervals since the start. */
  private period(b: BoardRow, at: Date): number {
    if (!b.reset_every_seconds) return 0;
    const origin = (b.start_at ?? b.created_at).getTime();
    return Math.floor((at.getTime() - origin) / (b.reset_every_seconds * 1000));
  }

  private order(b: BoardRow): string {
    return b.sort === 'desc' ? 'score DESC, updated_at ASC, owner_id ASC' : 'score ASC, updated_at ASC, owner_id ASC';
  }

  async submit(boardId: string, owner: string, value: number): Promise<{ score: number; rank: number; events: RankChange[] }> {
    amount(value, 'score', { zero: true, negative: true });
    return this.store.transaction(async (tx) => {
      // The board row lock serialises writers of one board, which keeps ranks and the entry cap exact.
      const b = await this.board(tx, boardId, true);
      const at = this.now();
      if ((b.start_at && at < b.start_at) || (b.end_at && at >= b.end_at)) throw new PitbossError('round_closed', `leaderboard ${boardId} is not running`);
      const period = this.period(b, at);
      const [prev] = await tx.query<{ score: number }>('SELECT score FROM leaderboard_records WHERE board_id = $1 AND period = $2 AND owner_id = $3', [boardId, period, owner]);
      if (!prev && b.max_entries) {
        const [{ n }] = await tx.query<{ n: number }>('SELECT count(*)::bigint AS n FROM leaderboard_records WHERE board_id = $1 AND period = $2', [boardId, period]);
        if (n >= b.max_entries) throw new PitbossError('table_full', `leaderboard ${boardId} has reached its ${b.max_entries} entries`);
      }
      const before = await this.ranks(tx, b, period);
      const score = next(b, prev?.score, value);
      if (prev && score === prev.score) return { score, rank: before.get(owner)!.rank, events: [] };
      await tx.query(
        `INSERT INTO leaderboard_records (board_id, period, owner_id, score, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (board_id, period, owner_id) DO UPDATE SET score = EXCLUDED.score, updated_at = EXCLUDED.updated_at`,
        [boardId, period, owner, score, at]);
      const after = await this.ranks(tx, b, period);
      const events: RankChange[] = [];
      for (const [o, r] of after) {
        const from = before.get(o)?.rank ?? null;
        if (from !== r.rank) events.push({ board: boardId, owner: o, from, to: r.rank });
      }
      return { score, rank: after.get(owner)!.rank, events };
    });
  }

  private async ranks(db: Tx | Store, b: BoardRow, period: number): Promise<Map<string, Ranked>> {
    const rows = await db.query<{ owner_id: string; score: number }>(
      `SELECT owner_id, score FROM leaderboard_records WHERE board_id = $1 AND period = $2 ORDER BY ${this.order(b)}`, [b.id, period]);
    return new Map(rows.map((r, i) => [r.owner_id, { owner: r.owner_id, score: r.score, rank: i + 1 }]));
  }

  async top(boardId: string, n = 10, at = this.now()): Promise<Ranked[]> {
    return this.slice(boardId, 0, n, at);
  }

  async rank(boardId: string, owner: string, at = this.now()): Promise<Ranked | null> {
    const b = await this.board(this.store, boardId);
    return (await this.ranks(this.store, b, this.period(b, at))).get(owner) ?? null;
  }

  /** The players from rank − radius to rank + radius. */
  async around(boardId: string, rank: number, radius = 2, at = this.now()): Promise<Ranked[]> {
    const from = Math.max(1, rank - radius);
    return this.slice(boardId, from - 1, rank + radius - from + 1, at);
  }

  private async slice(boardId: string, offset: number, limit: number, at: Date): Promise<Ranked[]> {
    const b = await this.board(this.store, boardId);
    const rows = await this.store.query<{ owner_id: string; score: number }>(
      `SELECT owner_id, score FROM leaderboard_records WHERE board_id = $1 AND period = $2 ORDER BY ${this.order(b)} OFFSET $3 LIMIT $4`,
      [boardId, this.period(b, at), offset, limit]);
    return rows.map((r, i) => ({ owner: r.owner_id, score: r.score, rank: offset + i + 1 }));
  }
}

function next(b: BoardRow, prev: number | undefined, v: number): number {
  switch (b.operator) {
    case 'set': return v;
    case 'incr': return (prev ?? 0) + v;
    case 'decr': return (prev ?? 0) - v;
    case 'best': return prev === undefined ? v : b.sort === 'desc' ? Math.max(prev, v) : Math.min(prev, v);
  }
}
