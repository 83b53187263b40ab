// Writing and reading the round journal: open (stakes to escrow), actions, outcome.
import { claimKeysTx, defaultKeyTimes, putKeysTx, unclaimKeyTx, type KeyRef, type KeyState } from '../action_keys.ts';
import type { Store, Tx } from '../../store/types.ts';
import { PitbossError } from '../../errors.ts';
import { hashServerSeed } from '../../games/rng/fair.ts';
import { postTx } from '../post.ts';
import { amount, canonicalJson, currency } from '../money.ts';
import { stakeAccount, stakeEntries } from './entries.ts';
import type { OpenRoundRequest, Outcome, Payouts, RoundContext, RoundJournal, JournalStake, Seeds, SeedReveal, StepWrite } from './types.ts';

function validateOpen(req: OpenRoundRequest): void {
  for (const f of ['roundId', 'game', 'tableId', 'rulesVersion'] as const) {
    if (typeof req[f] !== 'string' || req[f].length === 0) throw new PitbossError('invalid_payload', `${f} is required`);
  }
  currency(req.currency);
  validateSeeds(req.seeds);
  if (!Array.isArray(req.stakes) || req.stakes.length === 0) throw new PitbossError('invalid_payload', 'a round needs stakes');
  const players = new Set<string>();
  for (const st of req.stakes) {
    amount(st.amount, 'stake');
    if (players.has(st.player)) throw new PitbossError('invalid_payload', `player ${st.player} staked twice`);
    players.add(st.player);
  }
}

export function validateSeeds(s: Seeds): void {
  if (!s || typeof s.serverSeed !== 'string' || typeof s.clientSeed !== 'string' || !Number.isSafeInteger(s.nonce) || s.nonce < 0) {
    throw new PitbossError('invalid_payload', 'seeds need serverSeed, clientSeed and a non-negative integer nonce');
  }
  if (s.reveal !== undefined && !['settled', 'retired', 'never'].includes(s.reveal)) throw new PitbossError('invalid_payload', `no seed reveal ${String(s.reveal)}`);
  if (s.reveal === 'retired' && s.pair === undefined) throw new PitbossError('invalid_payload', 'a seed revealed with its pair needs the pair');
}

/** When a round's server seed may be read (see SeedReveal); `pairRetired` from its seed pair. */
export function seedRevealed(r: { status: string; seed_reveal: SeedReveal; pair_retired: boolean | null }): boolean {
  if (r.seed_reveal === 'never') return false;
  if (r.seed_reveal === 'retired') return r.pair_retired === true;
  return r.status === 'settled';
}

/** Opens the round and moves every stake to the table's escrow, in one transaction. Idempotent by roundId. */
/** The journal row of a step that only staked, and its key's answer (StepWrite). */
async function writeStepTx(tx: Tx, roundId: string, step: StepWrite, claim: KeyRef | undefined, balance: number | undefined, times?: () => { now: string; cutoff: string }): Promise<void> {
  await Promise.all([
    appendActionTx(tx, roundId, step.journal.action, step.journal.events),
    step.answer && claim && balance !== undefined
      ? putKeysTx(tx, [{ ...claim, reply: { status: 'ok', response: { ...step.answer, balance } } }], (times?.() ?? defaultKeyTimes()).now)
      : null,
  ]);
}

/** Claims an act's key inside a money transaction; the state when someone holds it already, else null (ours now). */
async function claimInTx(tx: Tx, ref: KeyRef, times?: () => { now: string; cutoff: string }): Promise<KeyState | null> {
  const t = times?.() ?? defaultKeyTimes();
  const [state] = await claimKeysTx(tx, [ref], t.now, t.cutoff);
  return state!.type === 'new' ? null : state!;
}

