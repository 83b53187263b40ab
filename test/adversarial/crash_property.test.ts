// Property: a crash is never a way to change an outcome. For random blackjack and hold'em
// scripts — legal and illegal actions mixed, a refused action is simply refused — the
// table is killed (exit(pid, 'kill'), as a crash) at a random point of its round: right
// after its k-th round write to the ledger (the opening stakes, a further stake, a journal
// step — a bet's stake and journal step are one write) or its k-th added stake (a double, split, insurance, call, raise), or, when the
// script runs out first, between two actions. Its supervisor restarts it, and its init
// completes the round from the journal with the turn clock's defaults. The settlement must
// be exactly the same round played without the crash and continued with the defaults from
// that point, as an INDEPENDENT oracle computes it (the pure engines fed the round's
// revealed seeds, the actions the table accepted, then stand / decline insurance /
// check-or-fold; crash_oracles.ts). The act the table died under counts if its step
// reached the journal. Checked after every run:
//   - each player's stake and payout in the ledger, and the round's resolution (refunded
//     only where nothing was drawn: blackjack still betting, hold'em blinds not journaled);
//   - a stake that reached escrow while its action never reached the journal comes back
//     (that action did not happen; its reply was an error);
//   - wallets, table chips and the restarted table's stacks and seats follow;
//   - the ledger balances (sum 0) and no round is left open.
// The crashed incarnation never runs another line (its ledger call never returns), as
// when a process dies. The tables run in-process under the production TableManager and
// DynamicSupervisor on an in-memory PGlite ledger, driven with the messages the table
// channel sends (payloads parsed with the same parseAct). The server seed is random, so a
// failure's message carries the round's seeds beside fast-check's seed and counterexample.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DynamicSupervisor, GenServer, call, exit, start, stop, type Pid } from '../../src/runtime/index.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/types.ts';
import { Ledger } from '../../src/ledger/index.ts';
import { casinoReplayers } from '../../src/casino/adapters/replayers.ts';
import { blackjackGame } from '../../src/casino/adapters/blackjack.ts';
import { holdemGame } from '../../src/casino/adapters/holdem.ts';
import { TableManager } from '../../src/casino/tables/manager.ts';
import { parseAct } from '../../src/casino/tables/actions.ts';
import type { RoomCall, RoomReply } from '../../src/casino/tables/room.ts';
import { unwrap as roomResult } from '../../src/casino/tables/reply.ts';
import { chipsAccount } from '../../src/casino/tables/chips.ts';
import type { TableGame } from '../../src/casino/tables/types.ts';
import { CURRENCY } from '../../src/casino/currency.ts';
import { PitbossError } from '../../src/errors.ts';
import { EncodedJson, LocalPubSub, type JsonObject } from '../../src/wire/index.ts';
import { blackjackOracle, holdemOracle, type Act, type Expected } from './crash_oracles.ts';

const WALLET = 100_000;
/** fast-check runs per game (CRASH_PROP_RUNS for a longer hunt). */
const runs = (n: number) => Number(process.env['CRASH_PROP_RUNS'] ?? n);
const never = new Promise<never>(() => {});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where the crash comes: right after the round's n-th write, or after its n-th added stake (a double, a raise…). */
type Plan = { after: 'write' | 'stake'; n: number };

/** One run's crash plan, and what the table wrote of its round before it. */
class Crash {
  writes = 0;
  stakes = 0;
  roundId: string | null = null;
  /** the incarnation that was killed */
  crashed: Pid | null = null;
  settled = false;
  /** the journaled inputs of the round, in order */
  readonly journal: Array<{ type?: string; playerId?: string; payload?: JsonObject }> = [];
  /** stakes committed since the last journal step: their action is not in the journal */
  unjournaled: Record<string, number> = {};
  readonly #waiters = new Set<() => void>();
  readonly tableId: string;
  readonly plan: Plan;
  constructor(tableId: string, plan: Plan) {
    this.tableId = tableId;
    this.plan = plan;
  }
  notify(): void {
    for (const w of this.#waiters) w();
  }
  until(what: string, pred: () => boolean, ms = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!pred()) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => { this.#waiters.delete(check); reject(new Error(`timed out waiting for ${what}`)); }, ms);
      this.#waiters.add(check);
      check();
    });
  }
}

