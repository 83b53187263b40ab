// Instant rounds: games whose whole round is one step (a slot spin) are staked, journaled
// and settled in one unit instead of four transactions, and many of them share one
// transaction written with set-based SQL (one statement per table, not per row).
//
// Why this is still "money before outcome": the outcome is drawn in memory but nobody
// sees it until the unit commits, and the stake, the draw's journal and the settlement
// commit together or not at all. An outcome whose stake was refused is discarded unseen.
//
// The batch writes exactly the rows the step-by-step path (openRoundTx → appendActionTx
// → settleRoundTx) would write — same idempotency keys, request hashes, entries and
// balances — and test/ledger/instant.test.ts compares the two. Anything unusual in a
// batch (a round id seen before, a jackpot reaching its secret hit point, a missing pool)
// is handed back to the step-by-step path, which already handles it exactly — the award,
// its reveal and the next cycle's draw are written there, never twice.
import type { Store, Tx } from '../../store/types.ts';
import { BatchQueue } from '../../store/batch_queue.ts';
import type { Runner } from '../runner.ts';
import { PitbossError } from '../../errors.ts';
import { hashServerSeed } from '../../games/rng/fair.ts';
import { lockAccounts, requestHash, type AccountRow, type Entry } from '../post.ts';
import { accountId, amount, currency, OVERDRAFT_KINDS, parseAccountId } from '../money.ts';
import { appendAuditTx } from '../audit.ts';
import { planContribution, poolAccount, type PoolRow } from '../jackpots.ts';
import { appendActionTx, escrowAccount, openRoundTx, stakeAccount, validateSeeds } from './journal.ts';
import { mergeEntries, settleRoundTx } from './settle.ts';
import type { OpenRoundRequest, RoundContext, RoundResult, SettleResult } from './types.ts';

/** One round's header (as opened step by step) with its single stake, steps and result. */
export interface InstantRound extends Omit<OpenRoundRequest, 'stakes'> {
  player: string;
  stake: number;
  bet?: unknown;
  /** Stake source and payout destination (default: the player's wallet). */
  account?: string;
  /** The journal rows of the round's steps, in order (action, and the events it produced). */
  steps: Array<{ action: unknown; events: unknown[] }>;
  outcome: unknown;
  payout: number;
}

export interface InstantResult {
  serverSeedHash: string;
  /** The round id had been used before: nothing moved, `settle` is null. */
  replayed: boolean;
  settle: SettleResult | null;
}

function validate(r: InstantRound): void {
  for (const f of ['roundId', 'game', 'tableId', 'rulesVersion', 'player'] as const) {
    if (typeof r[f] !== 'string' || r[f].length === 0) throw new PitbossError('invalid_payload', `${f} is required`);
  }
  currency(r.currency);
  amount(r.stake, 'stake');
  amount(r.payout, `payout to ${r.player}`, { zero: true });
  validateSeeds(r.seeds);
  if (!Array.isArray(r.steps) || r.steps.length === 0) throw new PitbossError('invalid_payload', 'an instant round journals at least one step');
}

/** The step-by-step path in one transaction: the reference the batch must match. */
export async function playInstantTx(tx: Tx, ctx: RoundContext, r: InstantRound): Promise<InstantResult> {
  validate(r);
  const opened = await openRoundTx(tx, ctx, {
    roundId: r.roundId, game: r.game, tableId: r.tableId, rulesVersion: r.rulesVersion, currency: r.currency, seeds: r.seeds,
    stakes: [{ player: r.player, amount: r.stake, bet: r.bet, ...(r.account ? { account: r.account } : {}) }],
    ...(r.jackpotPool ? { jackpotPool: r.jackpotPool } : {}),
  });
  if (opened.replayed) return { serverSeedHash: opened.serverSeedHash, replayed: true, settle: null };
  for (const s of r.steps) await appendActionTx(tx, r.roundId, s.action, s.events);
  const settle = await settleRoundTx(tx, ctx, r.roundId, { outcome: r.outcome, payouts: { [r.player]: r.payout } });
  return { serverSeedHash: opened.serverSeedHash, replayed: false, settle };
}

export type BatchOutcome = { ok: true; value: InstantResult } | { ok: false; error: unknown } | { ok: 'alone' };

interface Planned {
  i: number;
  r: InstantRound;
  hash: string;
  stakeEntries: Array<Entry & { balanceAfter: number }>;
  settleEntries: Array<Entry & { balanceAfter: number }>;
  result: RoundResult;
}

const col = <T>(rows: T[], f: (x: T) => unknown): unknown[] => rows.map(f);

/** The leading run of `xs` for which `ok` holds. */
function prefix<T>(xs: T[], ok: (x: T) => boolean): T[] {
  const k = xs.findIndex((x) => !ok(x));
  return k < 0 ? xs : xs.slice(0, k);
}

