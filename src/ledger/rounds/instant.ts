// Instant rounds: a game whose whole round is one step (a slot spin) is staked, journaled
// and settled in one unit instead of four transactions, and the commit queue
// (store/group-commit.ts) hands many of them to one call that writes them with set-based
// SQL (one statement per table, not per row).
//
// Why this is still "money before outcome": the outcome is drawn in memory but nobody
// sees it until the unit commits, and the stake, the draw's journal and the settlement
// commit together or not at all. An outcome whose stake was refused is discarded unseen.
//
// Money moves as everywhere else: the batch builds each round's stake and settlement with
// entries.ts and plans and writes them with post.ts's Postings — the code postTx runs —
// so it posts exactly what the step-by-step path (openRoundTx → appendActionTx →
// settleRoundTx) posts: same idempotency keys, request hashes, entries and balances.
// Anything unusual in a batch (a round id seen before, a jackpot reaching its secret hit
// point, a missing pool, a rotated seed pair) ends the batch there and is handed back to
// the step-by-step path (playInstantTx), which already handles it exactly — the award,
// its reveal and the next cycle's draw are written there, never twice.
//
// Throughput on PostgreSQL: every slots spin feeds one jackpot pool, so batches queue on
// its row. A batch therefore locks it last, after writing its round rows, and holds it only
// for the money statements and the COMMIT (see playInstantBatchTx).
import type { Tx } from '../../store/types.ts';
import type { SetOutcome, SetWriter } from '../../store/group-commit.ts';
import { PitbossError } from '../../errors.ts';
import { hashServerSeed } from '../../games/rng/fair.ts';
import { Postings, lockAccounts, readAccounts, type AccountRow } from '../post.ts';
import { accountId, amount, currency } from '../money.ts';
import { appendAuditTx } from '../audit.ts';
import { overflowAccount, planContribution, poolAccount, type PoolRow } from '../jackpots.ts';
import { appendActionTx, openRoundTx, validateSeeds } from './journal.ts';
import { settleRoundTx } from './settle.ts';
import { escrowAccount, settlementEntries, stakeAccount, stakeEntries } from './entries.ts';
import type { OpenRoundRequest, RoundContext, RoundResult, SettleResult } from './types.ts';
import { claimKeysTx, defaultKeyTimes, heldKeysTx, insertAnsweredKeysTx, keyId, putKeysTx, unclaimKeyTx, type KeyState, type StoredReply } from '../action_keys.ts';

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
  /**
   * The player's action key, claimed and answered in the round's own transaction (one
   * write instead of three: claim, round, answer). `reply` is the client's answer without
   * the balance, which the round fills in (`balance`).
   */
  key?: { key: string; reply: Record<string, unknown> };
}

export interface InstantResult {
  serverSeedHash: string;
  /** The round id had been used before: nothing moved, `settle` is null. */
  replayed: boolean;
  settle: SettleResult | null;
  /** The action key was already held (answered here or elsewhere, or pending): nothing moved, `settle` is null. */
  taken?: KeyState;
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
  const times = keyTimes(ctx);
  if (r.key) {
    // Claimed first, in this transaction: a refusal below rolls the claim back with the round.
    const [state] = await claimKeysTx(tx, [{ player: r.player, key: r.key.key, tableId: r.tableId }], times.now, times.cutoff);
    if (state!.type !== 'new') return { serverSeedHash: hashServerSeed(r.seeds.serverSeed), replayed: true, settle: null, taken: state! };
  }
  const opened = await openRoundTx(tx, ctx, {
    roundId: r.roundId, game: r.game, tableId: r.tableId, rulesVersion: r.rulesVersion, currency: r.currency, seeds: r.seeds,
    stakes: [{ player: r.player, amount: r.stake, bet: r.bet, ...(r.account ? { account: r.account } : {}) }],
    ...(r.jackpotPool ? { jackpotPool: r.jackpotPool } : {}),
  });
  if (opened.replayed) {
    if (r.key) await unclaimKeyTx(tx, { player: r.player, key: r.key.key, tableId: r.tableId }); // nothing played: not this call's key
    return { serverSeedHash: opened.serverSeedHash, replayed: true, settle: null };
  }
  for (const s of r.steps) await appendActionTx(tx, r.roundId, s.action, s.events);
  const settle = await settleRoundTx(tx, ctx, r.roundId, { outcome: r.outcome, payouts: { [r.player]: r.payout } });
  if (r.key) await putKeysTx(tx, [{ player: r.player, key: r.key.key, tableId: r.tableId, reply: answerOf(r, settle.results[0]!.balanceAfter) }], times.now);
  return { serverSeedHash: opened.serverSeedHash, replayed: false, settle };
}

