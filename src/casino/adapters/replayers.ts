// Replayers for table rounds: re-run a round from its journal (seeds, stakes, journaled
// inputs) and return what it produced, so `pitboss replay` can check a recorded outcome
// and recovery can complete a round the journal already decides. They read the journal
// the way the adapters wrote it (tables/effects.ts journals every input within an open round).
import { FairRng } from '../../games/rng/fair.ts';
import { machineFromOption, playRound, spinReply } from '../../games/slots/index.ts';
import * as roulette from '../../games/roulette/index.ts';
import * as baccarat from '../../games/baccarat/index.ts';
import { Replayers, type Replayer, type ReplayResult, type RoundJournal } from '../../ledger/index.ts';
import type { Effect, GameContext, Input, Seat, SteppedGame, TableConfig } from '../tables/types.ts';
import { blackjackGame } from './blackjack.ts';
import { holdemGame } from './holdem.ts';

const rngOf = (j: RoundJournal) => new FairRng({ serverSeed: j.serverSeed!, clientSeed: j.clientSeed, nonce: j.nonce });

/** Every bet list a betting-round game received, by player, from the journaled `bet` acts. */
function betLists(j: RoundJournal): Array<{ player: string; bets: unknown }> {
  const out: Array<{ player: string; bets: unknown }> = [];
  for (const a of j.actions) {
    const input = a.action as { type?: string; playerId?: string; payload?: { action?: string; bets?: unknown } };
    if (input.type === 'act' && input.payload?.action === 'bet') out.push({ player: input.playerId!, bets: input.payload.bets });
  }
  return out;
}

const noEvents = (j: RoundJournal) => j.actions.map((a) => a.events);

/**
 * Was the draw triggered (a spin, a deal, the betting window's close)? Only then is the
 * outcome the round's; before it, an interrupted round has won nothing yet and recovery
 * returns the stakes.
 */
const drawTriggered = (j: RoundJournal) => j.status === 'settled' || j.actions.some((a) => (a.events as Array<{ type?: string }>).some((e) => e.type === 'betting_closed'));
const notYet = (j: RoundJournal): ReplayResult => ({ final: false, outcome: null, payouts: {}, events: noEvents(j) });

export function slotsReplayer(j: RoundJournal): ReplayResult {
  const stake = j.stakes[0]!;
  const bet = stake.bet as { spin: number; machine?: string };
  const played = playRound(machineFromOption(bet.machine), bet.spin, rngOf(j));
  if (!played.ok) return { final: false, outcome: null, payouts: {}, events: [] };
  return { final: true, outcome: spinReply(played.state), payouts: { [stake.player]: played.state.win }, events: noEvents(j) };
}

export function rouletteReplayer(j: RoundJournal): ReplayResult {
  if (!drawTriggered(j)) return notYet(j);
  const number = rngOf(j).int(37);
  const payouts: Record<string, number> = {};
  for (const { player, bets } of betLists(j)) {
    const parsed = roulette.parseBets(0, bets);
    if (!Array.isArray(parsed)) continue;
    payouts[player] = (payouts[player] ?? 0) + parsed.reduce((t, b) => t + roulette.returnOf(b, number), 0);
  }
  return { final: true, outcome: { number }, payouts, events: noEvents(j) };
}

export function baccaratReplayer(j: RoundJournal): ReplayResult {
  if (!drawTriggered(j)) return notYet(j);
  const coup = baccarat.dealCoup(rngOf(j));
  const payouts: Record<string, number> = {};
  for (const { player, bets } of betLists(j)) {
    const parsed = baccarat.parseBets(0, bets);
    if (!Array.isArray(parsed)) continue;
    payouts[player] = (payouts[player] ?? 0) + parsed.reduce((t, b) => t + baccarat.returnOf(b.on, b.amount, coup), 0);
  }
  return { final: true, outcome: baccarat.outcomeOf(coup), payouts, events: noEvents(j) };
}

/** What a table takes back after its interrupted round was completed: its seats and the game's state. */
export interface ResumedTable {
  seats: Seat[];
  state: unknown;
}

export function isResumedTable(v: unknown): v is ResumedTable {
  return typeof v === 'object' && v !== null && Array.isArray((v as ResumedTable).seats) && 'state' in v;
}

/** The most default steps an interrupted round may take (every game ends far sooner). */
const MAX_DEFAULT_STEPS = 1000;