/** Plays a batch of instant rounds in `tx` with set-based SQL; see the file comment. */
export async function playInstantBatchTx(tx: Tx, ctx: RoundContext, units: InstantRound[]): Promise<BatchOutcome[]> {
  // The batch plays a prefix of the units; from the first one it cannot play exactly (see
  // the file comment) to the end, units go alone and in order, so the result is always
  // that of consecutive transactions.
  const out: BatchOutcome[] = units.map(() => ({ ok: 'alone' }));
  let todo: number[] = [];
  const ids = new Set<string>();
  for (const [i, r] of units.entries()) {
    try {
      validate(r);
    } catch (error) {
      out[i] = { ok: false, error };
      continue;
    }
    if (ids.has(r.roundId)) break; // a repeat of an earlier unit: a replay, answered alone
    ids.add(r.roundId);
    todo.push(i);
  }
  if (todo.length === 0) return out;
  const seen = new Set((await tx.query<{ id: string }>('SELECT id FROM rounds WHERE id = ANY($1::text[])', [[...ids]])).map((x) => x.id));
  todo = prefix(todo, (i) => !seen.has(units[i].roundId));
  // A round under a seed pair rotated meanwhile goes alone, where openRoundTx refuses it.
  const pairs = [...new Set(todo.map((i) => units[i].seeds.pair).filter((p): p is string => p !== undefined))].sort();
  if (pairs.length > 0) {
    const current = new Set((await tx.query<{ id: string }>(
      'SELECT id FROM seed_pairs WHERE id = ANY($1::text[]) AND retired_at IS NULL ORDER BY id FOR SHARE', [pairs])).map((p) => p.id));
    todo = prefix(todo, (i) => units[i].seeds.pair === undefined || current.has(units[i].seeds.pair!));
  }

  // Pools first (the lock order every writer shares: pool row → accounts → audit head).
  const poolIds = [...new Set(todo.map((i) => units[i].jackpotPool).filter((p): p is string => typeof p === 'string'))].sort();
  const pools = new Map<string, PoolRow>();
  if (poolIds.length > 0) {
    for (const p of await tx.query<PoolRow>('SELECT * FROM jackpot_pools WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [poolIds])) pools.set(p.id, p);
  }
  todo = prefix(todo, (i) => units[i].jackpotPool === undefined || pools.has(units[i].jackpotPool!));

  const accountsOf = (r: InstantRound): string[] => {
    const list = [stakeAccount(r.player, r.currency, r.account), escrowAccount(r.tableId, r.currency), accountId('house', r.tableId, r.currency)];
    if (r.jackpotPool) {
      const p = pools.get(r.jackpotPool)!;
      list.push(poolAccount(p.id, p.currency), accountId('jackpot', `${p.id}.overflow`, p.currency));
    }
    return list;
  };
  // Lock what exists; an account the rounds turn out to need (a new table's house, an
  // overflow) is created after planning, as the step-by-step path creates it on first use.
  const wanted = [...new Set(todo.flatMap((i) => accountsOf(units[i])))].sort();
  const locked = new Map((await tx.query<AccountRow>(
    'SELECT id, balance, overdraft FROM accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [wanted])).map((a) => [a.id, a]));
  const balance = new Map([...locked].map(([id, a]) => [id, a.balance]));
  const created = new Set<string>();
  const overdraft = (id: string) => locked.get(id)?.overdraft ?? OVERDRAFT_KINDS.has(parseAccountId(id).kind);
  const apply = (entries: Entry[]): Array<Entry & { balanceAfter: number }> => entries.map((e) => {
    if (!balance.has(e.account)) created.add(e.account);
    const after = (balance.get(e.account) ?? 0) + e.amount;
    if (!Number.isSafeInteger(after)) throw new RangeError(`balance of ${e.account} would leave the safe integer range`);
    balance.set(e.account, after);
    return { ...e, balanceAfter: after };
  });

  // Play the units in order against the locked balances, as consecutive transactions would.
  const planned: Planned[] = [];
  for (const i of todo) {
    const r = units[i];
    const player = stakeAccount(r.player, r.currency, r.account);
    const before = balance.get(player) ?? 0;
    if (before - r.stake < 0 && !overdraft(player)) {
      out[i] = { ok: false, error: new PitbossError('insufficient_funds', undefined, { account: player, balance: before, amount: r.stake }) };
      continue;
    }
    let contribution: Entry[] = [];
    let contributed = 0;
    if (r.jackpotPool) {
      const p = pools.get(r.jackpotPool)!;
      const plan = planContribution(p, balance.get(poolAccount(p.id, p.currency)) ?? 0, [{ player: r.player, amount: r.stake }]);
      if (plan.mustHit) break; // the hit point is reached: the award is the step-by-step path's, this unit and the rest go alone
      contribution = plan.entries;
      contributed = plan.total;
    }
    const escrow = escrowAccount(r.tableId, r.currency);
    const stakeEntries = apply([{ account: player, amount: -r.stake }, { account: escrow, amount: r.stake }]);
    const settleEntries = apply(mergeEntries([
      { account: escrow, amount: -r.stake },
      { account: player, amount: r.payout },
      ...contribution,
      { account: accountId('house', r.tableId, r.currency), amount: r.stake - r.payout - contributed },
    ]));
    planned.push({
      i, r, hash: hashServerSeed(r.seeds.serverSeed), stakeEntries, settleEntries,
      result: { player: r.player, stake: r.stake, payout: r.payout, balanceBefore: before, balanceAfter: balance.get(player)! },
    });
  }
  if (planned.length === 0) return out;
  if (created.size > 0) {
    // Created empty, as assumed while planning; anything else means a race: the batch goes alone.
    const fresh = await lockAccounts(tx, [...created]);
    for (const a of fresh.values()) if (a.balance !== 0) throw new Error(`account ${a.id} appeared with a balance during the batch`);
  }

  const P = planned;
  await tx.query(
    `INSERT INTO rounds (id, game, table_id, rules_version, currency, node_id, server_seed_hash, server_seed, client_seed, nonce, jackpot_pool, status, resolution, outcome, settled_at, seed_pair, seed_reveal)
     SELECT id, game, t, rv, ccy, $1, h, ss, cs, n, jp, 'settled', 'normal', o, now(), sp, sr
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::jsonb[], $13::text[], $14::text[])
       AS u(id, game, t, rv, ccy, h, ss, cs, n, jp, o, sp, sr)`,
    [ctx.nodeId, col(P, (p) => p.r.roundId), col(P, (p) => p.r.game), col(P, (p) => p.r.tableId), col(P, (p) => p.r.rulesVersion), col(P, (p) => p.r.currency),
      col(P, (p) => p.hash), col(P, (p) => p.r.seeds.serverSeed), col(P, (p) => p.r.seeds.clientSeed), col(P, (p) => String(p.r.seeds.nonce)),
      col(P, (p) => p.r.jackpotPool ?? null), col(P, (p) => JSON.stringify(p.r.outcome ?? null)),
      col(P, (p) => p.r.seeds.pair ?? null), col(P, (p) => p.r.seeds.reveal ?? 'settled')]);
  await tx.query(
    `INSERT INTO round_stakes (round_id, player_id, amount, bet, balance_before, account)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::jsonb[], $5::bigint[], $6::text[])`,
    [col(P, (p) => p.r.roundId), col(P, (p) => p.r.player), col(P, (p) => String(p.r.stake)), col(P, (p) => JSON.stringify(p.r.bet ?? {})),
      col(P, (p) => String(p.result.balanceBefore)), col(P, (p) => p.r.account ?? null)]);
  const steps = P.flatMap((p) => p.r.steps.map((s, k) => ({ id: p.r.roundId, seq: k + 1, s })));
  await tx.query(
    `INSERT INTO round_actions (round_id, seq, action, events) SELECT * FROM unnest($1::text[], $2::int[], $3::jsonb[], $4::jsonb[])`,
    [col(steps, (x) => x.id), col(steps, (x) => x.seq), col(steps, (x) => JSON.stringify(x.s.action)), col(steps, (x) => JSON.stringify(x.s.events))]);
  await tx.query(
    `INSERT INTO round_outcomes (round_id, outcome, payouts) SELECT * FROM unnest($1::text[], $2::jsonb[], $3::jsonb[])`,
    [col(P, (p) => p.r.roundId), col(P, (p) => JSON.stringify(p.r.outcome ?? null)), col(P, (p) => JSON.stringify({ [p.r.player]: p.r.payout }))]);

  // Two ledger transactions per round, as the step-by-step path posts them.
  const txs = P.flatMap((p) => [
    { key: `round:${p.r.roundId}:stake`, kind: 'stake', p, entries: p.stakeEntries, memo: '{}' },
    { key: `round:${p.r.roundId}:settle`, kind: 'settle', p, entries: p.settleEntries, memo: '{"resolution":"normal"}' },
  ]);
  const txIds = await tx.query<{ id: number; idem_key: string }>(
    `INSERT INTO ledger_transactions (idem_key, request_hash, kind, currency, round_id, memo)
     SELECT k, h, kind, ccy, rid, m FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) WITH ORDINALITY AS u(k, h, kind, ccy, rid, m, ord)
     ORDER BY ord RETURNING id, idem_key`,
    [col(txs, (t) => t.key), col(txs, (t) => requestHash({ key: t.key, kind: t.kind, currency: t.p.r.currency, entries: t.entries.map(({ account, amount: a }) => ({ account, amount: a })) })),
      col(txs, (t) => t.kind), col(txs, (t) => t.p.r.currency), col(txs, (t) => t.p.r.roundId), col(txs, (t) => t.memo)]);
  const idOf = new Map(txIds.map((t) => [t.idem_key, t.id]));
  const entries = txs.flatMap((t) => t.entries.map((e) => ({ tx: idOf.get(t.key)!, ...e })));
  await tx.query(
    `INSERT INTO ledger_entries (tx_id, account_id, amount, balance_after)
     SELECT tx, a, amt, after FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[]) WITH ORDINALITY AS u(tx, a, amt, after, ord) ORDER BY ord`,
    [col(entries, (e) => String(e.tx)), col(entries, (e) => e.account), col(entries, (e) => String(e.amount)), col(entries, (e) => String(e.balanceAfter))]);
  const changed = [...balance].filter(([id, b]) => (locked.get(id)?.balance ?? 0) !== b);
  if (changed.length > 0) {
    await tx.query(`UPDATE accounts a SET balance = v.b FROM unnest($1::text[], $2::bigint[]) AS v(id, b) WHERE a.id = v.id`,
      [changed.map(([id]) => id), changed.map(([, b]) => String(b))]);
  }
  await tx.query(
    `INSERT INTO round_results (round_id, player_id, stake, payout, balance_before, balance_after)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])`,
    [col(P, (p) => p.r.roundId), col(P, (p) => p.r.player), col(P, (p) => String(p.r.stake)), col(P, (p) => String(p.r.payout)),
      col(P, (p) => String(p.result.balanceBefore)), col(P, (p) => String(p.result.balanceAfter))]);
  for (const p of P) {
    const x = p.result;
    if (x.payout >= ctx.largeWin) {
      await appendAuditTx(tx, { actor: 'system', action: 'large_win', subject: `round:${p.r.roundId}`,
        before: { player: x.player, balance: x.balanceBefore }, after: { player: x.player, payout: x.payout, balance: x.balanceAfter } });
    }
    out[p.i] = { ok: true, value: { serverSeedHash: p.hash, replayed: false,
      settle: { roundId: p.r.roundId, resolution: 'normal', results: [x], jackpot: null, replayed: false } } };
  }
  return out;
}

export interface InstantOptions {
  /** Most rounds per transaction (default 256). */
  maxBatch?: number;
  /**
   * Batches in flight at once (default 1: batches share the jackpot pool row, so a
   * second one would only wait for its lock while the queue could be filling).
   */
  maxInFlight?: number;
  /** Longest wait for a batch to fill back up after a large one (default 10 ms); see batch_queue.ts. */
  lingerMs?: number;
}

type Waiting = { r: InstantRound; resolve: (v: InstantResult) => void; reject: (e: unknown) => void };

/**
 * Queues instant rounds from every table and writes them in shared transactions
 * (batch_queue.ts: an idle system adds no latency, a busy one writes large batches).
 */
export class InstantRounds {
  private readonly store: Store;
  private readonly run: Runner;
  private readonly ctx: RoundContext;
  private readonly queue: BatchQueue<Waiting>;
  readonly stats = { batches: 0, rounds: 0, alone: 0 };

  constructor(store: Store, run: Runner, ctx: RoundContext, opts: InstantOptions = {}) {
    this.store = store;
    this.run = run;
    this.ctx = ctx;
    this.queue = new BatchQueue((batch) => this.write(batch), {
      maxBatch: opts.maxBatch ?? 256, maxInFlight: opts.maxInFlight ?? 1, lingerMs: opts.lingerMs ?? 10,
    });
  }

  play(r: InstantRound): Promise<InstantResult> {
    return new Promise((resolve, reject) => this.queue.push({ r, resolve, reject }));
  }

  private async write(batch: Waiting[]): Promise<void> {
    let outcomes: BatchOutcome[];
    try {
      outcomes = await this.store.transaction((tx) => playInstantBatchTx(tx, this.ctx, batch.map((w) => w.r)), { retries: 0 });
    } catch {
      // The batch could not commit as a whole: every round goes alone, so none fails for a neighbour.
      outcomes = batch.map(() => ({ ok: 'alone' }));
    }
    this.stats.batches++;
    const alone: Waiting[] = [];
    batch.forEach((w, i) => {
      const o = outcomes[i];
      if (o.ok === true) {
        this.stats.rounds++;
        w.resolve(o.value);
      } else if (o.ok === false) {
        w.reject(o.error);
      } else {
        alone.push(w);
      }
    });
    // One after another, in order: rounds handed back (a jackpot hit, a replayed id) keep their sequence.
    this.stats.alone += alone.length;
    for (const w of alone) await this.run((tx) => playInstantTx(tx, this.ctx, w.r)).then(w.resolve, w.reject);
  }
}