/** A spectator process: keeps the last personal state the table pushed to it. */
class Watcher extends GenServer<{ last: any }> {
  private box!: { last: any };
  override init(box: { last: any }): void {
    this.box = box;
  }
  override handleInfo(msg: unknown): void {
    const m = msg as { type?: string; event?: string; payload?: unknown };
    // A table sends its View encoded once for all its members (tables/views.ts).
    if (m.type === 'push' && m.event === 'state') this.box.last = m.payload instanceof EncodedJson ? JSON.parse(m.payload.json) : m.payload;
  }
}

const ROUND_WRITES = new Set(['open', 'addStake', 'appendAction', 'recordOutcome', 'settle']);

/**
 * The ledger the tables get: the real one, except that the round writes of the current
 * run are watched, and after the planned one commits the table is killed and that call
 * never returns. Once the round under test is open, the table opens no other (hold'em's
 * next hand would move the stacks under comparison).
 */
function crashable(ledger: Ledger, current: () => Crash | null, lookup: (id: string) => Pid | undefined): Ledger {
  const rounds = new Proxy(ledger.rounds, {
    get(target, prop) {
      const fn = Reflect.get(target, prop) as unknown;
      if (typeof fn !== 'function') return fn;
      if (!ROUND_WRITES.has(prop as string)) return fn.bind(target);
      return async (...args: any[]) => {
        const c = current();
        const roundId = prop === 'open' ? args[0].roundId : args[0];
        if (c && prop === 'open' && c.roundId !== null) return never;
        const r = await (fn as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (!c || c.crashed || (c.roundId !== null && roundId !== c.roundId)) return r;
        if (prop === 'open') c.roundId = roundId;
        if (prop === 'settle') { // not a crash point: after it there is no round left to resolve
          c.settled = true;
          c.notify();
          return r;
        }
        if (prop === 'addStake') c.unjournaled[args[1].player] = (c.unjournaled[args[1].player] ?? 0) + args[1].amount;
        // A step that only staked is journaled in its stake's own transaction (StepWrite): one write, both facts.
        const step = prop === 'open' ? args[0].step : prop === 'addStake' ? args[1].step : undefined;
        if (prop === 'appendAction' || step !== undefined) {
          c.journal.push(prop === 'appendAction' ? args[1] : step.journal.action);
          c.unjournaled = {};
        }
        c.notify();
        c.writes++;
        if (prop === 'addStake') c.stakes++;
        if ((c.plan.after === 'write' ? c.writes : prop === 'addStake' ? c.stakes : -1) !== c.plan.n) return r;
        c.crashed = lookup(c.tableId)!;
        exit(c.crashed, 'kill');
        c.notify();
        return never;
      };
    },
  });
  return Object.defineProperty(Object.create(ledger), 'rounds', { value: rounds }) as Ledger;
}

describe('a table crash at any step of a round', () => {
  let store: Store;
  let ledger: Ledger;
  let sup: Pid;
  let tables: TableManager;
  let watcher: Pid;
  const seen = { last: null as any };
  let current: Crash | null = null;
  let n = 0;

  before(async () => {
    store = await openStore({ kind: 'pglite-memory' });
    ledger = new Ledger(store, { groupCommit: true, replayers: await casinoReplayers() });
    sup = await DynamicSupervisor.start({});
    tables = new TableManager({
      supervisor: sup, ledger: crashable(ledger, () => current, (id) => tables.lookup(id)), pubsub: new LocalPubSub(),
      games: { blackjack: blackjackGame, holdem: holdemGame }, graceMs: 600_000, idleMs: 600_000,
    });
    watcher = await start(Watcher, seen);
  });
  after(async () => {
    await stop(sup, 'shutdown');
    await stop(watcher, 'normal');
    await store.close();
  });

  const roomCall = (id: string, msg: RoomCall) => call<RoomReply>(tables.lookup(id)!, msg, 10_000);
  const view = async (id: string): Promise<any> =>
    roomResult<{ state: any }>(await roomCall(id, { type: 'join', playerId: 'watcher', name: 'watcher', pid: watcher })).state;

  async function newPlayers(count: number): Promise<string[]> {
    const run = ++n;
    const ids = Array.from({ length: count }, (_, i) => `p${run}_${i}`);
    for (const p of ids) await ledger.wallet.deposit({ player: p, currency: CURRENCY, amount: WALLET, key: `fund:${p}` });
    return ids;
  }

  /** Plays the script until the round settles or the table dies; then the crash, if it has not come yet. */
  async function play(id: string, c: Crash, game: TableGame<unknown>, players: string[],
    script: Array<{ mine: boolean; other: number; payload: JsonObject }>, actor: (state: any) => string | undefined) {
    const accepted: Act[] = [];
    let inflight: Act | null = null;
    for (const st of script) {
      if (c.crashed || c.settled) break;
      let payload: JsonObject & { action: string };
      try {
        payload = parseAct(game, st.payload).action;
      } catch (err) {
        if (err instanceof PitbossError) continue; // refused at the channel
        throw err;
      }
      const playerId = (st.mine ? actor(await view(id)) : undefined) ?? players[st.other % players.length]!;
      const act = { playerId, payload } as Act;
      try {
        if ((await roomCall(id, { type: 'act', playerId, payload, key: null })).ok) accepted.push(act);
      } catch (err) {
        if (!c.crashed) throw err;
        inflight = act; // the table died under this act
        break;
      }
    }
    if (c.roundId === null) return null; // every opening bet was refused: no round, nothing to crash
    if (!c.crashed && !c.settled) {
      c.crashed = tables.lookup(id)!;
      exit(c.crashed, 'kill');
    }
    if (c.crashed) {
      const until = Date.now() + 5000;
      while (tables.lookup(id) === undefined || tables.lookup(id) === c.crashed) {
        assert.ok(Date.now() < until, 'the table restarted');
        await sleep(2);
      }
    }
    // The act the table died under counts if its step reached the journal (then the clock plays on from it).
    const journaled = c.journal.filter((a) => a.type === 'act').map((a) => ({ playerId: a.playerId, payload: a.payload }));
    const acts = inflight && journaled.length === accepted.length + 1 ? [...accepted, inflight] : accepted;
    assert.deepEqual(journaled, acts, 'the journal holds exactly the accepted actions');
    return acts;
  }

  /** The round's settlement in the ledger against the oracle's. */
  async function settlement(c: Crash, expected: Expected, players: string[]) {
    const j = (await ledger.rounds.getRevealed(c.roundId!))!;
    const seeds = { serverSeed: j.serverSeed!, clientSeed: j.clientSeed, nonce: j.nonce };
    const ctx = `seeds ${JSON.stringify(seeds)}; crash ${c.crashed ? `after write ${c.writes}` : 'none'} (${JSON.stringify(c.plan)})`;
    assert.equal(j.status, 'settled', ctx);
    const got = Object.fromEntries(j.results.map((x) => [x.player, { stake: x.stake, payout: x.payout }]));
    if (expected.refund) {
      assert.equal(j.resolution, 'refunded', ctx);
      for (const x of j.results) assert.equal(x.payout, x.stake, `${ctx}: ${x.player} refunded`);
    } else {
      assert.equal(j.resolution, c.crashed ? 'completed' : 'normal', ctx);
      const back = c.crashed ? c.unjournaled : {};
      const want: Record<string, { stake: number; payout: number }> = {};
      for (const p of players) {
        const stake = (expected.stake[p] ?? 0) + (back[p] ?? 0);
        if (stake > 0) want[p] = { stake, payout: (expected.payout[p] ?? 0) + (back[p] ?? 0) };
      }
      assert.deepEqual(got, want, `${ctx}: stakes and payouts`);
    }
    const check = await ledger.check();
    assert.deepEqual([check.sum, check.open_rounds, check.ok], [0, 0, true], `${ctx}: ledger check`);
    return { j, seeds, ctx };
  }

  /** Leaves the table idle and stops it (a table held on its never-answered next hand is killed first). */
  async function close(id: string, c: Crash) {
    current = null;
    const pid = tables.lookup(id)!;
    if (!c.crashed) {
      exit(pid, 'kill');
      while (tables.lookup(id) === undefined || tables.lookup(id) === pid) await sleep(2);
    }
    await DynamicSupervisor.terminateChild(sup, tables.lookup(id)!);
  }

  const plan = (writes: number): fc.Arbitrary<Plan> => fc.oneof(
    { weight: 2, arbitrary: fc.integer({ min: 1, max: writes }).map((n) => ({ after: 'write' as const, n })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((n) => ({ after: 'stake' as const, n })) },
  );
  const who = fc.record({ mine: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), other: fc.nat(7) });

  it('blackjack: settles as the same round continued by the clock from the crash point', { timeout: 120_000 }, async () => {
    const move = fc.record({
      who,
      action: fc.constantFrom('hit', 'hit', 'hit', 'stand', 'stand', 'double', 'double', 'double', 'split', 'split', 'insurance', 'insurance', 'insurance', 'no_insurance', 'surrender', 'bet'),
      amount: fc.integer({ min: 1, max: 10 }).map((x) => x * 100),
      junk: fc.integer({ min: 0, max: 19 }).map((x) => x === 0), // a stray field: refused at the channel
    }).map(({ who: w, action, amount, junk }) => ({ ...w, payload: action === 'bet' || junk ? { action, amount } : { action } }));
    const bet = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 50 }).map((x) => x * 100) }, { weight: 1, arbitrary: fc.constantFrom(50, 150.5, 60_000) });
    // Often a staked move first, while it is still legal (a double on two cards, insurance on offer).
    const lead = fc.option(fc.constantFrom('double', 'double', 'insurance', 'split'), { freq: 2 });
    const spec = fc.record({ bets: fc.array(bet, { minLength: 1, maxLength: 3 }), lead, moves: fc.array(move, { maxLength: 10 }), crash: plan(16) });

    await fc.assert(fc.asyncProperty(spec, async ({ bets, lead, moves, crash }) => {
      const players = await newPlayers(bets.length);
      const id = `bj-crash-${n}`;
      await tables.create('blackjack', { id, ephemeral: false, options: { turn_ms: 600_000, betting_ms: 600_000 } });
      for (const p of players) roomResult(await roomCall(id, { type: 'sit', playerId: p, name: p }));
      // A stake plan counts the stakes of play (doubles, splits, insurance), not the other players' bets.
      const c = (current = new Crash(id, crash.after === 'stake' ? { after: 'stake', n: crash.n + bets.length - 1 } : crash));
      const script = [...bets.map((amount, i) => ({ mine: false, other: i, payload: { action: 'bet', amount } })),
        ...(lead === null ? [] : [{ mine: true, other: 0, payload: { action: lead } }]), ...moves];
      // The player the table waits for: whose turn it is, or the first undecided on insurance.
      const actor = (s: any) => {
        const g = s.game;
        const seat = g.tag === 'playing' ? g.turn.seat : g.tag === 'insurance' ? g.seats.find((x: any) => x.insurance === undefined)?.seat : undefined;
        return g.seats?.find((x: any) => x.seat === seat)?.player_id as string | undefined;
      };
      const acts = await play(id, c, blackjackGame, players, script, actor);
      if (acts === null) {
        for (const p of players) assert.equal(await ledger.wallet.playerBalance(p, CURRENCY), WALLET);
        return close(id, c);
      }
      const j0 = (await ledger.rounds.getRevealed(c.roundId!))!;
      const expected = blackjackOracle({ serverSeed: j0.serverSeed!, clientSeed: j0.clientSeed, nonce: j0.nonce }, players, acts);
      const { ctx } = await settlement(c, expected, players);
      for (const p of players) {
        const net = expected.refund ? 0 : (expected.payout[p] ?? 0) - (expected.stake[p] ?? 0);
        assert.equal(await ledger.wallet.playerBalance(p, CURRENCY), WALLET + net, `${ctx}: ${p}'s wallet`);
      }
      // A completed round gives the restarted table its seats back.
      if (c.crashed && !expected.refund) assert.deepEqual((await view(id)).seats.map((s: any) => s.player_id), players, `${ctx}: seats`);
      await close(id, c);
    }), { numRuns: runs(25), endOnFailure: true });
  });

  it("hold'em: settles as the same hand continued by the clock from the crash point", { timeout: 120_000 }, async () => {
    const move = fc.record({
      who,
      action: fc.constantFrom('fold', 'check', 'check', 'call', 'call', 'call', 'bet', 'raise', 'raise', 'all_in'),
      amount: fc.oneof(fc.integer({ min: 1, max: 12_000 }), fc.constantFrom(200, 300, 400, 600, 1000, 2000)),
    }).map(({ who: w, action, amount }) => ({ ...w, payload: action === 'bet' || action === 'raise' ? { action, amount } : { action } }));
    const spec = fc.record({
      buyIns: fc.array(fc.integer({ min: 20, max: 100 }).map((x) => x * 100), { minLength: 2, maxLength: 4 }),
      moves: fc.array(move, { maxLength: 16 }),
      crash: plan(22),
    });

    await fc.assert(fc.asyncProperty(spec, async ({ buyIns, moves, crash }) => {
      const players = await newPlayers(buyIns.length);
      const id = `he-crash-${n}`;
      await tables.create('holdem', { id, ephemeral: false, seats: 6, options: { turn_ms: 600_000, hand_delay_ms: 50 } });
      await view(id); // the watcher joins, to see the states the table pushes
      const c = (current = new Crash(id, crash));
      // All sits queue before the hand's timer can fire (a message behind them), so all are dealt in.
      await Promise.all(players.map((p, i) => roomCall(id, { type: 'sit', playerId: p, name: p, buyIn: buyIns[i]! }).then(roomResult)));
      await c.until('the deal, or the crash', () => c.crashed !== null || c.journal.length >= 2);
      const actor = (s: any) => s.seats.find((x: any) => x.seat === s.game.hand?.to_act)?.player_id as string | undefined;
      const acts = await play(id, c, holdemGame, players, moves, actor);
      assert.ok(acts, 'the hand opened');
      const j0 = (await ledger.rounds.getRevealed(c.roundId!))!;
      const seated = players.map((p, i) => ({ seat: i, playerId: p, stack: buyIns[i]! }));
      const expected = holdemOracle({ serverSeed: j0.serverSeed!, clientSeed: j0.clientSeed, nonce: j0.nonce }, 6, seated, acts, c.journal.length > 0);
      const { ctx } = await settlement(c, expected, players);
      for (const [i, p] of players.entries()) {
        const net = expected.refund ? 0 : (expected.payout[p] ?? 0) - (expected.stake[p] ?? 0);
        assert.equal(await ledger.wallet.playerBalance(p, CURRENCY), WALLET - buyIns[i]!, `${ctx}: ${p}'s wallet`);
        assert.equal(await ledger.wallet.balance(chipsAccount(id, p)), buyIns[i]! + net, `${ctx}: ${p}'s chips`);
      }
      // The table's stacks: as the settling step left them, or as the restarted table took them back.
      if (!expected.refund) {
        const state = c.crashed ? await view(id) : seen.last;
        assert.deepEqual(state.game.stacks, expected.stacks, `${ctx}: the table's stacks`);
        assert.deepEqual(state.seats.map((s: any) => s.player_id), players, `${ctx}: seats`);
      }
      await close(id, c);
    }), { numRuns: runs(20), endOnFailure: true });
  });
});