export async function openRoundTx(tx: Tx, ctx: RoundContext, req: OpenRoundRequest): Promise<{ serverSeedHash: string; replayed: boolean; balances?: Record<string, number>; taken?: KeyState }> {
  validateOpen(req);
  const serverSeedHash = hashServerSeed(req.seeds.serverSeed);
  // The act's key first: held already, nothing opens (and the claim is this transaction's, so a refusal below frees it).
  const taken = req.claim ? await claimInTx(tx, req.claim, ctx.keyTimes) : null;
  if (taken) return { serverSeedHash, replayed: true, taken };
  if (req.seeds.pair !== undefined) await requireCurrentPair(tx, req.seeds.pair);
  const inserted = await tx.query(
    `INSERT INTO rounds (id, game, table_id, rules_version, currency, node_id, server_seed_hash, server_seed, client_seed, nonce, jackpot_pool, seed_pair, seed_reveal, fence)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [req.roundId, req.game, req.tableId, req.rulesVersion, req.currency, ctx.nodeId, serverSeedHash,
      req.seeds.serverSeed, req.seeds.clientSeed, req.seeds.nonce, req.jackpotPool ?? null, req.seeds.pair ?? null, req.seeds.reveal ?? 'settled',
      ctx.fenceOf?.(req.tableId) ?? null]);
  if (inserted.length === 0) {
    // A repeat of the same open is answered with the first result; another round under the same id is refused.
    const [r] = await tx.query<{ game: string; table_id: string; server_seed_hash: string }>('SELECT game, table_id, server_seed_hash FROM rounds WHERE id = $1', [req.roundId]);
    if (r.game !== req.game || r.table_id !== req.tableId || r.server_seed_hash !== serverSeedHash) {
      throw new PitbossError('invalid_payload', `round id ${req.roundId} is already used by another round`, { roundId: req.roundId });
    }
    if (req.claim) await unclaimKeyTx(tx, req.claim); // nothing done: the key is not this call's to hold
    return { serverSeedHash, replayed: true };
  }
  const posted = await postTx(tx, {
    key: `round:${req.roundId}:stake`, kind: 'stake', currency: req.currency, roundId: req.roundId,
    entries: stakeEntries(req.tableId, req.currency, req.stakes.map((st) => ({ account: stakeAccount(st.player, req.currency, st.account), amount: st.amount }))),
  });
  const after = new Map(posted.entries.map((e) => [e.account, e.balanceAfter]));
  const before = req.stakes.map((st) => after.get(stakeAccount(st.player, req.currency, st.account))! + st.amount);
  // Each staking account's balance after its stake: the caller tells the player without a read.
  const balances = Object.fromEntries(req.stakes.map((st, i) => [st.player, before[i]! - st.amount]));
  // Sent together, run in order: the stake rows, then the step's journal and answer.
  await Promise.all([
    tx.query(
      `INSERT INTO round_stakes (round_id, player_id, amount, bet, balance_before, account)
       SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::jsonb[], $5::bigint[], $6::text[])`,
      [req.roundId, req.stakes.map((s) => s.player), req.stakes.map((s) => String(s.amount)),
        req.stakes.map((s) => JSON.stringify(s.bet ?? {})), before.map(String), req.stakes.map((s) => s.account ?? null)]),
    req.step ? writeStepTx(tx, req.roundId, req.step, req.claim, balances[req.claim?.player ?? ''], ctx.keyTimes) : null,
  ]);
  return { serverSeedHash, replayed: false, balances };
}

/**
 * A round may be drawn only under a pair still in use: a retired pair's seed is public.
 * The share lock orders this against a rotation (which locks the pair for update).
 */
export async function requireCurrentPair(tx: Tx, pair: string): Promise<void> {
  const [p] = await tx.query<{ retired_at: Date | null }>('SELECT retired_at FROM seed_pairs WHERE id = $1 FOR SHARE', [pair]);
  if (!p) throw new PitbossError('invalid_payload', `no seed pair ${pair}`);
  if (p.retired_at !== null) throw new PitbossError('round_closed', 'the seed pair was rotated meanwhile; play again', { pair });
}

/**
 * Locks the round against settlement while an action is appended; returns its seq, and the
 * balance of `balanceOf` (an account id) as the same statement read it — the caller's reply
 * needs the actor's balance, and a second statement would be a second round trip.
 * One statement, so it needs no transaction of its own (Rounds.appendAction).
 */
export async function appendActionTx(tx: Tx, roundId: string, action: unknown, events: unknown[] = [], balanceOf: string | null = null): Promise<{ seq: number; balance: number | null }> {
  const [row] = await tx.query<{ seq: number; balance: number | null }>(
    `WITH r AS (SELECT id FROM rounds WHERE id = $1 AND status = 'open' FOR SHARE),
     ins AS (INSERT INTO round_actions (round_id, seq, action, events)
       SELECT r.id, (SELECT coalesce(max(seq), 0) + 1 FROM round_actions WHERE round_id = $1), $2, $3 FROM r RETURNING seq)
     SELECT ins.seq, (SELECT balance FROM accounts WHERE id = $4::text) AS balance FROM ins`,
    [roundId, JSON.stringify(action), JSON.stringify(events), balanceOf]);
  if (row) return { seq: row.seq, balance: balanceOf === null ? null : (row.balance ?? 0) };
  const [r] = await tx.query<{ status: string }>('SELECT status FROM rounds WHERE id = $1', [roundId]);
  if (!r) throw new PitbossError('not_found', `no round ${roundId}`);
  throw new PitbossError('round_closed', undefined, { roundId });
}

export function validatePayouts(payouts: Payouts, stakes: { player: string }[]): void {
  const players = new Set(stakes.map((s) => s.player));
  for (const [p, v] of Object.entries(payouts)) {
    if (!players.has(p)) throw new PitbossError('invalid_payload', `payout to ${p}, who has no stake in the round`);
    amount(v, `payout to ${p}`, { zero: true });
  }
}

/**
 * Journals the determined outcome (once). From here on recovery completes the round
 * instead of refunding it. Recording the same outcome again is a no-op.
 */
export async function recordOutcomeTx(tx: Tx, roundId: string, o: Outcome, stakes: { player: string }[]): Promise<void> {
  validatePayouts(o.payouts, stakes);
  const ins = await tx.query(
    'INSERT INTO round_outcomes (round_id, outcome, payouts) VALUES ($1, $2, $3) ON CONFLICT (round_id) DO NOTHING RETURNING round_id',
    [roundId, JSON.stringify(o.outcome ?? null), JSON.stringify(o.payouts)]);
  if (ins.length > 0) return;
  const [prev] = await tx.query<{ outcome: unknown; payouts: Payouts }>('SELECT outcome, payouts FROM round_outcomes WHERE round_id = $1', [roundId]);
  if (canonicalJson(prev) !== canonicalJson({ outcome: o.outcome ?? null, payouts: o.payouts })) {
    throw new PitbossError('round_closed', 'a different outcome is already recorded for this round', { roundId });
  }
}

type RoundRow = {
  id: string; game: string; table_id: string; rules_version: string; currency: string; node_id: string; status: 'open' | 'settled';
  resolution: RoundJournal['resolution']; server_seed_hash: string; server_seed: string; client_seed: string; nonce: number;
  jackpot_pool: string | null; outcome: unknown; opened_at: Date; settled_at: Date | null;
  seed_pair: string | null; seed_reveal: SeedReveal; pair_retired: boolean | null;
};

/** The whole journal of a round; the server seed as its reveal rule says (seedRevealed), or always with `reveal` (staff replay). */
export async function loadJournal(db: Tx | Store, roundId: string, reveal = false): Promise<RoundJournal | null> {
  const [r] = await db.query<RoundRow>(
    `SELECT r.*, p.retired_at IS NOT NULL AS pair_retired FROM rounds r LEFT JOIN seed_pairs p ON p.id = r.seed_pair WHERE r.id = $1`, [roundId]);
  if (!r) return null;
  const stakes = await db.query<{ player_id: string; amount: number; bet: unknown; balance_before: number }>(
    'SELECT player_id, amount, bet, balance_before FROM round_player_stakes WHERE round_id = $1 ORDER BY player_id', [roundId]);
  const actions = await db.query<{ seq: number; action: unknown; events: unknown[]; created_at: Date }>(
    'SELECT seq, action, events, created_at FROM round_actions WHERE round_id = $1 ORDER BY seq', [roundId]);
  const [rec] = await db.query<{ outcome: unknown; payouts: Payouts }>('SELECT outcome, payouts FROM round_outcomes WHERE round_id = $1', [roundId]);
  const results = await db.query<{ player_id: string; stake: number; payout: number; balance_before: number; balance_after: number }>(
    'SELECT * FROM round_results WHERE round_id = $1 ORDER BY player_id', [roundId]);
  return {
    id: r.id, game: r.game, tableId: r.table_id, rulesVersion: r.rules_version, currency: r.currency, nodeId: r.node_id,
    status: r.status, resolution: r.resolution, serverSeedHash: r.server_seed_hash,
    serverSeed: reveal || seedRevealed(r) ? r.server_seed : null,
    clientSeed: r.client_seed, nonce: r.nonce, seedPair: r.seed_pair, seedReveal: r.seed_reveal, jackpotPool: r.jackpot_pool,
    stakes: stakes.map((s): JournalStake => ({ player: s.player_id, amount: s.amount, bet: s.bet, balanceBefore: s.balance_before })),
    actions: actions.map((a) => ({ seq: a.seq, action: a.action, events: a.events, at: a.created_at })),
    recorded: rec ? { outcome: rec.outcome, payouts: rec.payouts } : null,
    results: results.map((x) => ({ player: x.player_id, stake: x.stake, payout: x.payout, balanceBefore: x.balance_before, balanceAfter: x.balance_after })),
    openedAt: r.opened_at, settledAt: r.settled_at,
  };
}

/**
 * Moves one more stake of a player into the open round's escrow (a double, a split, a
 * second bet), in one transaction with its journal row. Idempotent by `key`: the same
 * key moves nothing again. A player new to the round gets its round_stakes row here.
 */
export async function addStakeTx(
  tx: Tx, roundId: string, st: { player: string; amount: number; bet?: unknown; key: string; account?: string; claim?: KeyRef; step?: StepWrite },
  fenceOf?: (tableId: string) => number | null, keyTimes?: () => { now: string; cutoff: string },
): Promise<{ replayed: boolean; balanceAfter?: number; taken?: KeyState }> {
  amount(st.amount, 'stake');
  if (typeof st.key !== 'string' || st.key.length === 0 || st.key.length > 200) throw new PitbossError('invalid_payload', 'a stake needs a key');
  // Sent together: the act's key claim (openRoundTx) and the round's row.
  const [taken, [r]] = await Promise.all([
    st.claim ? claimInTx(tx, st.claim, keyTimes) : null,
    tx.query<{ status: string; table_id: string; currency: string }>('SELECT status, table_id, currency FROM rounds WHERE id = $1 FOR SHARE', [roundId]),
  ]);
  if (taken) return { replayed: true, taken };
  if (!r) throw new PitbossError('not_found', `no round ${roundId}`);
  // Cluster mode: only the table's current owner stakes into its round (migration 108) —
  // a node that holds no token for a claimed table (null) is refused too.
  if (fenceOf !== undefined) await tx.query('SELECT pitboss_fence_assert($1, $2::bigint)', [r.table_id, fenceOf(r.table_id)]);
  if (r.status !== 'open') throw new PitbossError('round_closed', undefined, { roundId });
  // A player already in the round keeps staking from the account of their first stake.
  const [first] = await tx.query<{ account: string | null }>('SELECT account FROM round_stakes WHERE round_id = $1 AND player_id = $2', [roundId, st.player]);
  const player = stakeAccount(st.player, r.currency, first ? first.account : st.account);
  const posted = await postTx(tx, {
    key: `round:${roundId}:add:${st.key}`, kind: 'stake', currency: r.currency, roundId,
    entries: stakeEntries(r.table_id, r.currency, [{ account: player, amount: st.amount }]),
  });
  if (posted.replayed) {
    if (st.claim) await unclaimKeyTx(tx, st.claim); // nothing done: the key is not this call's to hold
    return { replayed: true };
  }
  const after = posted.entries.find((e) => e.account === player)!.balanceAfter;
  // Sent together, run in order: the stake's row, then the step's journal and answer.
  await Promise.all([
    !first
      ? tx.query('INSERT INTO round_stakes (round_id, player_id, amount, bet, balance_before, account) VALUES ($1, $2, $3, $4, $5, $6)',
        [roundId, st.player, st.amount, JSON.stringify(st.bet ?? {}), after + st.amount, st.account ?? null])
      : tx.query(
        `INSERT INTO round_stake_adds (round_id, seq, player_id, amount, bet)
         SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4 FROM round_stake_adds WHERE round_id = $1`,
        [roundId, st.player, st.amount, JSON.stringify(st.bet ?? {})]),
    st.step ? writeStepTx(tx, roundId, st.step, st.claim, after, keyTimes) : null,
  ]);
  return { replayed: false, balanceAfter: after };
}