interface Planned {
  i: number;
  r: InstantRound;
  hash: string;
  result: RoundResult;
}

/** The key's stored answer: the reply the client gets, with the balance the round left. */
const answerOf = (r: InstantRound, balance: number): StoredReply => ({ status: 'ok', response: { ...r.key!.reply, balance } });

/** The action keys' clock (ledger/action_keys.ts); a bare RoundContext keeps keys a day. */
const keyTimes = (ctx: RoundContext): { now: string; cutoff: string } => ctx.keyTimes?.() ?? defaultKeyTimes();

const unitKey = (r: InstantRound): string | null => (r.key ? keyId({ player: r.player, key: r.key.key }) : null);

const col = <T>(rows: T[], f: (x: T) => unknown): unknown[] => rows.map(f);

/** The round's fencing token as text for a bigint[] column (null: unfenced; migration 108). */
const fenceText = (ctx: RoundContext, tableId: string): string | null => {
  const f = ctx.fenceOf?.(tableId) ?? null;
  return f === null ? null : String(f);
};

/** The leading run of `xs` for which `ok` holds. */
function prefix<T>(xs: T[], ok: (x: T) => boolean): T[] {
  const k = xs.findIndex((x) => !ok(x));
  return k < 0 ? xs : xs.slice(0, k);
}

const byId = (pools: PoolRow[]) => new Map(pools.map((p) => [p.id, p]));

/** What the rows written before the money depend on: which units play, and their wallets' balances. */
const cutOf = (planned: Planned[]) => JSON.stringify(planned.map((p) => [p.i, p.result.balanceBefore, p.result.balanceAfter]));

/**
 * Plays the units in order against the given balances, as consecutive transactions would:
 * stops at the first unit whose stake reaches a pool's hit point (the award is the
 * step-by-step path's; it and the rest go alone), refuses a stake the wallet cannot cover.
 */
function plan(units: InstantRound[], todo: number[], pools: Map<string, PoolRow>, cold: string[], hot: string[], rows: Map<string, AccountRow>) {
  const postings = Postings.over([...cold, ...hot], rows);
  const planned: Planned[] = [];
  const refused: Array<[number, unknown]> = [];
  for (const i of todo) {
    const r = units[i];
    const player = stakeAccount(r.player, r.currency, r.account);
    const p = r.jackpotPool ? pools.get(r.jackpotPool) : undefined;
    const contribution = p ? planContribution(p, postings.balance(poolAccount(p.id, p.currency)), [{ player: r.player, amount: r.stake }]) : null;
    if (contribution?.mustHit) break;
    const before = postings.balance(player);
    try {
      postings.add({ key: `round:${r.roundId}:stake`, kind: 'stake', currency: r.currency, roundId: r.roundId,
        entries: stakeEntries(r.tableId, r.currency, [{ account: player, amount: r.stake }]) });
    } catch (error) {
      if ((error as PitbossError).reason !== 'insufficient_funds') throw error;
      refused.push([i, error]); // refused as openRoundTx refuses it; the rounds around it go on
      continue;
    }
    postings.add({ key: `round:${r.roundId}:settle`, kind: 'settle', currency: r.currency, roundId: r.roundId, memo: { resolution: 'normal' },
      entries: settlementEntries(r.tableId, r.currency, [{ account: player, amount: r.stake, payout: r.payout }], contribution) });
    planned.push({
      i, r, hash: hashServerSeed(r.seeds.serverSeed),
      result: { player: r.player, stake: r.stake, payout: r.payout, balanceBefore: before, balanceAfter: postings.balance(player) },
    });
  }
  return { postings, planned, refused };
}

