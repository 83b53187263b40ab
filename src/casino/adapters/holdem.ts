// No-Limit Hold'em at a table (2–9 seats). Players buy in to table chips (escrow:<table>/
// <player> in the ledger) when they sit, and cash out when they leave. A hand starts a
// few seconds after two or more players have chips: its blinds and antes are staked from
// the chips first, then (on `continue`) the deck is shuffled from the hand's own seeds.
// Every bet, call or raise moves its chips to escrow before anyone sees what follows;
// the settlement pays each player back the chips the hand leaves them. Hole cards travel
// only in each player's personal `state`, never in a broadcast event.
import * as he from '../../games/holdem/index.ts';
import { ruleError, type RuleError } from '../../games/types.ts';
import type { Rng } from '../../games/rng/types.ts';
import type { JsonObject } from '../../wire/index.ts';
import { AWAY_TURN_MS, type Effect, type GameContext, type Handled, type Stake, type TableConfig, type TableEvent, type SteppedGame } from '../tables/types.ts';
import { z } from 'zod';
import { Amount } from '../tables/actions.ts';

interface State {
  /** chips of each seated player (mirrors their table-chips account) */
  stacks: Record<string, number>;
  /** seat → player, as the table seats them */
  seats: Record<string, string>;
  button: number;
  hand: he.HoldemState | null;
  /** blinds staked, deck not yet shuffled */
  pending: he.HandConfig | null;
  /** chips each player had when the hand started, and what the hand has staked from them */
  startStacks: Record<string, number>;
  staked: Record<string, number>;
}

const zeroRng: Rng = { int: () => 0 };

function limits(cfg: TableConfig) {
  const bb = Number(cfg.options['big_blind'] ?? cfg.minBet);
  const sb = Number(cfg.options['small_blind'] ?? Math.max(1, Math.floor(bb / 2)));
  return {
    bb, sb,
    ante: Number(cfg.options['ante'] ?? 0),
    minBuyIn: Number(cfg.options['min_buy_in'] ?? 20 * bb),
    maxBuyIn: Number(cfg.options['max_buy_in'] ?? Math.min(cfg.maxBet, 100 * bb)),
    delayMs: Number(cfg.options['hand_delay_ms'] ?? 2000),
    turnMs: Number(cfg.options['turn_ms'] ?? 20_000),
  };
}

const publicOnly = (events: he.HoldemEvent[]): TableEvent[] =>
  events.filter((e) => he.eventAudience(e) === null && e.type !== 'hand_ended') as unknown as TableEvent[];

/** Timer for the next hand when at least two seated players have chips and nothing runs. */
function maybeNextHand(s: State, cfg: TableConfig): Effect[] {
  if (s.hand || s.pending) return [];
  const ready = Object.values(s.seats).filter((p) => (s.stacks[p] ?? 0) > 0).length;
  return ready >= 2 ? [{ type: 'timer', name: 'next_hand', ms: limits(cfg).delayMs }] : [];
}