/**
 * A game state as journaled. Journals written before the code settled on one
 * discriminant key name a state's phase `tag` (blackjack's `betting`, hold'em's street);
 * read them as `type`, so rounds journaled by an older version still replay and recover.
 */
export function journaledState(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(journaledState);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k === 'tag' && !('type' in v) ? 'type' : k] = journaledState(x);
  return out;
}

/**
 * A round replayed through its game's own adapter: start from the state journaled with the
 * opening step, feed every journaled input in order (the opening one without an Rng, as
 * the table did, the rest with the round's stream), and read the settlement the adapter
 * asks for. A journal that ends before it is an interrupted round: it is played on with
 * the turn clock's defaults (`game.clock`) — the same decisions the table would have taken
 * for an absent player — so a crash never changes an outcome. Only where the clock has
 * nothing to do (no card drawn yet) is the round left undecided, and then refunded.
 */
export function adapterReplayer(game: SteppedGame<any>): Replayer {
  return (j) => {
    const open = j.actions[0]?.action as { table?: { config: TableConfig; seats: Seat[]; state?: unknown } } | undefined;
    if (!open?.table || open.table.state === undefined) return notYet(j);
    const ctx: GameContext = { config: open.table.config, seats: new Map(open.table.seats.map((x) => [x.seat, x])), roundId: j.id };
    const rng = rngOf(j);
    let state = journaledState(open.table.state);
    const events: unknown[][] = [];
    // What the replayed steps staked, by player. The table moves a stake to escrow before
    // it journals the step that asked for it; a table that died between the two left a
    // stake whose action never happened (its reply was an error, the clock played on
    // without it): that stake goes back to the player instead of staying with the house.
    const staked: Record<string, number> = {};
    const stakesOf = (effects: Effect[]) => {
      for (const e of effects) {
        for (const st of e.type === 'open_round' ? e.stakes : e.type === 'add_stake' ? [e.stake] : []) staked[st.playerId] = (staked[st.playerId] ?? 0) + st.amount;
      }
    };
    const done = (outcome: unknown, payouts: Record<string, number>, defaults: number): ReplayResult => {
      const returned: Record<string, number> = {};
      for (const st of j.stakes) if (st.amount > (staked[st.player] ?? 0)) returned[st.player] = st.amount - (staked[st.player] ?? 0);
      const paid = { ...payouts };
      for (const [p, x] of Object.entries(returned)) paid[p] = (paid[p] ?? 0) + x;
      const extra = { ...(defaults > 0 ? { completed_by_clock: defaults } : {}), ...(Object.keys(returned).length > 0 ? { returned } : {}) };
      return { final: true, outcome: Object.keys(extra).length > 0 ? { ...(outcome as object), ...extra } : outcome, payouts: paid, events,
        resume: { seats: open.table!.seats, state } satisfies ResumedTable };
    };
    let next: Input | null = null;
    for (const [i, a] of j.actions.entries()) {
      const r = game.handle(state, a.action as Input, i === 0 ? null : rng, ctx);
      if (!r.ok) return { final: false, outcome: null, payouts: {}, events };
      state = r.state;
      events.push(r.events);
      stakesOf(r.effects);
      const settle = r.effects.find((e) => e.type === 'settle');
      if (settle && settle.type === 'settle') return done(settle.outcome, settle.payouts, 0);
      next = r.effects.some((e) => e.type === 'continue') ? { type: 'continue' } : null;
    }
    // The journal ends mid-round: a pending `continue` first, then the clock's defaults.
    for (let n = 1; n <= MAX_DEFAULT_STEPS; n++) {
      const input = next ?? game.clock?.(state) ?? null;
      if (input === null) break;
      const r = game.handle(state, input, rng, ctx);
      if (!r.ok) break;
      state = r.state;
      stakesOf(r.effects);
      const settle = r.effects.find((e) => e.type === 'settle');
      if (settle && settle.type === 'settle') return done(settle.outcome, settle.payouts, n);
      next = r.effects.some((e) => e.type === 'continue') ? { type: 'continue' } : null;
    }
    return { final: false, outcome: null, payouts: {}, events };
  };
}

/** Every table game that can be replayed from its journal, listed here (nothing is found on disk). */
export function casinoReplayers(): Replayers {
  return new Replayers().registerReplayer('slots', slotsReplayer).registerReplayer('roulette', rouletteReplayer).registerReplayer('baccarat', baccaratReplayer)
    .registerReplayer('blackjack', adapterReplayer(blackjackGame)).registerReplayer('holdem', adapterReplayer(holdemGame));
}