/** The round rows of the planned units (and their answered action keys), one statement per table, sent together. */
async function insertRoundRows(tx: Tx, ctx: RoundContext, P: Planned[]): Promise<void> {
  const steps = P.flatMap((p) => p.r.steps.map((s, k) => ({ id: p.r.roundId, seq: k + 1, s })));
  const keyed = P.filter((p) => p.r.key !== undefined);
  await Promise.all([
  insertAnsweredKeysTx(tx, keyed.map((p) => ({ player: p.r.player, key: p.r.key!.key, tableId: p.r.tableId, reply: answerOf(p.r, p.result.balanceAfter) })), keyTimes(ctx).now),
  tx.query(
    `INSERT INTO rounds (id, game, table_id, rules_version, currency, node_id, server_seed_hash, server_seed, client_seed, nonce, jackpot_pool, status, resolution, outcome, settled_at, seed_pair, seed_reveal, fence)
     SELECT id, game, t, rv, ccy, $1, h, ss, cs, n, jp, 'settled', 'normal', o, now(), sp, sr, f
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::jsonb[], $13::text[], $14::text[], $15::bigint[])
       AS u(id, game, t, rv, ccy, h, ss, cs, n, jp, o, sp, sr, f)`,
    [ctx.nodeId, col(P, (p) => p.r.roundId), col(P, (p) => p.r.game), col(P, (p) => p.r.tableId), col(P, (p) => p.r.rulesVersion), col(P, (p) => p.r.currency),
      col(P, (p) => p.hash), col(P, (p) => p.r.seeds.serverSeed), col(P, (p) => p.r.seeds.clientSeed), col(P, (p) => String(p.r.seeds.nonce)),
      col(P, (p) => p.r.jackpotPool ?? null), col(P, (p) => JSON.stringify(p.r.outcome ?? null)),
      col(P, (p) => p.r.seeds.pair ?? null), col(P, (p) => p.r.seeds.reveal ?? 'settled'), col(P, (p) => fenceText(ctx, p.r.tableId))]),
  tx.query(
    `INSERT INTO round_stakes (round_id, player_id, amount, bet, balance_before, account)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::jsonb[], $5::bigint[], $6::text[])`,
    [col(P, (p) => p.r.roundId), col(P, (p) => p.r.player), col(P, (p) => String(p.r.stake)), col(P, (p) => JSON.stringify(p.r.bet ?? {})),
      col(P, (p) => String(p.result.balanceBefore)), col(P, (p) => p.r.account ?? null)]),
  tx.query(
    `INSERT INTO round_actions (round_id, seq, action, events) SELECT * FROM unnest($1::text[], $2::int[], $3::jsonb[], $4::jsonb[])`,
    [col(steps, (x) => x.id), col(steps, (x) => x.seq), col(steps, (x) => JSON.stringify(x.s.action)), col(steps, (x) => JSON.stringify(x.s.events))]),
  tx.query(
    `INSERT INTO round_outcomes (round_id, outcome, payouts) SELECT * FROM unnest($1::text[], $2::jsonb[], $3::jsonb[])`,
    [col(P, (p) => p.r.roundId), col(P, (p) => JSON.stringify(p.r.outcome ?? null)), col(P, (p) => JSON.stringify({ [p.r.player]: p.r.payout }))]),
  tx.query(
    `INSERT INTO round_results (round_id, player_id, stake, payout, balance_before, balance_after)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])`,
    [col(P, (p) => p.r.roundId), col(P, (p) => p.r.player), col(P, (p) => String(p.r.stake)), col(P, (p) => String(p.r.payout)),
      col(P, (p) => String(p.result.balanceBefore)), col(P, (p) => String(p.result.balanceAfter))])]);
}