export const holdemGame: SteppedGame<State> = {
  type: 'stepped',
  game: 'holdem',
  rulesVersion: 'nlhe-1',
  init: () => ({ stacks: {}, seats: {}, button: -1, hand: null, pending: null, startStacks: {}, staked: {} }),
  busy: (s) => s.hand !== null || s.pending !== null,
  journalState: true,
  // Blinds staked but no card dealt yet (pending) is refunded; a dealt hand plays on by the clock.
  clock: (s) => (s.hand !== null && s.hand.type !== 'complete' ? { type: 'timer', name: 'turn' } : null),
  actions: {
    ...Object.fromEntries(['fold', 'check', 'call', 'all_in'].map((a) => [a, z.strictObject({})])),
    bet: z.strictObject({ amount: Amount }),
    raise: z.strictObject({ amount: Amount }),
  },

  handle(s, input, rng, ctx): Handled<State> | RuleError {
    const cfg = ctx.config;
    const L = limits(cfg);
    // After an engine step: stake new chips, settle a finished hand, keep the turn clock.
    const after = (hand: he.HoldemState, events: he.HoldemEvent[], stakes: Stake[], first: boolean): Handled<State> => {
      // The hand's first stakes (blinds, antes) were taken by open_round; later ones are added.
      const effects: Effect[] = first ? [] : stakes.map((stake): Effect => ({ type: 'add_stake', stake }));
      const staked = { ...s.staked };
      for (const st of stakes) staked[st.playerId] = (staked[st.playerId] ?? 0) + st.amount;
      effects.push({ type: 'cancel_timer', name: 'turn' });
      if (hand.type !== 'complete') {
        // An away player is not waited for: the clock acts after a short reconnect allowance.
        const toAct = hand.players.find((p) => p.seat === hand.betting.toAct)?.playerId;
        const away = toAct !== undefined && (ctx.away?.has(toAct) ?? false);
        effects.push({ type: 'timer', name: 'turn', ms: away ? Math.min(L.turnMs, AWAY_TURN_MS) : L.turnMs });
        return { ok: true, state: { ...s, hand, pending: null, staked }, events: publicOnly(events), effects };
      }
      // Pay back what leaves each player with the stack the hand says (returned bets included).
      const payouts: Record<string, number> = {};
      const stacks = { ...s.stacks };
      for (const r of hand.result.results) {
        // Only players who put chips in are in the round; the others leave as they came.
        if ((staked[r.player_id] ?? 0) > 0) payouts[r.player_id] = r.stack - (s.startStacks[r.player_id]! - staked[r.player_id]!);
        stacks[r.player_id] = r.stack;
      }
      const next: State = { ...s, stacks, hand: null, pending: null, startStacks: {}, staked: {} };
      // The board and shown hands go out with their openings; nothing else of the deck ever does.
      const { commitment, board, board_openings, pots, shown } = hand.result;
      effects.push({ type: 'settle', outcome: { commitment, board, board_openings, pots, shown } as unknown as JsonObject, payouts });
      return { ok: true, state: next, events: publicOnly(events), effects: [...effects, ...maybeNextHand(next, cfg)] };
    };

    switch (input.type) {
      case 'seated': {
        const buy = input.buyIn ?? (input.chips > 0 ? 0 : Math.min(L.maxBuyIn, Math.max(L.minBuyIn, 50 * L.bb)));
        if (!Number.isSafeInteger(buy) || buy < 0) return ruleError('invalid_payload', 'buy_in must be a whole amount');
        if (input.chips + buy < L.minBuyIn) return ruleError('below_min', `the buy-in is at least ${L.minBuyIn}`);
        // Chips already here (a stack that outgrew the maximum, left by a crash) are the player's:
        // they sit with all of them. The maximum caps only what is bought on top.
        if (buy > 0 && input.chips + buy > L.maxBuyIn) return ruleError('above_max', `the buy-in is at most ${L.maxBuyIn}`);
        const next: State = {
          ...s,
          stacks: { ...s.stacks, [input.seat.playerId]: input.chips + buy },
          seats: { ...s.seats, [input.seat.seat]: input.seat.playerId },
        };
        const effects: Effect[] = buy > 0 ? [{ type: 'buy_in', playerId: input.seat.playerId, amount: buy }] : [];
        return { ok: true, state: next, events: [{ type: 'bought_in', seat: input.seat.seat, player_id: input.seat.playerId, stack: input.chips + buy }], effects: [...effects, ...maybeNextHand(next, cfg)] };
      }
      case 'unseated': {
        const seats = { ...s.seats };
        delete seats[input.seat.seat];
        const stacks = { ...s.stacks };
        delete stacks[input.seat.playerId];
        return { ok: true, state: { ...s, seats, stacks }, events: [], effects: [{ type: 'cash_out', playerId: input.seat.playerId }] };
      }
      case 'timer': {
        if (input.name === 'turn' && s.hand && s.hand.type !== 'complete') {
          const r = he.act(s.hand, { type: 'timeout', seat: s.hand.betting.toAct });
          if (!r.ok) return r;
          return after(r.state, r.events, [], false);
        }
        if (input.name !== 'next_hand' || s.hand || s.pending) return { ok: true, state: s, events: [], effects: [] };
        // Away players sit out: they are not dealt in until they come back.
        const seats: he.HandConfig['seats'] = Array.from({ length: cfg.seats }, (_, i) => {
          const p = s.seats[i];
          return p !== undefined && (s.stacks[p] ?? 0) > 0 && !ctx.away?.has(p) ? { seat: i, playerId: p, stack: s.stacks[p]! } : null;
        });
        // Too few players here: look again after the delay while away players may return
        // (their grace unseats them otherwise, and then the timer stops).
        if (seats.filter(Boolean).length < 2) return { ok: true, state: s, events: [], effects: maybeNextHand(s, cfg) };
        const config: he.HandConfig = { seats, button: he.nextButton(seats, s.button), smallBlind: L.sb, bigBlind: L.bb, ante: L.ante };
        // The postings do not depend on the deck: learn them from a dry run, stake them, then deal for real.
        const dry = he.newHand(config, zeroRng);
        if (!dry.ok) return dry;
        const posted: Record<string, number> = {};
        for (const p of dry.state.players) if (p.total > 0) posted[p.playerId] = p.total;
        const stakes: Stake[] = Object.entries(posted).map(([playerId, amount]) => ({ playerId, amount, bet: { blinds: amount }, fromChips: true }));
        const startStacks = Object.fromEntries(dry.state.players.map((p) => [p.playerId, p.stack + p.total]));
        return {
          ok: true,
          state: { ...s, pending: config, startStacks, staked: {}, button: dry.state.button },
          events: [],
          effects: [{ type: 'open_round', stakes }, { type: 'continue' }],
        };
      }
      case 'continue': {
        if (!s.pending || !rng) return ruleError('invalid_action', 'no hand to deal');
        const r = he.newHand(s.pending, rng);
        if (!r.ok) return r;
        const stakes = r.state.players.filter((p) => p.total > 0).map((p) => ({ playerId: p.playerId, amount: p.total, bet: {}, fromChips: true }));
        return after(r.state, r.events, stakes, true);
      }
      case 'act': {
        if (input.seat === null) return ruleError('not_seated', 'take a seat to play');
        if (!s.hand || s.hand.type === 'complete') return ruleError('invalid_action', 'no hand is being played');
        const action = he.parseAction(input.seat, input.payload);
        if ('ok' in action) return action;
        const before = s.hand.players.find((p) => p.seat === input.seat)?.total ?? 0;
        const r = he.act(s.hand, action);
        if (!r.ok) return r;
        const now = r.state.players.find((p) => p.seat === input.seat)?.total ?? 0;
        const stakes: Stake[] = now > before ? [{ playerId: input.playerId, amount: now - before, bet: { [action.type]: now - before }, fromChips: true }] : [];
        return after(r.state, r.events, stakes, false);
      }
    }
  },

  view(s, viewer, _ctx: GameContext): JsonObject {
    const seat = viewer === null ? null : Number(Object.entries(s.seats).find(([, p]) => p === viewer)?.[0] ?? NaN);
    return {
      stacks: s.stacks,
      button: s.button,
      hand: s.hand ? (he.view(s.hand, seat !== null && Number.isInteger(seat) ? seat : null) as unknown as JsonObject) : null,
      dealing: s.pending !== null,
    };
  },
};