/** Plays a batch of instant rounds in `tx` with set-based SQL; see the file comment. */
/** `concurrent`: the store has several connections (PostgreSQL), so batches can wait on each other's locks. */
export async function playInstantBatchTx(tx: Tx, ctx: RoundContext, units: InstantRound[], concurrent = true): Promise<Array<SetOutcome<InstantResult>>> {
  // The batch plays a prefix of the units; from the first one it cannot play exactly (see
  // the file comment) to the end, units go alone and in order, so the result is always
  // that of consecutive transactions.
  const out: Array<SetOutcome<InstantResult>> = units.map(() => ({ ok: 'alone' }));
  let todo: number[] = [];
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const [i, r] of units.entries()) {
    try {
      validate(r);
    } catch (error) {
      out[i] = { ok: false, error };
      continue;
    }
    if (ids.has(r.roundId)) break; // a repeat of an earlier unit: a replay, answered alone
    const k = unitKey(r);
    if (k !== null && keys.has(k)) break; // one key at two tables: the second finds it taken, alone
    ids.add(r.roundId);
    if (k !== null) keys.add(k);
    todo.push(i);
  }
  if (todo.length === 0) return out;
  // Statements are sent together wherever none needs another's answer: the database runs
  // them in order, and the batch waits once instead of once each (a round trip through the
  // PGlite thread, or to the PostgreSQL server).
  const pairs = [...new Set(todo.map((i) => units[i].seeds.pair).filter((p): p is string => p !== undefined))].sort();
  const poolIds = [...new Set(todo.map((i) => units[i].jackpotPool).filter((p): p is string => typeof p === 'string'))].sort();
  // One connection (PGlite) has nobody to wait for: it locks the pools at once. Several
  // (PostgreSQL) lock them last; see below.
  const keyed = todo.map((i) => units[i]).filter((r) => r.key !== undefined).map((r) => ({ player: r.player, key: r.key!.key }));
  const [seenRows, currentPairs, poolRows, held] = await Promise.all([
    tx.query<{ id: string }>('SELECT id FROM rounds WHERE id = ANY($1::text[])', [[...ids]]),
    pairs.length > 0 ? tx.query<{ id: string }>('SELECT id FROM seed_pairs WHERE id = ANY($1::text[]) AND retired_at IS NULL ORDER BY id FOR SHARE', [pairs]) : [],
    poolIds.length > 0 ? tx.query<PoolRow>(`SELECT * FROM jackpot_pools WHERE id = ANY($1::text[]) ORDER BY id${concurrent ? '' : ' FOR UPDATE'}`, [poolIds]) : [],
    heldKeysTx(tx, keyed),
  ]);
  const seen = new Set(seenRows.map((x) => x.id));
  todo = prefix(todo, (i) => !seen.has(units[i].roundId));
  // A key with any row (answered, pending, expired) goes the careful way, alone (claimKeysTx).
  todo = prefix(todo, (i) => !held.has(unitKey(units[i]) ?? ''));
  // A round under a seed pair rotated meanwhile goes alone, where openRoundTx refuses it.
  const current = new Set(currentPairs.map((p) => p.id));
  todo = prefix(todo, (i) => units[i].seeds.pair === undefined || current.has(units[i].seeds.pair!));
  const known = new Set(poolRows.map((p) => p.id));
  todo = prefix(todo, (i) => units[i].jackpotPool === undefined || known.has(units[i].jackpotPool!));
  const used = new Set(todo.map((i) => units[i].jackpotPool).filter((p): p is string => typeof p === 'string'));
  const hot = poolRows.filter((p) => used.has(p.id)).flatMap((p) => [poolAccount(p.id, p.currency), overflowAccount(p.id, p.currency)]);
  const cold = [...new Set(todo.flatMap((i) => {
    const r = units[i];
    return [stakeAccount(r.player, r.currency, r.account), escrowAccount(r.tableId, r.currency), accountId('house', r.tableId, r.currency)];
  }))];

  let final: ReturnType<typeof plan>;
  if (!concurrent) {
    // The lock order every writer shares: pool row → accounts → audit head.
    final = plan(units, todo, byId(poolRows), cold, hot, await lockAccounts(tx, [...cold, ...hot]));
    if (final.planned.length > 0) await Promise.all([insertRoundRows(tx, ctx, final.planned), final.postings.write(tx)]);
  } else {
    // Locks, in this order: the accounts only this batch's tables and players use (wallets,
    // escrows, houses), then the hot rows every slots table shares (jackpot pool rows, then
    // their accounts), then the audit head. The hot rows are locked as late as possible, so a
    // batch holds them only for its money statements and its COMMIT: the round rows are
    // written before, from a plan made with the pools read unlocked, and the plan is made
    // again under the lock (planning is arithmetic, no I/O). Only a different cut — a hit
    // point reached in one plan and not the other — sends the rows back (savepoint) to be
    // written for the second plan. No deadlock with the step-by-step path, which takes a
    // pool before its house account: a table plays one round at a time, so that path and
    // this batch never hold the same table's accounts at once.
    const [coldRows, hotRead] = await Promise.all([lockAccounts(tx, cold), readAccounts(tx, hot)]);
    const first = plan(units, todo, byId(poolRows), cold, hot, new Map([...coldRows, ...hotRead]));
    if (first.planned.length > 0) await Promise.all([tx.query('SAVEPOINT instant_rows'), insertRoundRows(tx, ctx, first.planned)]);
    const [lockedPools, hotRows] = await Promise.all([
      used.size > 0 ? tx.query<PoolRow>('SELECT * FROM jackpot_pools WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [[...used].sort()]) : [],
      lockAccounts(tx, hot),
    ]);
    final = plan(units, todo, byId(lockedPools), cold, hot, new Map([...coldRows, ...hotRows]));
    const wrote = first.planned.length > 0;
    const stand = cutOf(first.planned) === cutOf(final.planned); // the rows written are the second plan's too
    if (wrote && !stand) await tx.query('ROLLBACK TO SAVEPOINT instant_rows');
    const writes: Array<Promise<unknown>> = [];
    if (wrote) writes.push(tx.query('RELEASE SAVEPOINT instant_rows'));
    if (final.planned.length > 0) {
      if (!stand) writes.push(insertRoundRows(tx, ctx, final.planned));
      writes.push(final.postings.write(tx));
    }
    await Promise.all(writes);
  }
  for (const [i, error] of final.refused) out[i] = { ok: false, error };
  if (final.planned.length === 0) return out;
  const P = final.planned;
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

/** The commit queue's writer of instant rounds: many at a time, what they hand back one by one. */
export function instantWriter(ctx: RoundContext, concurrent: boolean): SetWriter<InstantRound, InstantResult> {
  return { many: (tx, rounds) => playInstantBatchTx(tx, ctx, rounds, concurrent), one: (tx, r) => playInstantTx(tx, ctx, r) };
}
